// SDK plugins and interfaces deployed to the local emulator as `bp deploy` does, read back with the official
// @botpress/client: the fixture plugin (depending on the Hub's `hitl` interface) and interface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { preparePackage, sendPackage } from '../../../src/deploy/plugin';
import { pluginWorld } from '../../../src/emulator/plugins';
import { evaluatedSource, sdkDemoWorkspace } from './demoWorkspace';
import { fixture } from '../sdk/helpers';

const world = sdkDemoWorkspace();

const source = (file: string, text?: string) => evaluatedSource(world.evaluator, file, text);

const pluginFile = fixture('deploy-plugin', 'plugin.definition.ts');

test('Deploy Plugin: definition, dependencies, readme, icon and both bundles arrive in one createPlugin', async () => {
  const prepared = await preparePackage(world.client, await source(pluginFile));
  assert.equal(prepared.existing, undefined);
  const id = await sendPackage(world.client, prepared);
  const { plugin } = await world.official.getPluginByName({ name: 'order-tracker', version: '0.2.0' });
  assert.equal(plugin.id, id);
  assert.equal(plugin.title, 'Order tracker');
  assert.equal(plugin.visibility, 'private', 'private unless asked, as bp deploy');
  assert.equal(plugin.states.lastOrder.type, 'user');
  assert.equal((plugin.events.orderShipped.schema as any).properties.orderId.type, 'string');
  assert.deepEqual((plugin.actions.trackOrder.output.schema as any).properties.status.enum, ['packed', 'shipped', 'delivered']);
  assert.equal(plugin.user.tags.customerId.title, 'Customer id');
  assert.equal((plugin.configuration.schema as any).properties.carrier.description, 'Who ships the orders');
  const hitl = (await world.official.getPublicInterface({ name: 'hitl', version: '1.0.0' })).interface;
  assert.deepEqual(plugin.dependencies.interfaces, { hitl: { id: hitl.id, name: 'hitl', version: '1.0.0' } });
  const record = [...pluginWorld(world.emu.store).plugins.values()].find((r) => r.plugin.id === id)!;
  assert.equal(Buffer.from(record.readme!, 'base64').toString(), fs.readFileSync(fixture('deploy-plugin', 'hub.md'), 'utf8'));
  assert.match(Buffer.from(record.icon!, 'base64').toString(), /^<svg/);

  // The node bundle is CommonJS exporting the plugin; the browser one is an ES module.
  const node = (await world.official.getPluginCode({ id, platform: 'node' })).code;
  const browser = (await world.official.getPluginCode({ id, platform: 'browser' })).code;
  assert.equal(node, prepared.code!.node.code);
  const module = { exports: {} as Record<string, unknown> };
  vm.runInNewContext(node, { module, exports: module.exports, require, process, console, setTimeout, clearTimeout, Buffer, URL });
  assert.ok(module.exports.default, 'the node bundle exports the plugin');
  assert.match(browser, /export\s*\{/);
  assert.doesNotMatch(browser, /module\.exports/);
});

test('Deploy Plugin again: the same version is updated, what the file dropped is sent as null', async () => {
  const text = fs.readFileSync(pluginFile, 'utf8').replace(/ {2}events: \{[\s\S]*?\n {2}\},\n/, '');
  assert.ok(!text.includes('orderShipped'));
  const dir = fs.mkdtempSync(path.join(fixture('.'), 'tmp-plugin-'));
  try {
    for (const f of ['hub.md', 'icon.svg', 'package.json']) fs.copyFileSync(fixture('deploy-plugin', f), path.join(dir, f));
    fs.cpSync(fixture('deploy-plugin', 'src'), path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'plugin.definition.ts'), text);
    const prepared = await preparePackage(world.client, await source(path.join(dir, 'plugin.definition.ts')));
    assert.ok(prepared.existing, 'found by name and version');
    assert.deepEqual(
      prepared.plan.changes.map((c) => `${c.kind} ${c.path.join('.')}`).filter((c) => c.startsWith('removed')),
      ['removed events.orderShipped'],
    );
    assert.equal((prepared.plan.body.events as Record<string, unknown>).orderShipped, null);
    const id = await sendPackage(world.client, prepared);
    assert.equal(id, prepared.existing.id);
    const { plugin } = await world.official.getPlugin({ id });
    assert.deepEqual(plugin.events, {});
    assert.ok(plugin.states.lastOrder, 'the rest stays');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a dependency that is nowhere is a clear error before anything is sent', async () => {
  const text = fs
    .readFileSync(pluginFile, 'utf8')
    .replace("name: 'hitl',\n      version: '1.0.0'", "name: 'hitl',\n      version: '9.0.0'");
  await assert.rejects(preparePackage(world.client, await source(pluginFile, text)), /Interface hitl@9\.0\.0 .* is not on the Hub/);
});

test('Deploy Interface: created private, then updated in place', async () => {
  const file = fixture('deploy-interface', 'interface.definition.ts');
  const first = await preparePackage(world.client, await source(file));
  const id = await sendPackage(world.client, first);
  const { interface: created } = await world.official.getInterface({ id });
  assert.equal(created.name, 'trackable');
  assert.equal(created.public, false);
  assert.deepEqual(Object.keys(created.entities), ['item']);
  assert.equal((created.actions.track.output.schema as any).properties.where.type, 'string');
  const again = await preparePackage(world.client, await source(file), { visibility: 'public' });
  assert.equal(again.existing?.id, id);
  await sendPackage(world.client, again);
  assert.equal((await world.official.getPublicInterface({ name: 'trackable', version: '0.1.0' })).interface.id, id);
  await assert.rejects(
    preparePackage(world.client, await source(file), { visibility: 'unlisted' }),
    /Unlisted visibility is not supported/,
  );
});

test('an icon that is not SVG is refused as the CLI refuses it', async () => {
  const text = fs.readFileSync(pluginFile, 'utf8').replace("icon: 'icon.svg'", "icon: 'icon.png'");
  await assert.rejects(preparePackage(world.client, await source(pluginFile, text)), /Icon must be an SVG file \(icon: icon\.png\)/);
});
