// Secrets of a bot's configurations: a pulled definition (YAML or JSON) and an opened bot document hold
// `{ $secret: keep }` instead, and a deploy of that file keeps the value Botpress has.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Client } from '@botpress/client';
import type { Bot, BotpressClient } from '../../../src/api/botpress';
import type { HttpClient } from '../../../src/api/http';
import { validateDefinition } from '../../../src/core/definitions';
import { keepRemoteSecrets, redactBot, SECRET_REFERENCE } from '../../../src/core/deploy';
import { prepareBot, sendBot } from '../../../src/deploy/pipeline';
import type { Emulator } from '../../../src/emulator';
import { botDefinitionYaml, botToDefinition, integrationSchemas } from '../../../src/views/botpress/botDefinition';
import { startDemoWorkspace } from './demoWorkspace';

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

describeDeploy();

function describeDeploy() {
  let emu: Emulator;
  let http: HttpClient;
  let client: BotpressClient;
  let official: Client;
  let work: string;
  before(async () => {
    ({ emu, http, client, official } = await startDemoWorkspace());
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-secrets-'));
  });
  after(async () => {
    fs.rmSync(work, { recursive: true, force: true });
    await http.close();
    await emu.close();
  });

  test('pulling a bot and deploying the pulled file keeps the secret Botpress has', async () => {
    const support = [...emu.store.bots.values()].find((r) => r.bot.name === 'support-bot')!.bot;
    const installed = (await official.getBot({ id: support.id })).bot.integrations;
    const [telegramKey] = Object.entries(installed).find(([, i]) => i.name === 'telegram')!;
    await official.updateBot({
      id: support.id,
      integrations: { [telegramKey]: { enabled: false, configuration: { botToken: 'real-token-123' } } },
    });

    const { bot } = await client.getBot({ id: support.id });
    const text = botDefinitionYaml(bot, 'workspace', await integrationSchemas(client, bot));
    assert.ok(!text.includes('real-token-123'));
    const file = path.join(work, 'bot.definition.yaml');
    fs.writeFileSync(file, text);
    const checked = validateDefinition(text, { kind: 'bot', fileName: file, fileExists: (p) => fs.existsSync(p) });
    assert.deepEqual(
      checked.problems.filter((p) => p.severity === 'error'),
      [],
    );
    const source = { definition: checked.definition!, dir: work, sourceMaps: false, esbuild: () => assert.fail('no code') };
    const prepared = await prepareBot(client, source, support.id);
    assert.deepEqual(prepared.plan.changes, [], 'the pulled file deploys as no change');
    await sendBot(client, prepared, { botId: support.id, name: bot.name });
    const after = (await official.getBot({ id: support.id })).bot.integrations[telegramKey];
    assert.equal(after.configuration.botToken, 'real-token-123');

    // A new bot has no value to keep: nothing is created.
    const before = emu.store.bots.size;
    await assert.rejects(prepareBot(client, source, undefined), /botToken is "\$secret: keep"/);
    assert.equal(emu.store.bots.size, before);
  });
}
