// Plugins and interfaces with the official @botpress/client, unchanged, against the emulator (strict: a response
// breaking its official schema is a 500): a workspace's own, the Hub's, version ranges, and a bot installing one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AlreadyExistsError,
  Client,
  InvalidPayloadError,
  ReferenceNotFoundError,
  ResourceNotFoundError,
  isApiError,
} from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { pluginHandlers } from '../../src/emulator/plugins';

let emu: Emulator;
let admin: Client;
let other: Client;

async function rejects(promise: Promise<unknown>, type: new (...a: never[]) => Error, status: number): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    assert.ok(isApiError(err));
    assert.equal(err.code, status);
    return true;
  });
}

const code = { node: 'module.exports = { node: true }', browser: 'export default { browser: true }' };

before(async () => {
  emu = await startEmulator({ seed: 'demo' });
  const { workspaces } = await new Client({ apiUrl: emu.url, token: emu.token }).listWorkspaces({});
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: workspaces.find((w) => w.name === 'Acme Support')!.id });
  other = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: workspaces.find((w) => w.name === 'Personal Sandbox')!.id });
});
after(() => emu.close());

describe('plugins', () => {
  test('createPlugin, getPlugin, getPluginByName (exact, latest, range), listPlugins, getPluginCode', async () => {
    const body = {
      name: 'greeter',
      version: '0.1.0',
      title: 'Greeter',
      description: 'Greets new users',
      code,
      icon: Buffer.from('<svg/>').toString('base64'),
      configuration: { schema: { type: 'object', properties: { greeting: { type: 'string' } } } },
      states: { greeted: { type: 'user' as const, schema: { type: 'object' } } },
      user: { tags: { greeted: { title: 'Greeted' } } },
      dependencies: {
        interfaces: { hitl: { name: 'hitl', version: '^1.0.0' } },
        integrations: { chat: { name: 'chat', version: 'latest' } },
      },
    };
    const { plugin } = await admin.createPlugin(body);
    assert.equal(plugin.visibility, 'private');
    assert.equal(plugin.public, false);
    assert.deepEqual(Object.keys(plugin.states), ['greeted']);
    assert.equal(plugin.user.tags.greeted.title, 'Greeted');
    assert.equal(plugin.dependencies.interfaces.hitl.version, '1.0.0', 'the range resolved to the Hub interface');
    assert.equal(plugin.dependencies.integrations.chat.name, 'chat');
    assert.match(plugin.iconUrl, /icon\.svg$/);
    await rejects(admin.createPlugin(body), AlreadyExistsError, 409);
    await admin.createPlugin({ ...body, version: '0.2.0', icon: undefined });
    await admin.createPlugin({ ...body, version: '1.0.0', icon: undefined });

    assert.equal((await admin.getPlugin({ id: plugin.id })).plugin.name, 'greeter');
    assert.equal((await admin.getPluginByName({ name: 'greeter', version: '0.1.0' })).plugin.id, plugin.id);
    assert.equal((await admin.getPluginByName({ name: 'greeter', version: 'latest' })).plugin.version, '1.0.0');
    assert.equal((await admin.getPluginByName({ name: 'greeter', version: '<0.2.0' })).plugin.version, '0.1.0', 'as bp deploy asks');
    assert.equal((await admin.getPluginByName({ name: 'greeter', version: '^0.1.0' })).plugin.version, '0.1.0');
    assert.equal((await admin.getPluginByName({ name: 'greeter', version: '>=0.1.0 <1.0.0' })).plugin.version, '0.2.0');
    await rejects(admin.getPluginByName({ name: 'greeter', version: '^2.0.0' }), ResourceNotFoundError, 404);
    await rejects(admin.getPluginByName({ name: 'greeter', version: 'not a range!' }), InvalidPayloadError, 400);
    await rejects(other.getPlugin({ id: plugin.id }), ResourceNotFoundError, 404);

    const listed = await admin.listPlugins({});
    assert.deepEqual(listed.plugins.map((p) => p.version).sort(), ['0.1.0', '0.2.0', '1.0.0']);
    assert.deepEqual((await admin.listPlugins({ name: 'greeter', version: '0.2.0' })).plugins.length, 1);
    assert.equal((await other.listPlugins({})).plugins.length, 0);

    assert.equal((await admin.getPluginCode({ id: plugin.id, platform: 'node' })).code, code.node);
    assert.equal((await admin.getPluginCode({ id: plugin.id, platform: 'browser' })).code, code.browser);
    await rejects(
      admin.createPlugin({ ...body, version: '3.0.0', dependencies: { interfaces: { x: { name: 'nope', version: '1.0.0' } } } }),
      ReferenceNotFoundError,
      400,
    );
  });

  test('updatePlugin deletes what is sent as null and resolves new dependencies; deletePlugin', async () => {
    const { plugin } = await admin.getPluginByName({ name: 'greeter', version: '0.1.0' });
    const { plugin: updated } = await admin.updatePlugin({
      id: plugin.id,
      title: 'Greeter 2',
      states: { greeted: null, visits: { type: 'conversation', schema: { type: 'object' } } },
      dependencies: { interfaces: { hitl: null }, integrations: {} },
      code: { node: 'n2', browser: 'b2' },
    });
    assert.equal(updated.title, 'Greeter 2');
    assert.deepEqual(Object.keys(updated.states), ['visits']);
    assert.deepEqual(updated.dependencies.interfaces, {});
    assert.ok(updated.dependencies.integrations.chat, 'what the update did not mention stays');
    assert.equal((await admin.getPluginCode({ id: plugin.id, platform: 'node' })).code, 'n2');
    const doomed = (await admin.getPluginByName({ name: 'greeter', version: '1.0.0' })).plugin;
    await admin.deletePlugin({ id: doomed.id });
    await rejects(admin.getPlugin({ id: doomed.id }), ResourceNotFoundError, 404);
    await rejects(admin.deletePlugin({ id: doomed.id }), ResourceNotFoundError, 404);
  });

  test("the Hub's public plugins: list, by id, by name and range, code", async () => {
    const { plugins } = await admin.listPublicPlugins({});
    assert.deepEqual(plugins.map((p) => p.name).sort(), ['hitl', 'personality']);
    const hitl = plugins.find((p) => p.name === 'hitl')!;
    assert.equal((await admin.getPublicPluginById({ id: hitl.id })).plugin.title, 'Human in the loop');
    assert.equal((await admin.getPublicPlugin({ name: 'hitl', version: '^0.4.0' })).plugin.id, hitl.id);
    assert.match((await admin.getPublicPluginCode({ id: hitl.id, platform: 'node' })).code, /module\.exports/);
    const own = (await admin.getPluginByName({ name: 'greeter', version: '0.1.0' })).plugin;
    await rejects(admin.getPublicPluginById({ id: own.id }), ResourceNotFoundError, 404);
    await rejects(admin.getPublicPlugin({ name: 'greeter', version: '0.1.0' }), ResourceNotFoundError, 404);
  });

  test('a bot installs a plugin with updateBot and reads it back; null uninstalls', async () => {
    const { bot } = await admin.createBot({ name: 'plugin-host', dev: true });
    const hitl = (await admin.getPublicPlugin({ name: 'hitl', version: 'latest' })).plugin;
    const chat = (await admin.getPublicIntegration({ name: 'chat', version: 'latest' })).integration;
    const installed = (
      await admin.updateBot({
        id: bot.id,
        integrations: { [chat.id]: { enabled: true } },
        plugins: {
          hitl: {
            id: hitl.id,
            configuration: { onHitlHandoffMessage: 'An agent will be with you' },
            interfaces: { hitl: { integrationId: chat.id, integrationAlias: 'chat' } },
          },
        },
      })
    ).bot.plugins.hitl;
    assert.equal(installed.name, 'hitl');
    assert.equal(installed.enabled, true);
    assert.equal(installed.configuration.onHitlHandoffMessage, 'An agent will be with you');
    assert.equal(installed.interfaces?.hitl.interfaceId, hitl.dependencies.interfaces.hitl.id);
    assert.deepEqual(Object.keys((await admin.getBot({ id: bot.id })).bot.plugins), ['hitl']);
    const disabled = (await admin.updateBot({ id: bot.id, plugins: { hitl: { id: hitl.id, enabled: false } } })).bot.plugins.hitl;
    assert.equal(disabled.enabled, false);
    assert.equal(disabled.configuration.onHitlHandoffMessage, 'An agent will be with you', 'kept when not sent');
    await rejects(admin.updateBot({ id: bot.id, plugins: { x: { id: 'plugver_nope_nope_nope_nope_nope' } } }), ReferenceNotFoundError, 400);
    assert.deepEqual((await admin.updateBot({ id: bot.id, plugins: { hitl: null } })).bot.plugins, {});
  });
});

describe('interfaces', () => {
  test('create, get by id and by name (range), list, update (null deletes), delete', async () => {
    const body = {
      name: 'orderable',
      version: '0.1.0',
      title: 'Orderable',
      entities: { order: { schema: { type: 'object' } } },
      actions: { placeOrder: { input: { schema: { type: 'object' } }, output: { schema: { type: 'object' } } } },
      events: { orderPlaced: { schema: { type: 'object' } } },
      channels: {},
    };
    const { interface: created } = await admin.createInterface(body);
    assert.equal(created.public, false);
    await rejects(admin.createInterface(body), AlreadyExistsError, 409);
    await rejects(admin.createInterface({ ...body, version: 'one' }), InvalidPayloadError, 400);
    assert.equal((await admin.getInterface({ id: created.id })).interface.name, 'orderable');
    assert.equal((await admin.getInterfaceByName({ name: 'orderable', version: '~0.1.0' })).interface.id, created.id);
    assert.deepEqual(
      (await admin.listInterfaces({})).interfaces.map((i) => i.name),
      ['orderable'],
    );
    const { interface: updated } = await admin.updateInterface({ id: created.id, events: { orderPlaced: null }, description: 'Orders' });
    assert.deepEqual(updated.events, {});
    assert.equal(updated.description, 'Orders');
    await rejects(admin.getPublicInterfaceById({ id: created.id }), ResourceNotFoundError, 404);
    await admin.deleteInterface({ id: created.id });
    await rejects(admin.getInterface({ id: created.id }), ResourceNotFoundError, 404);
  });

  test("the Hub's public interfaces", async () => {
    const { interfaces } = await admin.listPublicInterfaces({});
    assert.deepEqual(interfaces.map((i) => i.name).sort(), ['hitl', 'listable']);
    const hitl = interfaces.find((i) => i.name === 'hitl')!;
    assert.equal((await admin.getPublicInterfaceById({ id: hitl.id })).interface.title, 'Human in the loop');
    assert.equal((await admin.getPublicInterface({ name: 'hitl', version: '1.x' })).interface.id, hitl.id);
    await rejects(admin.getPublicInterface({ name: 'hitl', version: '2.0.0' }), ResourceNotFoundError, 404);
  });

  test('every plugin and interface operation answered at least once, and no response broke its schema', () => {
    assert.deepEqual(
      Object.keys(pluginHandlers).filter((op) => !emu.store.served.get(op)),
      [],
    );
    assert.deepEqual(emu.store.violations, []);
  });
});
