import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeBoard } from '../../../src/core/botmock';
import { panelHtml } from '../../../src/webviews/chat/html';
import type { HostMessage, PanelView } from '../../../src/webviews/chat/protocol';
import { latestMessages, TranscriptState } from '../../../src/webviews/chat/state';

const view: PanelView = { kind: 'chat', title: 'Chat with bot', canSend: true, canRestart: true, hasLogs: true };
const item = (id: string, text: string) => ({ id, side: 'bot' as const, payload: { type: 'text', text }, raw: {} });

test('a webview that (re)loads gets the whole state: view, transcript, status, typing, board', () => {
  const posted: HostMessage[] = [];
  const state = new TranscriptState(view, (m) => posted.push(m));
  state.upsert([item('a', 'one'), item('b', 'two')]);
  state.replace('b', item('c', 'three'));
  state.remove('a');
  state.setStatus({ level: 'warning', text: 'reconnecting…' });
  state.setTyping(true);
  state.setTyping(true);
  const board = { kind: 'flow', board: normalizeBoard({ board: { messages: [] } }, 'b'), intents: [], entities: [], variables: [] };
  state.setBoard(board);
  assert.equal(posted.filter((m) => m.type === 'typing').length, 1, 'no repeated typing posts');
  assert.deepEqual(
    posted.find((m) => m.type === 'messages' && m.remove?.includes('b')),
    { type: 'messages', items: [item('c', 'three')], remove: ['b'] },
  );
  assert.equal(state.has('a'), false);
  assert.deepEqual(state.snapshot(), [
    { type: 'init', view },
    { type: 'messages', items: [item('c', 'three')], reset: true },
    { type: 'status', status: { level: 'warning', text: 'reconnecting…' } },
    { type: 'typing', on: true },
    { type: 'board', board },
  ]);
  state.upsert([], true);
  assert.deepEqual(state.snapshot()[1], { type: 'messages', items: [], reset: true });
});

test('the page: strict CSP with the nonce, no inline script, media from https and data only', () => {
  const html = panelHtml({
    cspSource: 'https://res.vscode-cdn.net',
    scriptUri: 'https://res.vscode-cdn.net/chat.js',
    styleUri: 'https://res.vscode-cdn.net/chat.css',
    nonce: 'abc123',
  });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'nonce-abc123'"]);
  assert.deepEqual(directives['img-src'], ['https:', 'data:']);
  assert.deepEqual(directives['media-src'], ['https:', 'data:']);
  assert.deepEqual(directives['style-src'], ['https://res.vscode-cdn.net']);
  assert.ok(!csp.includes('unsafe'));
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="abc123" src="https:\/\/res\.vscode-cdn\.net\/chat\.js"/);
  assert.equal(scripts[0][2].trim(), '', 'no inline script');
  assert.ok(!/\son\w+=/.test(html), 'no inline handlers');
});

test('latestMessages: newest pages first, at most the pages asked, returned oldest first', async () => {
  // 7 messages, newest first, 3 to a page, as listMessages pages them.
  const all = ['m7', 'm6', 'm5', 'm4', 'm3', 'm2', 'm1'];
  const asked: (string | undefined)[] = [];
  const list = async (nextToken: string | undefined) => {
    asked.push(nextToken);
    const from = Number(nextToken ?? 0);
    return { messages: all.slice(from, from + 3), meta: { nextToken: from + 3 < all.length ? String(from + 3) : undefined } };
  };
  assert.deepEqual(await latestMessages(list, 2), ['m2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  assert.deepEqual(asked, [undefined, '3']);
  asked.length = 0;
  assert.deepEqual(await latestMessages(list, 10), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  assert.deepEqual(asked, [undefined, '3', '6'], 'stops at the last page');
});
