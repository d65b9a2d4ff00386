import { describeChanges, type Change, type UpdatePlan } from './plan';
import { formatBytes } from './fields';
import type { BodyShape } from './shape';
import { isSecretReference, redactBot, type IntegrationSchemas } from './secrets';
import { yaml } from '../../libraries';

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Singular and plural of what each map of a body holds; other maps are named after their key. */
const entryNames: Record<string, [string, string]> = {
  tags: ['bot tag', 'bot tags'],
  'user.tags': ['user tag', 'user tags'],
  'conversation.tags': ['conversation tag', 'conversation tags'],
  'message.tags': ['message tag', 'message tags'],
  recurringEvents: ['recurring event', 'recurring events'],
  entities: ['entity', 'entities'],
};

function entryName(section: string, count: number): string {
  const [one, many] = entryNames[section] ?? [section.replace(/s$/, ''), section];
  return `${count} ${count === 1 ? one : many}`;
}

/** What a deploy deletes remotely: how many entries in all, and per kind ("2 integrations, 1 state"). */
export interface Deletions {
  total: number;
  /** E.g. "2 integrations, 1 state and 1 user tag"; empty when nothing is deleted. */
  summary: string;
}

export function deletions(changes: Change[]): Deletions {
  const counts = new Map<string, number>();
  for (const change of changes) {
    if (change.kind !== 'removed') continue;
    const section = change.path.slice(0, -1).join('.') || change.path[0];
    counts.set(section, (counts.get(section) ?? 0) + 1);
  }
  const parts = [...counts].map(([section, count]) => entryName(section, count));
  const summary = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
  return { total: [...counts.values()].reduce((a, b) => a + b, 0), summary };
}

/**
 * The remote resource in the terms of the body sent: only the keys the body sends, and inside them only
 * what the request declares (ids, status and dates of the resource left out). An entry of a map that the
 * body sends too is merged by the service, so only the keys the body's entry sets are shown of it.
 */
function asBody(shape: BodyShape, remote: unknown, local: unknown, keys?: Set<string>): unknown {
  if (Array.isArray(remote)) return remote.map((v) => asBody({}, v, undefined));
  if (!isDict(remote)) return remote;
  const out: Dict = {};
  for (const [key, value] of Object.entries(remote)) {
    if (keys && !keys.has(key)) continue;
    const inner = shape.entries ?? shape.properties?.[key] ?? (shape.properties ? undefined : {});
    if (!inner || value === undefined) continue;
    const mine = isDict(local) ? local[key] : undefined;
    out[key] = asBody(inner, value, mine, shape.entries && isDict(mine) ? new Set(Object.keys(mine)) : undefined);
  }
  return out;
}

const toYaml = (value: unknown) => yaml().stringify(value, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });

/**
 * The two sides of a deploy's diff, as YAML with sorted keys: the remote resource as a body (empty for a
 * new one), and the body the deploy sends (removed entries as null). Code and files are left out.
 */
export function previewDiff(shape: BodyShape, plan: UpdatePlan, remote: Dict | undefined): { remote: string; local: string } {
  const sides = diffSides(shape, plan, remote);
  return { remote: sides.remote ? toYaml(sides.remote) : NEW_RESOURCE, local: toYaml(sides.local) };
}

const NEW_RESOURCE = '# A new resource: nothing deployed yet.\n';

function diffSides(shape: BodyShape, plan: UpdatePlan, remote: Dict | undefined): { remote?: Dict; local: Dict } {
  const local = Object.fromEntries(Object.entries(plan.body).filter(([key]) => shape.properties?.[key]));
  return { remote: remote && (asBody(shape, remote, local, new Set(Object.keys(local))) as Dict), local };
}

/**
 * A bot deploy's diff (see `previewDiff`) with the secrets of its configurations redacted on both sides,
 * as a pulled file has them (`$secret: keep`, see `redactBot`); a secret the deploy changes reads
 * `$secret: changed` on the side sent, so the diff still shows that it changes, never what to.
 */
export function previewBotDiff(
  shape: BodyShape,
  plan: UpdatePlan,
  remote: Dict | undefined,
  schemas: IntegrationSchemas = {},
): { remote: string; local: string } {
  const sides = diffSides(shape, plan, remote);
  const local = markChanged(redactBot(sides.local, schemas), sides.local, sides.remote);
  return { remote: sides.remote ? toYaml(redactBot(sides.remote, schemas)) : NEW_RESOURCE, local: toYaml(local) };
}

/** `redacted` with each secret whose value in `sent` differs from the one in `before` marked changed. */
function markChanged(redacted: unknown, sent: unknown, before: unknown): unknown {
  if (isSecretReference(redacted))
    return isSecretReference(sent) || JSON.stringify(sent) === JSON.stringify(before) ? redacted : { $secret: 'changed' };
  if (!isDict(redacted)) return redacted;
  const at = (v: unknown, k: string) => (isDict(v) ? v[k] : undefined);
  return Object.fromEntries(Object.entries(redacted).map(([k, v]) => [k, markChanged(v, at(sent, k), at(before, k))]));
}

/** What the deploy preview says of one deploy, besides its question. */
export interface PreviewSummary {
  production: boolean;
  plan: UpdatePlan;
  /** Bundled code: its size and entry point. */
  code?: { bytes: number; entry: unknown };
  /** One line per file sent besides the code (an integration's readme and icon). */
  files?: string[];
  /** A bot's tables, one line per table (`describeTableChanges`), synced after the bot deployed. */
  tables?: string[];
  /** Whether syncing the tables loses column values (asked again, in its own modal, before they are updated). */
  tablesLoseData?: boolean;
}

/**
 * The preview's text: the changes to the definition, code, files and tables; what it deletes; a production
 * bot's warning. `preview` false (the setting is off): only the production warning.
 */
export function previewDetail(input: PreviewSummary, preview: boolean): string {
  const removed = deletions(input.plan.changes);
  const changes = describeChanges(input.plan.changes);
  const code = input.code && `Code: ${formatBytes(input.code.bytes)}, bundled from ${String(input.code.entry)}.`;
  const tables = input.tables?.length
    ? [
        `Tables, synced after the bot deploys:\n${input.tables.map((l) => `  ${l}`).join('\n')}`,
        input.tablesLoseData && 'Some column values would be lost: you are asked again before the tables are updated.',
      ]
    : [];
  const paragraphs = [
    preview &&
      [
        ...(changes.length ? changes : ['No change to the definition.']),
        ...(input.plan.notes ?? []),
        ...(code ? [code] : []),
        ...(input.files ?? []),
      ].join('\n'),
    ...(preview ? tables : []),
    preview &&
      removed.total > 0 &&
      `Deletes ${removed.summary} remotely: ${removed.total === 1 ? 'it is' : 'they are'} not in the file any more (marked −).`,
    input.production && 'This is a production bot: your users talk to it now.',
  ];
  return paragraphs.filter(Boolean).join('\n\n');
}
