// The emulator seeded with the demo data, reached on its "Acme Support" workspace by our client and the
// official @botpress/client, for the deploy tests that read back what they sent.
import { after, before } from 'node:test';
import { Client } from '@botpress/client';
import { BotpressClient } from '../../../src/api/botpress';
import { HttpClient } from '../../../src/api/http';
import assert from 'node:assert/strict';
import { loadEsbuild } from '../../../src/deploy/bundle';
import type { SdkDeploySource } from '../../../src/deploy/sdk';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { SdkEvaluator } from '../../../src/sdk/evaluator';
import { requireSdkFixtures } from '../sdk/helpers';

export interface DemoWorkspace {
  emu: Emulator;
  /** Closed by the caller, with the emulator. */
  http: HttpClient;
  client: BotpressClient;
  official: Client;
}

export async function startDemoWorkspace(): Promise<DemoWorkspace> {
  const emu = await startEmulator({ seed: 'demo' });
  const http = new HttpClient({ retry: { maxAttempts: 1 } });
  const account = new BotpressClient({ apiUrl: emu.url, token: emu.token, http });
  const { workspaces } = await account.listWorkspaces({});
  const workspaceId = workspaces.find((w) => w.name === 'Acme Support')!.id;
  return {
    emu,
    http,
    client: account.withWorkspace(workspaceId),
    official: new Client({ apiUrl: emu.url, token: emu.token, workspaceId }),
  };
}

/** The demo workspace and an SDK evaluator for the tests of one file: started before them, closed after. */
export function sdkDemoWorkspace(): DemoWorkspace & { evaluator: SdkEvaluator } {
  const world = {} as DemoWorkspace & { evaluator: SdkEvaluator };
  before(async () => {
    requireSdkFixtures();
    Object.assign(world, await startDemoWorkspace(), { evaluator: new SdkEvaluator({ timeoutMs: 20000 }) });
  });
  after(async () => {
    world.evaluator.dispose();
    await world.http.close();
    await world.emu.close();
  });
  return world;
}

/** An SDK definition evaluated without errors (`text`: unsaved text instead of the file), ready to deploy with its project's esbuild. */
export async function evaluatedSource(evaluator: SdkEvaluator, file: string, text?: string): Promise<SdkDeploySource> {
  const evaluation = await evaluator.evaluate(file, text === undefined ? {} : { text });
  assert.deepEqual(
    evaluation.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return { evaluation, esbuild: loadEsbuild(evaluation.project.root).esbuild, sourceMaps: false };
}
