// The deploy pipeline against the local emulator: a bot and an integration deployed, then read back with
// the official @botpress/client (definitions) and from the emulator's records (code, readme and icon,
// which the API does not return).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { Client } from '@botpress/client';
import type { BotpressClient } from '../../../src/api/botpress';
import type { HttpClient } from '../../../src/api/http';
import { ApiError } from '../../../src/api/errors';
import { validateDefinition } from '../../../src/core/definitions';
import { describeChanges } from '../../../src/core/deploy';
import { loadEsbuild } from '../../../src/deploy/bundle';
import { prepareBot, prepareIntegration, sendBot, sendIntegration, type DeploySource } from '../../../src/deploy/pipeline';
import { botDefinitionYaml, integrationSchemas } from '../../../src/views/botpress/botDefinition';
import type { Emulator } from '../../../src/emulator';
import { startDemoWorkspace } from './demoWorkspace';

const repo = path.join(__dirname, '..', '..', '..');
const demo = path.join(repo, 'test', 'fixtures', 'yaml-projects');

let emu: Emulator;
let http: HttpClient;
let client: BotpressClient;
let official: Client;
let work: string;

before(async () => {
  ({ emu, http, client, official } = await startDemoWorkspace());
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-deploy-pipeline-'));
  fs.cpSync(demo, work, { recursive: true });
});

after(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  await http.close();
  await emu.close();
});

function source(kind: 'bot' | 'integration', edit: (text: string) => string = (t) => t): DeploySource {
  const dir = path.join(work, kind === 'bot' ? 'support-bot' : 'weather-integration');
  const file = path.join(dir, `${kind}.definition.yaml`);
  const text = edit(fs.readFileSync(file, 'utf8'));
  const checked = validateDefinition(text, { kind, fileName: file, fileExists: (p) => fs.existsSync(p) });
  assert.deepEqual(
    checked.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return { definition: checked.definition!, dir, sourceMaps: false, esbuild: () => loadEsbuild(repo).esbuild };
}

/** Runs deployed bot code the way a CommonJS runtime would, and returns its exports. */
function run(code: string): { reply: (m: { type: string; payload: { text?: string } }) => { payload: { text: string } } } {
  const module = { exports: {} as never };
  vm.runInNewContext(code, { module, exports: module.exports });
  return (module.exports as { default: never }).default;
}

test('a new bot: created, then its definition and code arrive in one update', async () => {
  const prepared = await prepareBot(client, source('bot'), undefined);
  assert.equal(prepared.remote, undefined);
  assert.ok(prepared.plan.changes.length > 0 && prepared.plan.changes.every((c) => c.kind === 'added'));
  const before = emu.store.bots.size;
  const botId = await sendBot(client, prepared, { name: 'support-bot' });
  assert.equal(emu.store.bots.size, before + 1);

  const { bot } = await official.getBot({ id: botId });
  assert.equal(bot.name, 'support-bot');
  assert.equal(bot.description, 'Answers customer questions and hands over to a human when asked.');
  assert.deepEqual(Object.keys(bot.states).sort(), ['cart', 'profile']);
  assert.equal(bot.states.cart.expiry, 86400000);
  assert.equal(bot.tags.team, 'support');
  assert.equal(bot.user.tags.email.title, 'Email');
  assert.ok(bot.events.orderPlaced);
  assert.equal((bot.configuration.data as { greeting: string }).greeting, 'Hello! How can I help?');
  const code = emu.store.bots.get(botId)!.code!;
  assert.equal(code.length, prepared.code!.bytes);
  assert.equal(run(code).reply({ type: 'text', payload: { text: 'What about shipping?' } }).payload.text, 'Orders ship within 24 hours.');
});

test('the preview names an integration the deploy installs as the Hub does, not by its id', async () => {
  const chat = (await official.getPublicIntegration({ name: 'chat', version: 'latest' })).integration;
  const installs = source(
    'bot',
    (t) => `${t}\nintegrations:\n  ${chat.id}: { enabled: true, configuration: {} }\n  intver_unknown: { enabled: true }\n`,
  );
  const prepared = await prepareBot(client, installs, undefined);
  const lines = describeChanges(prepared.plan.changes);
  assert.ok(lines.includes(`Integrations: + chat ${chat.version}, + intver_unknown`), lines.join('\n'));
});

test('an existing bot: keys removed from the file are deleted remotely', async () => {
  const support = [...emu.store.bots.values()].find((r) => r.bot.name === 'support-bot')!.bot;
  assert.ok(support.states.settings && support.integrations && Object.keys(support.integrations).length > 0);
  const withoutProfile = source('bot', (t) => t.replace(/ {2}profile:\n(?: {4}.*\n)+/, ''));
  const prepared = await prepareBot(client, withoutProfile, support.id);
  const removed = prepared.plan.changes.filter((c) => c.kind === 'removed').map((c) => c.path.join('.'));
  assert.ok(removed.includes('states.profile') && removed.includes('states.settings'), removed.join(', '));
  await sendBot(client, prepared, { botId: support.id, name: 'support-bot' });

  const { bot } = await official.getBot({ id: support.id });
  assert.deepEqual(Object.keys(bot.states), ['cart']);
  assert.deepEqual(bot.integrations, {}, 'integrations the file does not install are removed, as the preview said');
  const again = await prepareBot(client, withoutProfile, support.id);
  assert.deepEqual(again.plan.changes, [], 'deploying the same file again changes nothing');
});

test('a failed deploy of a new bot leaves no bot behind', async () => {
  const before = emu.store.bots.size;
  const broken = source('bot', (t) => `${t}integrations:\n  nowhere:\n    integrationId: int_does_not_exist\n    enabled: true\n`);
  const prepared = await prepareBot(client, broken, undefined);
  await assert.rejects(
    sendBot(client, prepared, { name: 'doomed' }),
    (e: unknown) => ApiError.is(e) && /int_does_not_exist/.test(e.message),
  );
  assert.equal(emu.store.bots.size, before);
});

test('an integration: a new version with code, readme and icon; then the readme alone', async () => {
  const prepared = await prepareIntegration(client, source('integration'), false);
  assert.equal(prepared.existing, undefined);
  assert.ok(prepared.plan!.changes.every((c) => c.kind === 'added'));
  assert.ok(prepared.plan!.changes.some((c) => c.path.join('.') === 'actions.getForecast'));
  assert.equal(prepared.plan!.body.name, 'weather', 'a new version is created with its name and version');
  const created = await sendIntegration(client, prepared);

  const { integration } = await official.getIntegrationByName({ name: 'weather', version: '0.1.0' });
  assert.equal(integration.id, created.id);
  assert.equal(integration.title, 'Weather');
  assert.deepEqual(Object.keys(integration.actions), ['getForecast']);
  assert.equal(integration.states.watchedCities.type, 'integration');
  const record = emu.store.integrations.get(created.id)!;
  const dir = path.join(work, 'weather-integration');
  assert.equal(Buffer.from(record.readme!, 'base64').toString('utf8'), fs.readFileSync(path.join(dir, 'hub.md'), 'utf8'));
  assert.equal(Buffer.from(record.icon!, 'base64').toString('utf8'), fs.readFileSync(path.join(dir, 'icon.svg'), 'utf8'));
  assert.match(record.code!, /Forecast for/);

  fs.appendFileSync(path.join(dir, 'hub.md'), '\n## Changelog\n\n- 0.1.0: first version\n');
  const readme = await prepareIntegration(client, source('integration'), true);
  assert.equal(readme.existing?.id, created.id);
  assert.equal(readme.code, undefined);
  assert.deepEqual(Object.keys(readme.files).sort(), ['icon', 'readme']);
  const code = record.code;
  await sendIntegration(client, readme);
  const updated = emu.store.integrations.get(created.id)!;
  assert.match(Buffer.from(updated.readme!, 'base64').toString('utf8'), /## Changelog/);
  assert.equal(updated.code, code, 'the code is not sent with the readme');
});

test('the readme of a version not deployed yet is refused before anything is sent', async () => {
  await assert.rejects(
    prepareIntegration(
      client,
      source('integration', (t) => t.replace('version: 0.1.0', 'version: 9.9.9')),
      true,
    ),
    /not deployed yet/,
  );
});

test('pulling a bot and deploying the pulled file keeps the secret Botpress has', async () => {
  const support = [...emu.store.bots.values()].find((r) => r.bot.name === 'support-bot')!.bot;
  // Telegram installed (again: an earlier test deployed a file without it), its token set on Botpress.
  const telegramKey = [...emu.store.integrations.values()].find((r) => r.integration.name === 'telegram')!.integration.id;
  await official.updateBot({
    id: support.id,
    integrations: { [telegramKey]: { enabled: false, configuration: { botToken: 'real-token-123' } } },
  });

  const { bot } = await client.getBot({ id: support.id });
  const text = botDefinitionYaml(bot, 'workspace', await integrationSchemas(client, bot));
  assert.ok(!text.includes('real-token-123'));
  const pulled = path.join(work, 'pulled');
  fs.mkdirSync(pulled);
  const file = path.join(pulled, 'bot.definition.yaml');
  fs.writeFileSync(file, text);
  const checked = validateDefinition(text, { kind: 'bot', fileName: file, fileExists: (p) => fs.existsSync(p) });
  assert.deepEqual(
    checked.problems.filter((p) => p.severity === 'error'),
    [],
  );
  const source = { definition: checked.definition!, dir: pulled, sourceMaps: false, esbuild: () => assert.fail('no code') };
  const prepared = await prepareBot(client, source, support.id);
  assert.deepEqual(prepared.plan.changes, [], 'the pulled file deploys as no change');
  await sendBot(client, prepared, { botId: support.id, name: bot.name });
  const kept = (await official.getBot({ id: support.id })).bot.integrations[telegramKey];
  assert.equal(kept.configuration.botToken, 'real-token-123');

  // A new bot has no value to keep: nothing is created.
  const bots = emu.store.bots.size;
  await assert.rejects(prepareBot(client, source, undefined), /botToken is "\$secret: keep"/);
  assert.equal(emu.store.bots.size, bots);
});
