import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toDom } from '../../../media/chat/dom';
import type { Action, RElement } from '../../../src/core/render/model';
import { renderPayload } from '../../../src/core/render/payload';
import { FakeElement, fakeDocument } from './fake-dom';

const build = (node: RElement, onAction: (a: Action) => void = () => {}) => toDom(node, fakeDocument, onAction) as FakeElement;

test('strings become text nodes, never markup', () => {
  const root = build(renderPayload({ type: 'text', text: '<img src=x onerror=alert(1)><script>alert(2)</script>' }, { interactive: true }));
  assert.deepEqual(
    root.all().map((e) => e.tagName),
    ['DIV', 'P'],
  );
  assert.equal(root.textContent, '<img src=x onerror=alert(1)><script>alert(2)</script>');
});

test('tags and attributes outside the allow-lists, and unsafe src, never reach the DOM', () => {
  const hostile = {
    tag: 'script',
    attrs: { onerror: 'alert(1)', src: 'javascript:alert(1)', style: 'x', title: 'ok' },
    children: [{ tag: 'img', attrs: { src: 'http://plain.example/x.png', onload: 'alert(1)' } }, { tag: 'iframe' }],
  } as unknown as RElement;
  const root = build(hostile);
  assert.deepEqual([root.tagName, ...root.all().map((e) => e.tagName)], ['SPAN', 'IMG', 'SPAN']);
  assert.deepEqual([...root.attributes], [['title', 'ok']]);
  assert.deepEqual([...(root.childNodes[0] as FakeElement).attributes], []);
  const ok = build({ tag: 'img', attrs: { src: 'https://x.test/a.png' } });
  assert.equal(ok.attributes.get('src'), 'https://x.test/a.png');
});

test('clicks and dropdown changes run the element action', () => {
  const seen: Action[] = [];
  const choice = build(renderPayload({ type: 'choice', text: 'Pick', options: [{ label: 'A', value: 'a' }] }, { interactive: true }), (a) =>
    seen.push(a),
  );
  choice
    .all()
    .find((e) => e.tagName === 'BUTTON')!
    .dispatch('click');
  const link = build({ tag: 'a', action: { kind: 'link', url: 'https://x.test/' }, children: ['x'] }, (a) => seen.push(a));
  link.dispatch('keydown', { key: 'Enter' });
  const dropdown = build(
    renderPayload({ type: 'dropdown', text: 'Pick', options: [{ label: 'B', value: 'b' }] }, { interactive: true }),
    (a) => seen.push(a),
  );
  const select = dropdown.all().find((e) => e.tagName === 'SELECT')! as FakeElement & { selectedIndex: number };
  select.selectedIndex = 1;
  select.dispatch('change');
  assert.deepEqual(seen, [
    { kind: 'send', text: 'A', value: 'a' },
    { kind: 'link', url: 'https://x.test/' },
    { kind: 'send', text: 'B', value: 'b' },
  ]);
});

test('an image that does not load is replaced by its alt text', () => {
  const root = build(renderPayload({ type: 'image', imageUrl: 'https://x.test/gone.png', title: 'Welcome banner' }, { interactive: true }));
  const img = root.all().find((e) => e.tagName === 'IMG')!;
  img.dispatch('error');
  assert.equal(img.replacedBy?.textContent, '🖼 Welcome banner');
});
