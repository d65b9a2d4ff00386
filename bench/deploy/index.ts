// Deploying a bot to the local emulator, against the floor measured in the same run: the raw esbuild
// bundle of the same entry (same options) plus one PUT of the same body to the same server with undici.
// Ours reads and checks the definition, bundles while it reads the bot (for the preview's plan), plans
// and sends. The emulator runs in a process of its own, as a server would, so its work is not counted
// in either. Rounds alternate which goes first. Target: at most 1.25× the floor.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Agent } from 'undici';
import { BotpressClient } from '../../src/api/botpress';
import { HttpClient } from '../../src/api/http';
import { validateDefinition } from '../../src/core/definitions';
import { loadEsbuild } from '../../src/deploy/bundle';
import { prepareBot, sendBot, type DeploySource } from '../../src/deploy/pipeline';
import { prepareSdkBot } from '../../src/deploy/sdk';
import { SdkEvaluator } from '../../src/sdk/evaluator';
import { emulatorProcess } from '../emulator';

const ROUNDS = 30;
const WARMUP = 5;
const TARGET = 1.25;
const repo = path.join(__dirname, '..', '..');
const demoBot = path.join(repo, 'test', 'fixtures', 'yaml-projects', 'support-bot');

/** The sample bots: the demo bot as it is, and the same bot whose code also bundles a real library. */
function sampleBots(tmp: string): { label: string; dir: string }[] {
  const withLibrary = path.join(tmp, 'support-bot-yaml');
  fs.cpSync(demoBot, withLibrary, { recursive: true });
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(withLibrary, 'node_modules'), 'dir');
  fs.appendFileSync(
    path.join(withLibrary, 'src', 'index.ts'),
    "\nimport { parse } from 'yaml';\nexport const settings = (text: string) => parse(text) as Record<string, unknown>;\n",
  );
  return [
    { label: 'demo support-bot', dir: demoBot },
    { label: 'support-bot + yaml library', dir: withLibrary },
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type EmulatorAddress = { url: string; token: string };

/** The floor's request: one PUT of the deploy's body straight to the emulator. */
async function putBot(agent: Agent, emu: EmulatorAddress, workspaceId: string, botId: string, body: string): Promise<void> {
  const res = await agent.request({
    origin: emu.url,
    path: `/v1/admin/bots/${botId}`,
    method: 'PUT',
    headers: { authorization: `Bearer ${emu.token}`, 'x-workspace-id': workspaceId, 'content-type': 'application/json' },
    body,
  });
  await res.body.json();
  if (res.statusCode !== 200) throw new Error(`PUT answered ${res.statusCode}`);
}

/** Times of ours and of the floor after a warm-up, each round alternating which goes first. */
async function interleaved(ours: () => Promise<unknown>, floor: () => Promise<unknown>): Promise<{ ours: number[]; floor: number[] }> {
  const times = { ours: [] as number[], floor: [] as number[] };
  for (let i = 0; i < WARMUP; i++) {
    await floor();
    await ours();
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order: [keyof typeof times, () => Promise<unknown>][] =
      round % 2
        ? [
            ['ours', ours],
            ['floor', floor],
          ]
        : [
            ['floor', floor],
            ['ours', ours],
          ];
    for (const [name, fn] of order) {
      const t = performance.now();
      await fn();
      times[name].push(performance.now() - t);
    }
  }
  return times;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-bench-deploy-'));
  const emu = await emulatorProcess();
  const http = new HttpClient({ retry: { maxAttempts: 1 } });
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  let missed = false;
  try {
    const account = new BotpressClient({ apiUrl: emu.url, token: emu.token, http });
    const workspaceId = (await account.listWorkspaces({})).workspaces.find((w) => w.name === 'Acme Support')!.id;
    const client = account.withWorkspace(workspaceId);
    const { esbuild } = loadEsbuild(repo);

    for (const sample of sampleBots(tmp)) {
      const file = path.join(sample.dir, 'bot.definition.yaml');
      const botId = (await client.createBot({ name: 'bench-bot' })).bot.id;

      /** Where ours spends its time: read and check, bundle ∥ read the bot + plan, send. */
      const phases = { check: [] as number[], prepare: [] as number[], send: [] as number[] };
      const ours = async () => {
        let t = performance.now();
        const lap = (phase: keyof typeof phases) => {
          const now = performance.now();
          phases[phase].push(now - t);
          t = now;
        };
        const text = await fs.promises.readFile(file, 'utf8');
        const checked = validateDefinition(text, { kind: 'bot', fileName: file, fileExists: (p) => fs.existsSync(p) });
        if (!checked.definition || checked.problems.some((p) => p.severity === 'error'))
          throw new Error('the sample definition has errors');
        lap('check');
        const source: DeploySource = { definition: checked.definition, dir: sample.dir, sourceMaps: false, esbuild: () => esbuild };
        const prepared = await prepareBot(client, source, botId);
        lap('prepare');
        await sendBot(client, prepared, { botId, name: 'bench-bot' });
        lap('send');
        return prepared;
      };
      // The floor sends exactly the body ours sends.
      const sample0 = await ours();
      const body = JSON.stringify({ ...sample0.plan.body, code: sample0.code!.code });
      const entry = path.join(sample.dir, String(sample0.code && 'src/index.ts'));
      const floor = async () => {
        await esbuild.build({
          entryPoints: [entry],
          absWorkingDir: sample.dir,
          outfile: path.join(sample.dir, 'out.js'),
          write: false,
          bundle: true,
          platform: 'node',
          format: 'cjs',
          target: 'node18',
          minify: true,
          logLevel: 'silent',
        });
        await putBot(agent, emu, workspaceId, botId, body);
      };

      const times = await interleaved(ours, floor);
      const ratio = median(times.ours) / median(times.floor);
      missed ||= ratio > TARGET;
      console.log(`${sample.label}: code ${(sample0.code!.bytes / 1000).toFixed(1)} kB, ${ROUNDS} rounds each, interleaved`);
      console.log(`  floor (esbuild + one PUT)  median ${median(times.floor).toFixed(2)} ms`);
      console.log(`  deploy (check, bundle ∥ read bot, plan, PUT)  median ${median(times.ours).toFixed(2)} ms`);
      console.log(
        `    of which: read and check ${median(phases.check).toFixed(2)} ms, ` +
          `bundle ∥ read bot + plan ${median(phases.prepare).toFixed(2)} ms, PUT ${median(phases.send).toFixed(2)} ms`,
      );
      console.log(`  ratio deploy/floor: ${ratio.toFixed(2)}×  (target ≤ ${TARGET}×: ${ratio <= TARGET ? 'met' : 'MISSED'})`);
    }
    missed = (await sdkBot(client, agent, emu, workspaceId)) || missed;
  } finally {
    await agent.close();
    await http.close();
    emu.child.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (missed) process.exitCode = 1;
}

/**
 * The fixture SDK bot (test/fixtures/sdk/bot): a warm evaluation of its definition, its code bundled as
 * `bp bundle` does with the project's esbuild ∥ the bot read, the plan, one PUT; against esbuild of the
 * same entry and one PUT of the same body.
 */
async function sdkBot(client: BotpressClient, agent: Agent, emu: EmulatorAddress, workspaceId: string): Promise<boolean> {
  const root = path.join(repo, 'test', 'fixtures', 'sdk', 'bot');
  const file = path.join(root, 'bot.definition.ts');
  const projectEsbuild = loadEsbuild(root).esbuild;
  const evaluator = new SdkEvaluator();
  const botId = (await client.createBot({ name: 'bench-sdk-bot' })).bot.id;
  try {
    const ours = async () => {
      const evaluation = await evaluator.evaluate(file);
      if (evaluation.problems.some((p) => p.severity === 'error')) throw new Error('the fixture SDK bot has errors');
      const prepared = await prepareSdkBot(client, { evaluation, esbuild: projectEsbuild, sourceMaps: false }, botId);
      await sendBot(client, prepared, { botId, name: 'bench-sdk-bot' });
      return prepared;
    };
    const sample = await ours();
    const body = JSON.stringify({ ...sample.plan.body, code: sample.code!.code });
    const floor = async () => {
      await projectEsbuild.build({
        stdin: {
          contents: "import x from './src/index'; export default x; export const handler = x.handler;",
          resolveDir: root,
          loader: 'ts',
        },
        absWorkingDir: root,
        write: false,
        bundle: true,
        platform: 'node',
        target: 'es2020',
        minify: true,
        keepNames: true,
        logLevel: 'silent',
      });
      await putBot(agent, emu, workspaceId, botId, body);
    };
    const times = await interleaved(ours, floor);
    const ratio = median(times.ours) / median(times.floor);
    console.log(`SDK bot (test/fixtures/sdk/bot): code ${(sample.code!.bytes / 1000).toFixed(1)} kB, ${ROUNDS} rounds each, interleaved`);
    console.log(`  floor (esbuild of the bp bundle entry + one PUT)  median ${median(times.floor).toFixed(2)} ms`);
    console.log(`  deploy (warm evaluation, bundle ∥ read bot, plan, PUT)  median ${median(times.ours).toFixed(2)} ms`);
    console.log(`  ratio deploy/floor: ${ratio.toFixed(2)}×  (target ≤ ${TARGET}×: ${ratio <= TARGET ? 'met' : 'MISSED'})`);
    return ratio > TARGET;
  } finally {
    evaluator.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
