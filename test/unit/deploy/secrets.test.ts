// Secrets of a bot's configurations: a pulled definition (YAML or JSON) and an opened bot document hold
// `{ $secret: keep }` instead, and a deploy of that file keeps the value Botpress has (against the
// emulator: test/unit/deploy/pipeline.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Bot } from '../../../src/api/botpress';
import { keepRemoteSecrets, redactBot, SECRET_REFERENCE } from '../../../src/core/deploy';
import { botDefinitionYaml, botToDefinition } from '../../../src/views/botpress/botDefinition';

const keep = { ...SECRET_REFERENCE };

test('what a schema marks secret, and what is named like a credential, never reaches a pulled definition', () => {
  const bot = {
    id: 'b1',
    name: 'support-bot',
    configuration: {
      schema: { type: 'object', properties: { greeting: { type: 'string' }, openai: { type: 'string', 'x-zui': { secret: true } } } },
      data: { greeting: 'Hello!', openai: 'sk-live-1' },
    },
    integrations: {
      telegram: { id: 'int_t', enabled: true, configuration: { botToken: 'tg-secret-2', chatId: 'c-secret-3', color: 'blue' } },
      webhook: {
        id: 'int_w',
        enabled: true,
        configuration: { url: 'https://x', auth: { apiKey: 'k-secret-4', API_KEY: 'k-secret-5', user: 'bob' }, monkey: 'fine' },
      },
    },
  } as unknown as Bot;
  const schemas = {
    telegram: {
      type: 'object',
      properties: {
        botToken: { type: 'string', 'x-zui': { secret: true } },
        chatId: { anyOf: [{ type: 'string', format: 'password' }, { type: 'null' }] },
        color: { type: 'string' },
      },
    },
  };
  const definition = botToDefinition(bot, schemas) as any;
  assert.deepEqual(definition.configuration.data, { greeting: 'Hello!', openai: keep });
  assert.deepEqual(definition.integrations.telegram.configuration, { botToken: keep, chatId: keep, color: 'blue' });
  assert.deepEqual(definition.integrations.webhook.configuration, {
    url: 'https://x',
    auth: { apiKey: keep, API_KEY: keep, user: 'bob' },
    monkey: 'fine',
  });
  const yamlText = botDefinitionYaml(bot, 'workspace w1', schemas);
  const jsonText = JSON.stringify(botToDefinition(bot, schemas));
  for (const text of [yamlText, jsonText, JSON.stringify(redactBot(bot, schemas))])
    for (const secret of ['sk-live-1', 'tg-secret-2', 'c-secret-3', 'k-secret-4', 'k-secret-5']) assert.ok(!text.includes(secret), secret);
  assert.match(yamlText, /botToken:\n\s+\$secret: keep/);
  assert.deepEqual(parse(yamlText), definition);
  // The live bot itself is untouched.
  assert.equal((bot.integrations as any).telegram.configuration.botToken, 'tg-secret-2');
});

test('a reference with no value on Botpress is refused, naming it', () => {
  const body = { integrations: { telegram: { integrationId: 'x', configuration: { botToken: keep } } } };
  assert.throws(
    () => keepRemoteSecrets(body, undefined, 'new-bot'),
    /integrations\.telegram\.configuration\.botToken is "\$secret: keep".*bot new-bot has no such value/,
  );
  assert.deepEqual(keepRemoteSecrets(body, { integrations: { telegram: { configuration: { botToken: 't' } } } }, 'b'), {
    integrations: { telegram: { integrationId: 'x', configuration: { botToken: 't' } } },
  });
});
