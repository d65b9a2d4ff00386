// Integration names as `bp deploy` gives them (`<workspace handle>/<name>`, a handle claimed first when the
// workspace has none), and the service's dry run before the deploy question, against the demo emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/api/errors';
import { loadEsbuild } from '../../../src/deploy/bundle';
import { claimHandle, integrationNaming, splitHandle } from '../../../src/deploy/handle';
import { sendIntegration, validateIntegration } from '../../../src/deploy/pipeline';
import { prepareSdkIntegration, type SdkDeploySource } from '../../../src/deploy/sdk';
import { fixture } from '../sdk/helpers';
import { sdkDemoWorkspace } from './demoWorkspace';

const world = sdkDemoWorkspace();

async function integrationSource(): Promise<SdkDeploySource> {
  const evaluation = await world.evaluator.evaluate(fixture('integration', 'integration.definition.ts'));
  return { evaluation, esbuild: loadEsbuild(evaluation.project.root).esbuild, sourceMaps: false };
}

test('a private integration is named <workspace handle>/<name>; a handle of another workspace is refused', async () => {
  assert.deepEqual(splitHandle('acme/weather'), { handle: 'acme', name: 'weather' });
  const plain = await integrationNaming(world.client, 'weather-sdk');
  assert.equal(plain.kind, 'named');
  assert.equal(plain.kind === 'named' && plain.name, 'acme-support/weather-sdk');
  assert.match((plain.kind === 'named' && plain.note) || '', /Named acme-support\/weather-sdk/);
  assert.deepEqual(await integrationNaming(world.client, 'acme-support/weather-sdk'), { kind: 'named', name: 'acme-support/weather-sdk' });
  const other = await integrationNaming(world.client, 'personal-sandbox/weather-sdk');
  assert.equal(other.kind, 'refused');
  assert.match(other.kind === 'refused' ? other.reason : '', /workspace "Personal Sandbox"/);
  const nobody = await integrationNaming(world.client, 'nobody/weather-sdk');
  assert.match(nobody.kind === 'refused' ? nobody.reason : '', /not the handle of any of your workspaces/);
});

test('a workspace without a handle must claim one: a free one is claimed, a taken one offers suggestions', async () => {
  const acme = world.emu.store.workspace(world.client.workspaceId!)!;
  const handle = acme.handle;
  delete (acme as { handle?: string }).handle;
  try {
    assert.deepEqual(await integrationNaming(world.client, 'weather-sdk'), {
      kind: 'claim',
      workspaceName: 'Acme Support',
      localName: 'weather-sdk',
    });
    assert.deepEqual(await integrationNaming(world.client, 'acme/weather-sdk'), {
      kind: 'claim',
      workspaceName: 'Acme Support',
      localName: 'weather-sdk',
      handle: 'acme',
    });
    assert.equal((await integrationNaming(world.client, 'personal-sandbox/weather-sdk')).kind, 'refused');
    const taken = await claimHandle(world.client, 'personal-sandbox');
    assert.equal(taken.claimed, false);
    assert.ok(!taken.claimed && taken.suggestions.length > 0);
    assert.equal(acme.handle, undefined);
    assert.deepEqual(await claimHandle(world.client, 'acme'), { claimed: true });
    assert.equal((await world.official.getWorkspace({ id: acme.id })).handle, 'acme');
    assert.deepEqual(await integrationNaming(world.client, 'acme/weather-sdk'), { kind: 'named', name: 'acme/weather-sdk' });
  } finally {
    acme.handle = handle;
  }
});

test('the dry run before the question: an accepted deploy is said so, a refused one stops with its error, nothing stored', async () => {
  const src = await integrationSource();
  const count = world.emu.store.integrations.size;
  const prepared = await prepareSdkIntegration(world.client, src, async () => ({ API_KEY: 'k' }), { name: 'acme-support/weather-sdk' });
  assert.equal(prepared.plan!.body.name, 'acme-support/weather-sdk');
  await validateIntegration(world.client, prepared);
  assert.deepEqual(prepared.plan!.notes, ['Checked by the service (validateIntegrationCreation): it accepts this deploy.']);
  assert.equal(world.emu.store.integrations.size, count);

  const refused = await prepareSdkIntegration(world.client, src, async () => ({ apiKey: 'k' }), { name: 'acme-support/weather-sdk' });
  await assert.rejects(
    validateIntegration(world.client, refused),
    (e: unknown) => ApiError.is(e, 'InvalidPayload') && /SCREAMING_SNAKE_CASE/.test(e.message),
  );
  assert.equal(world.emu.store.integrations.size, count);

  const created = await sendIntegration(world.client, prepared);
  assert.equal(created.name, 'acme-support/weather-sdk');
  const update = await prepareSdkIntegration(world.client, src, async () => ({}), { name: 'acme-support/weather-sdk' });
  assert.equal(update.existing?.id, created.id);
  await validateIntegration(world.client, update);
  assert.deepEqual(update.plan!.notes, ['Checked by the service (validateIntegrationUpdate): it accepts this deploy.']);
});
