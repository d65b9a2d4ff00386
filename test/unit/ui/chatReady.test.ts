import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rankByChat } from '../../../src/ui/chatReady';

const row = (name: string, description: string) => ({
  label: `$(hubot) ${name}`,
  description,
  value: { workspaceId: 'w', botId: name, name },
});
const chat = (enabled: boolean, webhookId?: string) => ({ integrations: { i1: { name: 'chat', enabled, webhookId } } });

test('the bot pick for conversation tests says which bots have the chat integration, those first', () => {
  const rows = [row('plain', 'b1'), row('off', 'dev · b2'), row('ready', 'b3'), row('gone', 'b4'), row('ready-dev', 'dev · b5')];
  const bots = [
    { integrations: { t: { name: 'telegram', enabled: true, webhookId: 'x' } } },
    chat(false, 'y'),
    chat(true, 'z'),
    undefined,
    chat(true, 'v'),
  ];
  const ranked = rankByChat(rows, bots);
  assert.deepEqual(
    ranked.map((r) => [r.value!.name, r.description]),
    [
      ['ready', 'chat installed · b3'],
      ['ready-dev', 'chat installed · dev · b5'],
      ['plain', 'no chat integration · b1'],
      ['off', 'the chat integration disabled · dev · b2'],
      ['gone', 'could not be read · b4'],
    ],
  );
  assert.equal(rows[0]!.description, 'b1', 'the rows given are left as they were');
});
