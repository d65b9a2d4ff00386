// SDK projects deployed to the local emulator: the fixture bot and integration, evaluated with the
// official SDK, bundled as `bp bundle` does, sent, and read back with the official @botpress/client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { sendBot, sendIntegration } from '../../../src/deploy/pipeline';
import { generatedFolderState, prepareSdkBot, prepareSdkIntegration } from '../../../src/deploy/sdk';
import { readProjectCache, writeProjectCache } from '../../../src/sdk/project';
import { evaluatedSource, sdkDemoWorkspace } from './demoWorkspace';
import { fixture } from '../sdk/helpers';

const world = sdkDemoWorkspace();

const source = (project: string, text?: string) => evaluatedSource(world.evaluator, fixture(project, `${project}.definition.ts`), text);

test('the SDK bot: states as JSON Schema, tags, events and code arrive; a second deploy without a state deletes it', async () => {
  const first = await prepareSdkBot(world.client, await source('bot'), undefined);
  const botId = await sendBot(world.client, first, { name: 'fixture-bot' });
  const { bot } = await world.official.getBot({ id: botId });
  assert.deepEqual(Object.keys(bot.states).sort(), ['cart', 'profile']);
  assert.equal(bot.states.cart.type, 'conversation');
  assert.deepEqual((bot.states.cart.schema as any).properties.items, {
    type: 'array',
    description: 'Product ids',
    items: { type: 'string' },
  });
  assert.equal(bot.states.profile.expiry, 86400000);
  assert.equal(bot.events.orderPlaced.title, 'Order placed');
  assert.equal((bot.events.orderPlaced.schema as any).properties.orderId.type, 'string');
  assert.equal(bot.user.tags.email.title, 'Email');
  assert.equal(bot.conversation.tags.channel.description, 'Where the conversation started');
  assert.equal(bot.tags.team, 'support');
  // The code is the project's src/index.ts bundled with `handler` exported beside the bot.
  const code = world.emu.store.bots.get(botId)!.code!;
  assert.equal(code.length, first.code!.bytes);
  const module = { exports: {} as Record<string, unknown> };
  vm.runInNewContext(code, {
    module,
    exports: module.exports,
    require,
    process,
    console,
    setTimeout,
    clearTimeout,
    Buffer,
    URL,
    TextEncoder,
    TextDecoder,
  });
  assert.equal(typeof module.exports.handler, 'function');
  assert.ok(module.exports.default);

  const text = fs.readFileSync(fixture('bot', 'bot.definition.ts'), 'utf8');
  const withoutProfile = text.replace(/ {4}profile: \{[\s\S]*?\n {4}\},\n/, '');
  assert.notEqual(withoutProfile, text);
  const second = await prepareSdkBot(world.client, await source('bot', withoutProfile), botId);
  assert.deepEqual(
    second.plan.changes.filter((c) => c.kind === 'removed').map((c) => c.path.join('.')),
    ['states.profile'],
  );
  assert.equal((second.plan.body.states as Record<string, unknown>).profile, null);
  await sendBot(world.client, second, { botId, name: 'fixture-bot' });
  assert.deepEqual(Object.keys((await world.official.getBot({ id: botId })).bot.states), ['cart']);
});

test('the SDK integration: code, readme, icon, channels, secrets arrive in one createIntegration', async () => {
  const asked: string[] = [];
  const prepared = await prepareSdkIntegration(world.client, await source('integration'), async (existing) => {
    asked.push(existing ? 'update' : 'create');
    return { API_KEY: 'k-123' };
  });
  assert.deepEqual(asked, ['create']);
  const created = await sendIntegration(world.client, prepared);
  const { integration } = await world.official.getIntegration({ id: created.id });
  assert.equal(integration.name, 'weather-sdk');
  assert.equal(integration.version, '0.1.0');
  assert.equal(integration.title, 'Weather');
  assert.equal((integration.channels.forecast.messages.text.schema as any).properties.text.type, 'string');
  assert.equal((integration.actions.getForecast.input.schema as any).properties.city.type, 'string');
  assert.equal((integration.configuration.schema as any).properties.units.enum.length, 2);
  assert.equal(prepared.plan!.body.sdkVersion, '5.4.3');
  const record = world.emu.store.integrations.get(created.id)!;
  assert.equal(Buffer.from(record.readme!, 'base64').toString('utf8'), fs.readFileSync(fixture('integration', 'hub.md'), 'utf8'));
  assert.equal(Buffer.from(record.icon!, 'base64').toString('utf8'), fs.readFileSync(fixture('integration', 'icon.svg'), 'utf8'));
  assert.match(record.code!, /handler/);
  assert.deepEqual(integration.secrets, ['API_KEY']);
});

test('the project cache: the bot id merged in, other keys kept; the generated folder noticed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-sdk-cache-'));
  try {
    fs.mkdirSync(path.join(dir, '.botpress'));
    fs.writeFileSync(path.join(dir, '.botpress', 'project.cache.json'), JSON.stringify({ devId: 'dev_1', secrets: { A: 'b' } }));
    writeProjectCache(dir, { botId: 'bot_9' });
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, '.botpress', 'project.cache.json'), 'utf8')), {
      devId: 'dev_1',
      secrets: { A: 'b' },
      botId: 'bot_9',
    });
    assert.deepEqual(readProjectCache(dir), { devId: 'dev_1', botId: 'bot_9' });
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'bot.definition.ts'), '');
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), "import * as bp from '.botpress'\nexport default new bp.Bot({ actions: {} })\n");
    assert.equal(generatedFolderState(dir, path.join(dir, 'bot.definition.ts')), 'missing');
    fs.writeFileSync(path.join(dir, '.botpress', 'index.ts'), '');
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, '.botpress', 'index.ts'), past, past);
    assert.equal(generatedFolderState(dir, path.join(dir, 'bot.definition.ts')), 'stale');
    fs.utimesSync(path.join(dir, '.botpress', 'index.ts'), new Date(), new Date());
    assert.equal(generatedFolderState(dir, path.join(dir, 'bot.definition.ts')), 'ready');
    assert.equal(generatedFolderState(fixture('bot'), fixture('bot', 'bot.definition.ts')), 'unused');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
