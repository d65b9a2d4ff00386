import type { DomEvent } from '../../../media/chat/dom';

/** A tiny document for unit tests of the DOM builder: elements, attributes, text and listeners. */
export class FakeNode {
  readonly childNodes: FakeNode[] = [];
  constructor(readonly text?: string) {}
  appendChild(child: FakeNode): FakeNode {
    this.childNodes.push(child);
    return child;
  }
  get textContent(): string {
    return this.text ?? this.childNodes.map((c) => c.textContent).join('');
  }
}

export class FakeElement extends FakeNode {
  className = '';
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, ((e: DomEvent) => void)[]>();
  constructor(readonly tagName: string) {
    super();
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  addEventListener(type: string, fn: (e: DomEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  replacedBy?: FakeNode;
  replaceWith(node: FakeNode): void {
    this.replacedBy = node;
  }
  dispatch(type: string, event: Partial<DomEvent> = {}): void {
    for (const fn of this.listeners.get(type) ?? []) fn({ preventDefault() {}, stopPropagation() {}, ...event });
  }
  /** Depth-first elements below this one. */
  all(): FakeElement[] {
    return this.childNodes.flatMap((c) => (c instanceof FakeElement ? [c, ...c.all()] : []));
  }
}

export const fakeDocument = {
  createElement: (tag: string) => new FakeElement(tag.toUpperCase()),
  createTextNode: (text: string) => new FakeNode(text),
};
