// The emulator seeded with the demo data, reached on its "Acme Support" workspace by our client and the
// official @botpress/client, for the deploy tests that read back what they sent.
import { Client } from '@botpress/client';
import { BotpressClient } from '../../../src/api/botpress';
import { HttpClient } from '../../../src/api/http';
import assert from 'node:assert/strict';
import { loadEsbuild } from '../../../src/deploy/bundle';
import type { SdkDeploySource } from '../../../src/deploy/sdk';
import { startEmulator, type Emulator } from '../../../src/emulator';
import type { SdkEvaluator } from '../../../src/sdk/evaluator';

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

/** An SDK definition evaluated without errors (`text`: unsaved text instead of the file), ready to deploy with its project's esbuild. */
export async function evaluatedSource(evaluator: SdkEvaluator, file: string, text?: string): Promise<SdkDeploySource> {
  const evaluation = await evaluator.evaluate(file, text === undefined ? {} : { text });
  assert.deepEqual(
    evaluation.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return { evaluation, esbuild: loadEsbuild(evaluation.project.root).esbuild, sourceMaps: false };
}
