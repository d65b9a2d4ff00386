/**
 * The render model: a small, DOM-agnostic tree that the webview turns into elements with
 * createElement/textContent. Only the tags and attributes listed here can ever reach the DOM; strings
 * are always text, never markup.
 */

export const TAGS = [
  'div',
  'span',
  'p',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'a',
  'img',
  'audio',
  'video',
  'ul',
  'ol',
  'li',
  'button',
  'select',
  'option',
  'h3',
  'h4',
  'h5',
  'blockquote',
  'br',
  'hr',
] as const;
export type Tag = (typeof TAGS)[number];

/** `src` is only ever set from {@link safeMediaUrl}; the DOM builder checks it again. */
export const ATTRS = ['src', 'alt', 'title', 'controls', 'disabled', 'start', 'value', 'aria-label'] as const;
export type Attr = (typeof ATTRS)[number];

/** What a click does: send a reply to the bot, or ask the host to open a link (after confirmation). */
export type Action =
  { readonly kind: 'send'; readonly text: string; readonly value: string } | { readonly kind: 'link'; readonly url: string };

export interface RElement {
  readonly tag: Tag;
  readonly className?: string;
  readonly attrs?: Partial<Record<Attr, string>>;
  readonly action?: Action;
  readonly children?: readonly RNode[];
}
export type RNode = string | RElement;

export function el(
  tag: Tag,
  props: Omit<RElement, 'tag' | 'children'> | null,
  ...children: readonly (RNode | readonly RNode[] | null | undefined | false)[]
): RElement {
  const flat: RNode[] = [];
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c))
      for (const n of c as RNode[]) flat.push(n); // no spread: a huge list would overflow the stack
    else flat.push(c as RNode);
  }
  return { tag, ...(props ?? {}), ...(flat.length ? { children: flat } : {}) };
}

/** The plain text of a tree (used by tests and for accessible labels). */
export function textOf(node: RNode): string {
  if (typeof node === 'string') return node;
  return (node.children ?? []).map(textOf).join('');
}

/** Every element of a tree, depth first. */
export function* walk(node: RNode): Generator<RElement> {
  if (typeof node === 'string') return;
  yield node;
  for (const c of node.children ?? []) yield* walk(c);
}
