// ADK agents: after a save in agent.config.ts or a primitive file of a real example agent (botpress/adk
// `examples/clause-extraction`, copied from the local mirror; else the fixture agent test/fixtures/adk/valid),
// the time to an updated outline and problems (the warm evaluator: incremental rebuild, re-import of what changed,
// placing), against the floor measured in the same run: the same incremental esbuild rebuild, then importing the
// bundle in a fresh Node process. Target: ≤ 1.5× the floor and ≤ 1.5 s. The cold first outline is reported too.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AdkEvaluator } from '../../src/adk/evaluator';
import { AGENT_CONFIG, findRuntime, primitiveFiles } from '../../src/adk/project';
import { agentBuildOptions, bundleRuntime, incrementalBuild, loadEsbuild, workDir, writeOutputs } from '../../src/adk/worker';

const fixtures = path.join(__dirname, '..', '..', 'test', 'fixtures', 'adk');
const mirror = '/work/.mirror/botpress+adk/repo';
const ROUNDS = 6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The agent benched: a real example when the mirror is there. */
function layOut(): { dir: string; source: string } {
  const dir = path.join(fixtures, '.tmp-bench');
  fs.rmSync(dir, { recursive: true, force: true });
  const from = 'examples/clause-extraction/bot';
  if (fs.existsSync(mirror)) {
    for (const f of execFileSync('git', ['-C', mirror, 'ls-tree', '-r', '--name-only', 'HEAD', from], { encoding: 'utf8' }).split('\n')) {
      if (!/\.(ts|json)$/.test(f)) continue;
      const target = path.join(dir, path.relative(from, f));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, execFileSync('git', ['-C', mirror, 'show', `HEAD:${f}`]));
    }
    return { dir, source: `botpress/adk ${from}` };
  }
  fs.cpSync(path.join(fixtures, 'valid'), dir, { recursive: true });
  return { dir, source: 'test/fixtures/adk/valid' };
}

/** A save: a primitive file (odd rounds) or agent.config.ts (even rounds) gains a new export value. */
function save(dir: string, round: number): void {
  const file = round % 2 ? primitiveFiles(dir).find((f) => f.kind === 'table')!.file : path.join(dir, AGENT_CONFIG);
  const text = fs.readFileSync(file, 'utf8').replace(/\nexport const benchRound = \d+;\n$/, '\n');
  fs.writeFileSync(file, `${text}\nexport const benchRound = ${round};\n`);
}

async function main(): Promise<void> {
  const { dir, source } = layOut();
  const runtime = findRuntime(dir);
  const esbuild = loadEsbuild(dir);
  if (!runtime || !esbuild) throw new Error('install the ADK fixtures first: npm ci --prefix test/fixtures/adk');
  try {
    const evaluator = new AdkEvaluator({ timeoutMs: 300_000 });
    let t = performance.now();
    const first = await evaluator.evaluate(dir);
    const cold = performance.now() - t;
    if (!first.outline || first.problems.length) throw new Error(`the agent does not evaluate clean: ${JSON.stringify(first.problems)}`);

    // The floor's build: the same options, its own incremental context and output folder.
    const runtimeFile = await bundleRuntime(esbuild, runtime, workDir(dir));
    const files = [path.join(dir, AGENT_CONFIG), ...primitiveFiles(dir).map((f) => f.file)];
    const outdir = path.join(workDir(dir), 'floor');
    const ctx = await incrementalBuild(esbuild, agentBuildOptions(dir, files, outdir, runtimeFile, runtime.dir));
    writeOutputs(await ctx.rebuild(), outdir, dir);

    const ours: number[] = [];
    const floor: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      save(dir, round);
      t = performance.now();
      const e = await evaluator.evaluate(dir);
      ours.push(performance.now() - t);
      if (e.problems.length || !e.outline) throw new Error(`round ${round}: ${JSON.stringify(e.problems)}`);

      t = performance.now();
      const entry = writeOutputs(await ctx.rebuild(), outdir, dir);
      const run = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(new URL(`file://${entry}`).href)}); for (const [, load] of m.files) await load();`,
        ],
        { encoding: 'utf8' },
      );
      floor.push(performance.now() - t);
      if (run.status !== 0) throw new Error(`the floor's import failed: ${run.stderr}`);
    }
    await ctx.dispose();
    evaluator.dispose();
    const [w, f] = [median(ours), median(floor)];
    const result = {
      agent: source,
      primitives: first.outline.primitives.length,
      coldFirstOutlineMs: Math.round(cold),
      warmMedianMs: Math.round(w),
      floorMedianMs: Math.round(f),
      ratio: Math.round((w / f) * 100) / 100,
      warmRoundsMs: ours.map(Math.round),
      floorRoundsMs: floor.map(Math.round),
      targets: { ratio: 1.5, ms: 1500 },
      pass: w <= 1.5 * f && w <= 1500,
    };
    console.log(JSON.stringify(result, null, 2));
    if (!result.pass) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
