import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textOf, walk, type Action, type RElement } from '../../../src/core/render/model';
import { renderPayload } from '../../../src/core/render/payload';
import { safeMediaUrl } from '../../../src/core/render/url';
import { payloadExamples } from '../../../src/emulator/payloads';

const live = { interactive: true };
const readOnly = { interactive: false };
const elements = (root: RElement) => [...walk(root)];
const byTag = (root: RElement, tag: string) => elements(root).filter((e) => e.tag === tag);
const actions = (root: RElement): Action[] => elements(root).flatMap((e) => (e.action ? [e.action] : []));
const isJson = (root: RElement) => root.className === 'payload payload-json';

test('text and markdown go through the markdown subset', () => {
  const text = renderPayload({ type: 'text', text: 'Hello **there**' }, live);
  assert.equal(text.className, 'payload payload-text');
  assert.equal(byTag(text, 'strong').length, 1);
  const md = renderPayload({ type: 'markdown', markdown: '- one\n- two' }, live);
  assert.equal(byTag(md, 'li').length, 2);
});

test('image, audio, video from https and data URLs; others blocked and shown as text', () => {
  const img = renderPayload({ type: 'image', imageUrl: 'https://x.test/a.png' }, live);
  assert.equal(byTag(img, 'img')[0].attrs?.src, 'https://x.test/a.png');
  const audio = renderPayload({ type: 'audio', audioUrl: 'data:audio/mpeg;base64,AAAA' }, live);
  assert.equal(byTag(audio, 'audio')[0].attrs?.src, 'data:audio/mpeg;base64,AAAA');
  const video = renderPayload({ type: 'video', videoUrl: 'https://x.test/v.mp4' }, live);
  assert.equal(byTag(video, 'video')[0].attrs?.controls, '');
  const blocked = renderPayload({ type: 'image', imageUrl: 'javascript:alert(1)' }, live);
  assert.equal(byTag(blocked, 'img').length, 0);
  assert.match(textOf(blocked), /not loaded.*javascript:alert\(1\)/);
  const http = renderPayload({ type: 'video', videoUrl: 'http://x.test/v.mp4' }, live);
  assert.equal(byTag(http, 'video').length, 0);
});

test('file and location are links opened by the host', () => {
  const file = renderPayload({ type: 'file', fileUrl: 'https://x.test/files/report.pdf?sig=1' }, live);
  assert.equal(textOf(file).includes('report.pdf'), true);
  assert.deepEqual(actions(file), [{ kind: 'link', url: 'https://x.test/files/report.pdf?sig=1' }]);
  const loc = renderPayload({ type: 'location', latitude: 45.4, longitude: -75.7, title: 'Office', address: '1 Main St' }, live);
  assert.match(textOf(loc), /Office.*1 Main St.*45.4, -75.7/);
  const link = actions(loc)[0];
  assert.equal(link.kind === 'link' && link.url.startsWith('https://www.openstreetmap.org/?mlat=45.4&mlon=-75.7'), true);
});

test('card and carousel: postback and say send, url opens a link', () => {
  const card = {
    type: 'card',
    title: 'Plan',
    subtitle: 'Pro',
    imageUrl: 'https://x.test/p.png',
    actions: [
      { action: 'postback', label: 'Buy', value: 'BUY_PRO' },
      { action: 'say', label: 'Tell me more', value: 'more' },
      { action: 'url', label: 'Site', value: 'https://botpress.com' },
    ],
  };
  const one = renderPayload(card, live);
  assert.deepEqual(actions(one), [
    { kind: 'send', text: 'Plan', value: 'BUY_PRO' }, // the card chosen shows, its value is sent
    { kind: 'send', text: 'more', value: 'more' }, // "say" says its value
    { kind: 'link', url: 'https://botpress.com/' },
  ]);
  const carousel = renderPayload({ type: 'carousel', items: [card, card, { nonsense: true }] }, live);
  assert.equal(elements(carousel).filter((e) => e.className === 'payload payload-card').length, 2);
  assert.equal(elements(carousel).filter(isJson).length, 1);
});

test('choice and dropdown send the picked option; read-only views disable them', () => {
  const options = [
    { label: 'Red', value: 'red' },
    { label: 'Blue', value: 'blue' },
  ];
  const choice = renderPayload({ type: 'choice', text: 'Pick', options }, live);
  assert.deepEqual(actions(choice), [
    { kind: 'send', text: 'Red', value: 'red' },
    { kind: 'send', text: 'Blue', value: 'blue' },
  ]);
  const disabled = renderPayload({ type: 'choice', text: 'Pick', options }, readOnly);
  assert.equal(actions(disabled).length, 0);
  assert.equal(
    byTag(disabled, 'button').every((b) => b.attrs?.disabled === ''),
    true,
  );
  const dropdown = renderPayload({ type: 'dropdown', text: 'Pick', options }, live);
  assert.equal(byTag(dropdown, 'select').length, 1);
  assert.deepEqual(
    byTag(dropdown, 'option').map((o) => o.action),
    [undefined, ...actions(choice)],
  );
  const frozen = renderPayload({ type: 'dropdown', text: 'Pick', options }, readOnly);
  assert.equal(byTag(frozen, 'select')[0].attrs?.disabled, '');
  assert.equal(actions(frozen).length, 0);
});

test('bloc renders each item, unknown items as JSON', () => {
  const bloc = renderPayload(
    { type: 'bloc', items: [{ type: 'text', text: 'hi' }, { type: 'image', imageUrl: 'https://x.test/i.png' }, { type: 'mystery' }] },
    live,
  );
  assert.deepEqual(
    (bloc.children as RElement[]).map((c) => c.className),
    ['payload payload-text', 'payload payload-image', 'payload payload-json'],
  );
});

test('unknown types, bad shapes and non-objects are shown as JSON, never dropped', () => {
  const cases: [unknown, RegExp][] = [
    [{ type: 'quick_reply', text: 'x', payload: 'y' }, /unknown type “quick_reply”/],
    [{ type: 'image' }, /unexpected image shape/],
    [{ type: 'text', text: 42 }, /unexpected text shape/],
    [{ type: 'carousel', items: 'nope' }, /unexpected carousel shape/],
    [{ text: 'no type' }, /no type/],
    ['a string', /not an object/],
    [null, /not an object/],
    [{ type: 'toString' }, /unknown type “toString”/],
    [{ type: '__proto__' }, /unknown type/],
  ];
  for (const [payload, reason] of cases) {
    const out = renderPayload(payload, live);
    assert.equal(isJson(out), true, JSON.stringify(payload));
    assert.match(textOf(out), reason);
    assert.ok(textOf(out).includes(JSON.stringify(payload, null, 2)));
  }
});

test('the demo shows every payload type offline: its images, audio and video are data URLs the renderer loads', () => {
  const media: { kind: string; url: unknown }[] = [];
  const collect = (p: unknown): void => {
    if (Array.isArray(p)) return p.forEach(collect);
    if (typeof p !== 'object' || p === null) return;
    for (const [key, value] of Object.entries(p)) {
      const kind = /^(image|audio|video)Url$/.exec(key)?.[1];
      if (kind) media.push({ kind, url: value });
      else collect(value);
    }
  };
  collect(Object.values(payloadExamples));
  assert.deepEqual([...new Set(media.map((m) => m.kind))].sort(), ['audio', 'image', 'video']);
  for (const { kind, url } of media) {
    assert.match(String(url), new RegExp(`^data:${kind}/`), `${kind} loads without the network`);
    assert.equal(safeMediaUrl(url, kind as 'image' | 'audio' | 'video'), url);
  }
  for (const payload of Object.values(payloadExamples)) {
    const tree = renderPayload(payload, { interactive: true });
    assert.ok(
      ![...walk(tree)].some((e) => e.className === 'payload payload-json' || e.className === 'blocked'),
      `${payload.type} is drawn`,
    );
  }
});
