// The demo's SDK bot (test/fixtures/demo-workspace/support-bot) deployed over the seeded support-bot: its
// installed integrations are matched by what they are, nothing is deleted, the configuration data and the
// bot's tags stay; a definition that drops or changes an integration says what is kept or reinstalled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deletions, describeChanges } from '../../../src/core/deploy';
import { loadEsbuild } from '../../../src/deploy/bundle';
import { sendBot } from '../../../src/deploy/pipeline';
import { prepareSdkBot, type SdkDeploySource } from '../../../src/deploy/sdk';
import { fixture } from '../sdk/helpers';
import { sdkDemoWorkspace } from './demoWorkspace';

const demoDefinition = path.join(__dirname, '..', '..', 'fixtures', 'demo-workspace', 'support-bot', 'bot.definition.ts');
const world = sdkDemoWorkspace();

/** The demo definition (or a variant of its text), evaluated with the SDK fixtures' SDK (the same 5.4.3). */
async function source(edit: (text: string) => string = (t) => t): Promise<SdkDeploySource> {
  const text = edit(fs.readFileSync(demoDefinition, 'utf8'));
  const evaluation = await world.evaluator.evaluate(fixture('bot', 'bot.definition.ts'), { text });
  assert.deepEqual(
    evaluation.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return { evaluation, esbuild: loadEsbuild(evaluation.project.root).esbuild, sourceMaps: false };
}

const supportBot = () => [...world.emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!.bot;

test('the demo support-bot over the seeded one: nothing deleted, integrations unchanged, configuration data and tags kept', async () => {
  const bot = supportBot();
  const before = structuredClone(bot.integrations);
  const prepared = await prepareSdkBot(world.client, await source(), bot.id);
  const lines = describeChanges(prepared.plan.changes);
  assert.equal(deletions(prepared.plan.changes).total, 0, lines.join('\n'));
  assert.ok(!lines.some((l) => l.startsWith('Integrations')), lines.join('\n'));
  assert.deepEqual(Object.keys(prepared.plan.body.integrations as object).sort(), ['chat', 'telegram', 'webchat']);
  assert.deepEqual((prepared.plan.body.configuration as { data: unknown }).data, { greeting: 'Hello!' });
  // The definition sets no bot tags: `bp deploy` never unsets them, nor does this deploy, and it says so.
  assert.deepEqual(prepared.plan.notes, ['Kept bot tags the definition does not set: team, tier.']);

  await sendBot(world.client, prepared, { botId: bot.id, name: 'support-bot' });
  const after = (await world.official.getBot({ id: bot.id })).bot;
  // Read without x-multiple-integrations: by id, the same installations (same webhooks) as before.
  assert.deepEqual(
    Object.values(after.integrations)
      .map((i) => [i.name, i.webhookId, i.enabled, i.configuration])
      .sort(),
    Object.values(before)
      .map((i) => [i.name, i.webhookId, i.enabled, i.configuration])
      .sort(),
  );
  assert.deepEqual(after.configuration.data, { greeting: 'Hello!' });
  assert.deepEqual(after.tags, { team: 'support', tier: 'gold' });
  assert.deepEqual(Object.keys(after.states).sort(), ['cart', 'profile', 'settings']);
});

test('an installed integration the definition does not list is kept and said so; a changed version is a reinstall', async () => {
  const bot = supportBot();
  const withoutTelegram = await source((t) => t.replace(/\n\s*\.addIntegration\(installed\('telegram'[^\n]*/, ''));
  const prepared = await prepareSdkBot(world.client, withoutTelegram, bot.id);
  assert.equal(deletions(prepared.plan.changes).total, 0);
  assert.equal(prepared.plan.notes![0], 'Kept (installed, not in the definition): telegram.');
  assert.ok(!Object.hasOwn(prepared.plan.body.integrations as object, 'telegram'));

  const slack = (await world.official.getPublicIntegration({ name: 'slack', version: 'latest' })).integration;
  const swapped = await source((t) => t.replace("installed('webchat', '2.3.4')", `installed('slack', '${slack.version}')`));
  const added = (await prepareSdkBot(world.client, swapped, bot.id)).plan;
  assert.equal(added.notes![0], 'Kept (installed, not in the definition): webchat.');
  assert.ok(describeChanges(added.changes).includes(`Integrations: + slack`), describeChanges(added.changes).join('\n'));

  // Another version under the same alias: the installation is replaced, and the preview says it.
  await world.official.createIntegration({ name: 'webchat', version: '9.0.0', title: 'Webchat (private build)' });
  const upgraded = await source((t) => t.replace("installed('webchat', '2.3.4')", "installed('webchat', '9.0.0')"));
  const plan = (await prepareSdkBot(world.client, upgraded, bot.id)).plan;
  assert.match(plan.notes!.join('\n'), /Reinstalls webchat: another integration or version replaces webchat 2\.3\.4/);
  assert.ok(describeChanges(plan.changes).includes('Integrations: ~ webchat (reinstalled)'), describeChanges(plan.changes).join('\n'));
});
