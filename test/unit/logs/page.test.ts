import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logsPageHtml } from '../../../src/webviews/logs/html';
import { newNonce } from '../../../src/webviews/html';

test('the logs page: strict CSP that loads only its bundle and stylesheet, one script by nonce', () => {
  const html = logsPageHtml({
    cspSource: 'https://res.vscode-cdn.net',
    scriptUri: 'https://res.vscode-cdn.net/logs.js',
    styleUri: 'https://res.vscode-cdn.net/logs.css',
    nonce: 'n0',
  });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
  assert.deepEqual(Object.keys(directives), ['default-src', 'style-src', 'font-src', 'script-src']);
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'nonce-n0'"]);
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="n0" src="https:\/\/res\.vscode-cdn\.net\/logs\.js"/);
  assert.ok(html.includes('<title>Logs</title>') && html.includes('id="viewport"'));
});

test('nonces are fresh and safe inside an attribute', () => {
  const a = newNonce();
  assert.match(a, /^[A-Za-z0-9_-]{32}$/);
  assert.notEqual(a, newNonce());
});
