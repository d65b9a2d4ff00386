import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResourcePath, resourcePath, type BotpressResource } from '../../../src/views/botpress/resources';
import { botDescription, relativeTime } from '../../../src/views/botpress/format';

const samples: BotpressResource[] = [
  { kind: 'workspace', workspaceId: 'wkspace_01' },
  { kind: 'bot', workspaceId: 'w', botId: 'b' },
  { kind: 'botPart', workspaceId: 'w', botId: 'b', part: 'states', name: 'cart' },
  { kind: 'botPart', workspaceId: 'w', botId: 'b', part: 'userTags', name: 'e/mail ?#' },
  { kind: 'conversation', workspaceId: 'w', botId: 'b', conversationId: 'c1' },
  { kind: 'integration', workspaceId: 'w', integrationId: 'i' },
  { kind: 'integrationPart', workspaceId: 'w', integrationId: 'i', part: 'channels', name: 'channel' },
  { kind: 'hubIntegration', name: 'chat', version: '0.3.0' },
  { kind: 'issue', workspaceId: 'w', botId: 'b', issueId: 'issue_1' },
  { kind: 'botJson', workspaceId: 'w', botId: 'b' },
  { kind: 'botJson', workspaceId: 'w', botId: 'b', versionId: 'ver_1' },
];

test('every resource path parses back to the same resource and format', () => {
  for (const r of samples) {
    for (const format of ['yaml', 'json'] as const) {
      const path = resourcePath(r, format);
      assert.deepEqual(parseResourcePath(path), { resource: r, format }, path);
    }
  }
  assert.equal(resourcePath(samples[3], 'yaml'), '/workspaces/w/bots/b/userTags/e%2Fmail%20%3F%23.yaml');
});

test('paths that name nothing are refused', () => {
  for (const path of [
    '/workspaces/w/bots/b',
    '/workspaces/w/bots.yaml',
    '/workspaces/w/bots/b/secrets/x.yaml',
    '/other/x.json',
    '/hub/chat.yaml',
    '/workspaces//bots/b.yaml',
    '/workspaces/w/bots/b/states/a/b.yaml',
    '/workspaces/%E0%A4%A.yaml',
    '/workspaces/w/integrations/i/bogus/x.json',
  ]) {
    assert.equal(parseResourcePath(path), undefined, path);
  }
});

test('relative times and bot descriptions', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  assert.equal(relativeTime('2026-01-10T11:59:30Z', now), 'just now');
  assert.equal(relativeTime('2026-01-10T11:55:00Z', now), '5 minutes ago');
  assert.equal(relativeTime('2026-01-10T11:00:00Z', now), '1 hour ago');
  assert.equal(relativeTime('2026-01-07T12:00:00Z', now), '3 days ago');
  assert.equal(relativeTime('2025-01-01T00:00:00Z', now), '1 year ago');
  assert.equal(relativeTime('2026-01-12T12:00:00Z', now), 'in 2 days');
  assert.equal(relativeTime('not a date', now), undefined);
  assert.equal(botDescription({ deployedAt: '2026-01-10T10:00:00Z' }, true, now), 'dev · deployed 2 hours ago');
  assert.equal(botDescription({}, false, now), 'never deployed');
});

test("resources: a state's value is addressed by state, type and whose it is", () => {
  const value: BotpressResource = { kind: 'stateValue', workspaceId: 'w', botId: 'b', name: 'cart', type: 'conversation', id: 'conv_1' };
  assert.equal(resourcePath(value, 'yaml'), '/workspaces/w/bots/b/states/cart/conversation/conv_1.yaml');
  assert.deepEqual(parseResourcePath('/workspaces/w/bots/b/states/cart/conversation/conv_1.yaml'), { resource: value, format: 'yaml' });
  assert.deepEqual(parseResourcePath('/workspaces/w/bots/b/states/cart.yaml')?.resource.kind, 'botPart');
  assert.equal(parseResourcePath('/workspaces/w/bots/b/states/cart/team/x.yaml'), undefined, 'not a state type');
});
