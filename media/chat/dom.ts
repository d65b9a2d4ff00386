/**
 * Render model → DOM, with createElement and text nodes only. The tag and attribute allow-lists and
 * the media URL rule are enforced here again, so nothing outside them reaches the page whatever the
 * model holds. Clicks on elements with an action are handed to `onAction`.
 *
 * Typed against the few DOM members it uses, so unit tests run it on a tiny fake document in node.
 */
import { ATTRS, TAGS, type Action, type RNode } from '../../src/core/render/model';
import { safeMediaUrl } from '../../src/core/render/url';

const allowedTags = new Set<string>(TAGS);
const allowedAttrs = new Set<string>(ATTRS);

export interface DomEvent {
  readonly key?: string;
  preventDefault(): void;
  stopPropagation(): void;
}
export interface DomElement {
  className: string;
  setAttribute(name: string, value: string): void;
  appendChild(child: never): unknown;
  addEventListener(type: string, listener: (event: DomEvent) => void): void;
  replaceWith?(node: never): void;
}
export interface DomDocument<E extends DomElement = DomElement, T = unknown> {
  createElement(tag: string): E;
  createTextNode(text: string): T;
}

interface SelectLike {
  readonly selectedIndex: number;
  readonly options: ArrayLike<unknown>;
}

export function toDom<E extends DomElement, T>(node: RNode, doc: DomDocument<E, T>, onAction: (action: Action) => void): E | T {
  if (typeof node === 'string') return doc.createTextNode(node);
  const tag = allowedTags.has(node.tag) ? node.tag : 'span';
  const element = doc.createElement(tag);
  if (node.className) element.className = node.className;
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (!allowedAttrs.has(name) || typeof value !== 'string') continue;
    if (name === 'src') {
      const src = safeMediaUrl(value);
      if (src) element.setAttribute('src', src);
    } else element.setAttribute(name, value);
  }
  if (tag === 'img') {
    // An image that does not load says what it was (its alt text), instead of a broken icon.
    const alt = typeof node.attrs?.alt === 'string' && node.attrs.alt ? node.attrs.alt : 'image';
    element.addEventListener('error', () => {
      const note = doc.createElement('span');
      note.className = 'media-fallback';
      note.setAttribute('title', 'The image did not load');
      note.appendChild(doc.createTextNode(`🖼 ${alt}`) as never);
      element.replaceWith?.(note as never);
    });
  }
  const choices: (Action | undefined)[] = [];
  for (const child of node.children ?? []) {
    element.appendChild(toDom(child, doc, onAction) as never);
    if (tag === 'select') choices.push(typeof child === 'string' ? undefined : child.action);
  }
  if (tag === 'select') {
    element.addEventListener('change', () => {
      const chosen = choices[(element as unknown as SelectLike).selectedIndex];
      if (chosen) onAction(chosen);
    });
  } else if (node.action && tag !== 'option') {
    const action = node.action;
    if (tag === 'a') {
      element.setAttribute('role', 'link');
      element.setAttribute('tabindex', '0');
      element.addEventListener('keydown', (e: DomEvent) => {
        if (e.key === 'Enter') onAction(action);
      });
    }
    element.addEventListener('click', (e: DomEvent) => {
      e.preventDefault();
      e.stopPropagation();
      onAction(action);
    });
  }
  return element;
}
