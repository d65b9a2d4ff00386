import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Bot } from '../../../src/api/botpress';
import { botDefinitionYaml, botToDefinition } from '../../../src/views/botpress/botDefinition';

const bot = {
  id: 'b9f1e0c4-6a2d-4c59-9b0a-3f1c2d4e5f60',
  name: 'support-bot',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  signingSecret: 'never-in-a-file',
  dev: false,
  alwaysAlive: false,
  status: 'active',
  medias: [],
  plugins: {},
  subscriptions: { events: null },
  recurringEvents: {},
  actions: {},
  tags: { team: 'support' },
  states: { cart: { type: 'conversation', schema: { type: 'object' }, expiry: 86400000 } },
  user: { tags: { email: { title: 'Email' } } },
  conversation: { tags: {} },
  message: { tags: {} },
  events: { orderPlaced: { title: 'Order placed', schema: { type: 'object' } } },
  configuration: { schema: {}, data: {} },
  integrations: {
    webchat: {
      id: 'intver_0123456789abcdef0123456789',
      name: 'webchat',
      version: '1.0.0',
      enabled: true,
      status: 'registered',
      configuration: { color: 'blue' },
      configurationType: null,
      disabledChannels: [],
      webhookId: 'wh',
      webhookUrl: 'https://x',
      createdAt: '',
      updatedAt: '',
      title: 'Webchat',
      description: '',
      iconUrl: '',
      public: true,
      visibility: 'public',
      verificationStatus: 'approved',
      identifier: 'x',
      statusReason: null,
    },
  },
} as unknown as Bot;

test('a live bot becomes the updateBot-shaped definition, without server-only fields', () => {
  assert.deepEqual(botToDefinition(bot), {
    id: bot.id,
    name: 'support-bot',
    tags: { team: 'support' },
    states: { cart: { type: 'conversation', schema: { type: 'object' }, expiry: 86400000 } },
    user: { tags: { email: { title: 'Email' } } },
    events: { orderPlaced: { title: 'Order placed', schema: { type: 'object' } } },
    integrations: { webchat: { integrationId: 'intver_0123456789abcdef0123456789', enabled: true, configuration: { color: 'blue' } } },
  });
});

test('the YAML text parses back to the definition and says where it came from', () => {
  const text = botDefinitionYaml(bot, 'workspace w1');
  assert.match(text, /^# Pulled from bot "support-bot" \(workspace w1\)\./);
  assert.match(text, /# Add `code: <entry point>`/);
  assert.ok(!text.includes('never-in-a-file'));
  assert.deepEqual(parse(text), botToDefinition(bot));
});
