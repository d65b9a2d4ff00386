import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeLinkUrl, safeMediaUrl } from '../../../src/core/render/url';

test('media: https and matching data URLs only', () => {
  assert.equal(safeMediaUrl('https://cdn.example.com/a.png'), 'https://cdn.example.com/a.png');
  assert.equal(safeMediaUrl('data:image/png;base64,iVBORw0KGgo=', 'image'), 'data:image/png;base64,iVBORw0KGgo=');
  assert.equal(safeMediaUrl('data:image/png;base64,iVBORw0KGgo=', 'audio'), undefined);
  for (const bad of [
    'http://example.com/a.png',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'file:///etc/passwd',
    '//evil.example/x.png',
    'x.png',
    '',
    42,
    null,
  ]) {
    assert.equal(safeMediaUrl(bad), undefined, String(bad));
  }
});

test('links: http(s) and mailto only, control characters refused', () => {
  assert.equal(safeLinkUrl('https://botpress.com'), 'https://botpress.com/');
  assert.equal(safeLinkUrl('http://example.com/x'), 'http://example.com/x');
  assert.equal(safeLinkUrl('mailto:a@b.c'), 'mailto:a@b.c');
  for (const bad of [
    'javascript:alert(1)',
    'java\u0000script:alert(1)',
    'data:text/html,x',
    'vscode://x',
    'command:workbench.action.quit',
    'https://a\u200b.com',
  ]) {
    assert.equal(safeLinkUrl(bad), undefined, bad);
  }
});
