/** Small text helpers for tree labels. No `vscode` here. */
import type { RNode } from '../../core/render/model';
import { renderPayload } from '../../core/render/payload';

const units: [number, string][] = [
  [365 * 24 * 3600_000, 'year'],
  [30 * 24 * 3600_000, 'month'],
  [7 * 24 * 3600_000, 'week'],
  [24 * 3600_000, 'day'],
  [3600_000, 'hour'],
  [60_000, 'minute'],
];

/** "just now", "5 minutes ago", "in 2 days"; undefined for a missing or invalid date. */
export function relativeTime(iso: string | undefined, now: number = Date.now()): string | undefined {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) return undefined;
  const diff = now - time;
  const abs = Math.abs(diff);
  const unit = units.find(([ms]) => abs >= ms);
  if (!unit) return 'just now';
  const n = Math.floor(abs / unit[0]);
  const text = `${n} ${unit[1]}${n === 1 ? '' : 's'}`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** The line under a bot's name: dev badge and when it was last deployed. */
export function botDescription(bot: { deployedAt?: string }, dev: boolean, now: number = Date.now()): string {
  const deployed = relativeTime(bot.deployedAt, now);
  return [dev ? 'dev' : undefined, deployed ? `deployed ${deployed}` : 'never deployed'].filter(Boolean).join(' · ');
}

const inline = new Set(['a', 'code', 'span', 'strong', 'em']);

/** The words of a render tree, blocks (paragraphs, items, buttons) apart. */
function words(node: RNode): string {
  if (typeof node === 'string') return node;
  const inner = (node.children ?? []).map(words).join('');
  return inline.has(node.tag) ? inner : ` ${inner} `;
}

/** A message's payload as a line of text: its words (markdown flattened), else its type in brackets. */
export function messagePreview(payload: unknown, max = 60): string {
  const rendered = renderPayload(payload, { interactive: false });
  const text = rendered.className === 'payload payload-json' ? '' : words(rendered).replace(/\s+/g, ' ').trim();
  const type =
    typeof payload === 'object' && payload !== null && typeof (payload as { type?: unknown }).type === 'string'
      ? (payload as { type: string }).type
      : 'message';
  if (!text) return `[${type}]`;
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : max)}…`;
}

/** What tells one conversation from another: who talks, what was said last, and when. */
export interface ConversationSummary {
  id: string;
  integration: string;
  channel: string;
  createdAt: string;
  updatedAt: string;
  /** `test`: a conversation test's user (see `isTestUser`). */
  user?: { id: string; name?: string; test?: boolean };
  last?: { payload: unknown; createdAt: string; direction?: string };
}

export function conversationRow(c: ConversationSummary, now: number = Date.now()): { label: string; description: string; tooltip: string } {
  const who = c.user ? c.user.name || c.user.id : `${c.integration} · ${c.channel}`;
  const said = c.last && `${c.last.direction === 'outgoing' ? 'bot: ' : ''}${messagePreview(c.last.payload)}`;
  const when = relativeTime(c.last?.createdAt ?? c.updatedAt, now) ?? '?';
  const tooltip = [
    `Conversation ${c.id}`,
    c.user && `with ${c.user.name ? `${c.user.name} (${c.user.id})` : c.user.id}`,
    `${c.integration} / ${c.channel}`,
    said && `last message: ${said}`,
    `created ${c.createdAt}`,
    `updated ${c.updatedAt}`,
  ];
  return { label: who, description: [said, when].filter(Boolean).join(' · '), tooltip: tooltip.filter(Boolean).join('\n') };
}
