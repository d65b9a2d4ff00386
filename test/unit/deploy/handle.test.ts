// Integration names as `bp deploy` gives them (`<workspace handle>/<name>`, a handle claimed first when the
// workspace has none), and the service's dry run before the deploy question, against the demo emulator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@botpress/client';
import type { BotpressClient } from '../../../src/api/botpress';
import { ApiError } from '../../../src/api/errors';
import type { HttpClient } from '../../../src/api/http';
import { loadEsbuild } from '../../../src/deploy/bundle';
import { claimHandle, integrationNaming, splitHandle } from '../../../src/deploy/handle';
import { sendIntegration, validateIntegration } from '../../../src/deploy/pipeline';
import { prepareSdkIntegration, type SdkDeploySource } from '../../../src/deploy/sdk';
import type { Emulator } from '../../../src/emulator';
import { SdkEvaluator } from '../../../src/sdk/evaluator';
import { fixture, requireSdkFixtures } from '../sdk/helpers';
import { startDemoWorkspace } from './demoWorkspace';

let emu: Emulator;
let http: HttpClient;
let client: BotpressClient;
let official: Client;
let evaluator: SdkEvaluator;

before(async () => {
  requireSdkFixtures();
  ({ emu, http, client, official } = await startDemoWorkspace());
  evaluator = new SdkEvaluator({ timeoutMs: 20000 });
});
after(async () => {
  evaluator.dispose();
  await http.close();
  await emu.close();
});

async function integrationSource(): Promise<SdkDeploySource> {
  const evaluation = await evaluator.evaluate(fixture('integration', 'integration.definition.ts'));
  return { evaluation, esbuild: loadEsbuild(evaluation.project.root).esbuild, sourceMaps: false };
}

test('a private integration is named <workspace handle>/<name>; a handle of another workspace is refused', async () => {
  assert.deepEqual(splitHandle('acme/weather'), { handle: 'acme', name: 'weather' });
  const plain = await integrationNaming(client, 'weather-sdk');
  assert.equal(plain.kind, 'named');
  assert.equal(plain.kind === 'named' && plain.name, 'acme-support/weather-sdk');
  assert.match((plain.kind === 'named' && plain.note) || '', /Named acme-support\/weather-sdk/);
  assert.deepEqual(await integrationNaming(client, 'acme-support/weather-sdk'), { kind: 'named', name: 'acme-support/weather-sdk' });
  const other = await integrationNaming(client, 'personal-sandbox/weather-sdk');
  assert.equal(other.kind, 'refused');
  assert.match(other.kind === 'refused' ? other.reason : '', /workspace "Personal Sandbox"/);
  const nobody = await integrationNaming(client, 'nobody/weather-sdk');
  assert.match(nobody.kind === 'refused' ? nobody.reason : '', /not the handle of any of your workspaces/);
});

test('a workspace without a handle must claim one: a free one is claimed, a taken one offers suggestions', async () => {
  const acme = emu.store.workspace(client.workspaceId!)!;
  const handle = acme.handle;
  delete (acme as { handle?: string }).handle;
  try {
    assert.deepEqual(await integrationNaming(client, 'weather-sdk'), {
      kind: 'claim',
      workspaceName: 'Acme Support',
      localName: 'weather-sdk',
    });
    assert.deepEqual(await integrationNaming(client, 'acme/weather-sdk'), {
      kind: 'claim',
      workspaceName: 'Acme Support',
      localName: 'weather-sdk',
      handle: 'acme',
    });
    assert.equal((await integrationNaming(client, 'personal-sandbox/weather-sdk')).kind, 'refused');
    const taken = await claimHandle(client, 'personal-sandbox');
    assert.equal(taken.claimed, false);
    assert.ok(!taken.claimed && taken.suggestions.length > 0);
    assert.equal(acme.handle, undefined);
    assert.deepEqual(await claimHandle(client, 'acme'), { claimed: true });
    assert.equal((await official.getWorkspace({ id: acme.id })).handle, 'acme');
    assert.deepEqual(await integrationNaming(client, 'acme/weather-sdk'), { kind: 'named', name: 'acme/weather-sdk' });
  } finally {
    acme.handle = handle;
  }
});

test('the dry run before the question: an accepted deploy is said so, a refused one stops with its error, nothing stored', async () => {
  const src = await integrationSource();
  const count = emu.store.integrations.size;
  const prepared = await prepareSdkIntegration(client, src, async () => ({ API_KEY: 'k' }), { name: 'acme-support/weather-sdk' });
  assert.equal(prepared.plan!.body.name, 'acme-support/weather-sdk');
  await validateIntegration(client, prepared);
  assert.deepEqual(prepared.plan!.notes, ['Checked by the service (validateIntegrationCreation): it accepts this deploy.']);
  assert.equal(emu.store.integrations.size, count);

  const refused = await prepareSdkIntegration(client, src, async () => ({ apiKey: 'k' }), { name: 'acme-support/weather-sdk' });
  await assert.rejects(
    validateIntegration(client, refused),
    (e: unknown) => ApiError.is(e, 'InvalidPayload') && /SCREAMING_SNAKE_CASE/.test(e.message),
  );
  assert.equal(emu.store.integrations.size, count);

  const created = await sendIntegration(client, prepared);
  assert.equal(created.name, 'acme-support/weather-sdk');
  const update = await prepareSdkIntegration(client, src, async () => ({}), { name: 'acme-support/weather-sdk' });
  assert.equal(update.existing?.id, created.id);
  await validateIntegration(client, update);
  assert.deepEqual(update.plan!.notes, ['Checked by the service (validateIntegrationUpdate): it accepts this deploy.']);
});
