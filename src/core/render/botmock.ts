/**
 * Botmock messages → Botpress message payloads (Botmock text is plain: it is escaped, never markdown), so a board is
 * drawn by the same renderer as a live chat: text with its buttons or quick replies as a choice, images, cards and
 * carousels, locations, web views as cards, audio as a player. A block of a type this does not know is kept as its JSON.
 */
import type { Block, Button, Card, Message } from '../botmock/model';
import { parseSegments } from '../botmock/normalize';
import { escapeMarkdown } from './markdown';
import { el, type RElement, type RNode } from './model';

export interface Bubble {
  readonly id: string;
  readonly side: 'user' | 'bot';
  /** A Botpress message payload (`{ type: 'text', … }`, …), or `{ type: 'botmock:<type>', block }`. */
  readonly payload: unknown;
  readonly raw: unknown;
}

/**
 * The bubbles of one board message: one per block of its first locale and channel. A message with no
 * content (a start point) has none: the board view names it in its breadcrumb instead.
 */
export function messageBubbles(message: Message): Bubble[] {
  const side = message.fromUser ? 'user' : 'bot';
  return message.blocks.flatMap((block, n) => {
    const payload = blockPayload(block);
    if (payload === undefined) return [];
    const user = block.type === 'user_reply' || block.raw.is_user_reply === true;
    return [{ id: `${message.id}/${n}`, side: user ? 'user' : side, payload: withAudio(payload, block), raw: block.raw }];
  });
}

/** The payload of one block; undefined for a text block with nothing to say (a start point). */
function blockPayload(block: Block): unknown {
  const replies = [...block.buttons, ...block.quickReplies];
  switch (block.type) {
    case 'text':
    case 'user_reply':
    case 'button':
    case 'quick_replies':
    case 'suggestion_chips':
      if (!block.text && !replies.length) return block.audioUrl ? { type: 'text', text: '' } : undefined;
      return textWithReplies(block, replies);
    case 'image':
      if (!block.imageUrl) break;
      return replies.length
        ? { type: 'card', title: block.text ?? '', imageUrl: block.imageUrl, actions: replies.map(cardAction) }
        : { type: 'image', imageUrl: block.imageUrl, title: block.text ?? str(block.raw.title) ?? str(block.raw.alt) };
    case 'generic':
    case 'carousel':
    case 'list':
      if (!block.elements.length) break;
      return { type: 'carousel', items: block.elements.map(card) };
    case 'card':
      return block.elements.length === 1
        ? card(block.elements[0])
        : { type: 'card', title: block.text ?? str(block.raw.title) ?? '', imageUrl: block.imageUrl, actions: replies.map(cardAction) };
    case 'location': {
      const latitude = num(block.raw.latitude ?? block.raw.lat);
      const longitude = num(block.raw.longitude ?? block.raw.lng ?? block.raw.long);
      const address = str(block.raw.address);
      const title = str(block.raw.title);
      if (!address && !title && latitude === undefined) break;
      return { type: 'location', title, address, latitude, longitude };
    }
    case 'webview': {
      const url = str(block.raw.url);
      const title = str(block.raw.title) ?? 'Web view';
      return {
        type: 'card',
        title,
        subtitle: 'web view',
        imageUrl: block.imageUrl,
        actions: url ? [{ action: 'url', label: 'Open', value: url }] : [],
      };
    }
    case 'typing_indicator':
      return { type: 'text', text: '_(typing…)_' };
  }
  return { type: `botmock:${block.type}`, block: block.raw };
}

function textWithReplies(block: Block, replies: readonly Button[]): unknown {
  const text = [escapeMarkdown(block.text ?? ''), ...block.alternates.map((a) => `_or:_ ${escapeMarkdown(a)}`)].join('\n\n');
  if (!replies.length) return { type: 'text', text };
  if (replies.some((b) => b.url)) return { type: 'card', title: block.text ?? '', actions: replies.map(cardAction) };
  return { type: 'choice', text, options: replies.map((b) => ({ label: b.title, value: b.payload ?? b.title })) };
}

function card(c: Card): unknown {
  const actions = c.buttons.map(cardAction);
  if (c.url) actions.push({ action: 'url', label: 'Open', value: c.url });
  return { type: 'card', title: c.title, subtitle: c.subtitle, imageUrl: c.imageUrl, actions };
}

function cardAction(b: Button): { action: 'url' | 'postback'; label: string; value: string } {
  return b.url ? { action: 'url', label: b.title, value: b.url } : { action: 'postback', label: b.title, value: b.payload ?? b.title };
}

/** A block with a voice recording plays it under its content. */
function withAudio(payload: unknown, block: Block): unknown {
  return block.audioUrl ? { type: 'bloc', items: [payload, { type: 'audio', audioUrl: block.audioUrl }] } : payload;
}

/**
 * What a message says, in a few words, for breadcrumbs and graph nodes: its first text, else the
 * title of what it shows (a card, a location), else whether it is an image or a recording; '' otherwise.
 */
export function messageSummary(message: Message, max = 40): string {
  for (const block of message.blocks) {
    const said = block.text ?? block.title ?? block.elements[0]?.title ?? block.address;
    if (said?.trim()) return shorten(said, max);
  }
  if (message.blocks.some((b) => b.imageUrl)) return 'an image';
  if (message.blocks.some((b) => b.audioUrl)) return 'a recording';
  return '';
}

/** A text on one line, cut at `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/**
 * The render tree with every `%variable%` in its text shown as a chip, as the intents glossary shows
 * slots. Code stays as written.
 */
export function withVariableChips(node: RElement): RElement {
  if (node.tag === 'code' || node.tag === 'pre' || !node.children) return node;
  const children: RNode[] = [];
  for (const child of node.children) {
    if (typeof child !== 'string') {
      children.push(withVariableChips(child));
      continue;
    }
    for (const segment of parseSegments(child)) {
      children.push(
        segment.kind === 'slot'
          ? el('span', { className: 'slot', attrs: { title: `Variable ${segment.name}` } }, segment.text)
          : segment.text,
      );
    }
  }
  return { ...node, children };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
