/**
 * What the Botmock tree shows for each resource: labels, descriptions and tooltips as plain text (no
 * `vscode` import, so plain node tests cover them). Remote text is never treated as markup.
 */
import { slotRanges, type Entity, type EntityValue, type Intent, type Project, type Utterance, type Variable } from '../../core/botmock';

/** A label with ranges to highlight, as vscode.TreeItemLabel takes it. */
export interface HighlightedLabel {
  label: string;
  highlights: [number, number][];
}

/** `flow · facebook`, `mock · generic · en, fr` */
export function projectDescription(p: Project): string {
  const locales = p.locales.length > 1 || (p.locales.length === 1 && p.locales[0] !== 'en') ? p.locales.join(', ') : '';
  return [p.type || 'unknown type', p.platform, locales].filter(Boolean).join(' · ');
}

export function projectTooltip(p: Project): string {
  return lines([
    p.name || '(unnamed project)',
    `Type: ${p.type || 'unknown'}${p.platform ? ` · platform ${p.platform}` : ''}`,
    p.channels.length ? `Channels: ${p.channels.join(', ')}` : undefined,
    p.locales.length ? `Locales: ${p.locales.join(', ')}` : undefined,
    p.updatedAt ? `Updated ${day(p.updatedAt)}` : undefined,
    `Id: ${p.id}`,
    ...p.problems.map((x) => `⚠ ${x}`),
  ]);
}

/** An utterance with its `%variable%` slots highlighted; an empty one says so. */
export function utteranceLabel(u: Utterance): HighlightedLabel {
  return u.text ? { label: u.text, highlights: slotRanges(u.segments) } : { label: '(empty utterance)', highlights: [] };
}

export function utteranceTooltip(u: Utterance): string {
  const slots = u.segments.flatMap((s) => (s.kind === 'slot' ? [`${s.text}${s.entityId ? ` (entity ${s.entityId})` : ''}`] : []));
  return lines([u.text, u.locale ? `Locale: ${u.locale}` : undefined, slots.length ? `Slots: ${slots.join(', ')}` : undefined]);
}

export function intentDescription(i: Intent): string {
  const n = i.utterances.length;
  return [`${n} utterance${n === 1 ? '' : 's'}`, i.isGlobal ? 'global' : undefined].filter(Boolean).join(' · ');
}

export function entityDescription(e: Entity): string {
  const n = e.values.length;
  return `${n} value${n === 1 ? '' : 's'}`;
}

export function entityValueDescription(v: EntityValue): string {
  return v.synonyms.length ? v.synonyms.join(', ') : 'no synonyms';
}

export function variableDescription(v: Variable): string {
  return [v.type || 'untyped', v.defaultValue ? `default "${v.defaultValue}"` : undefined].filter(Boolean).join(' · ');
}

/** Several locales: each utterance or value shows its own. */
export const showsLocale = (items: readonly { locale?: string }[]): boolean => new Set(items.map((i) => i.locale)).size > 1;

/** A tooltip for any resource: its name, id, extra lines, and what was wrong with its data. */
export function resourceTooltip(r: { name: string; id: string; problems: string[] }, ...extra: (string | undefined)[]): string {
  return lines([r.name || '(unnamed)', ...extra, r.id ? `Id: ${r.id}` : undefined, ...r.problems.map((x) => `⚠ ${x}`)]);
}

const lines = (parts: (string | undefined)[]) => parts.filter((p): p is string => !!p).join('\n');
const day = (iso: string) => iso.slice(0, 10);
