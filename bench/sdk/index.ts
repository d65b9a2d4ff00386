// From an edit of the fixture SDK bot (test/fixtures/sdk/bot) to its problems, with a warm worker,
// against the floor measured in the same run, in this process: the project's esbuild bundling the same
// definition, then node evaluating it (`Module._compile`) and turning its schemas into JSON Schema with
// the project's SDK. Two floors: as the official CLI does it (every dependency bundled in), and with the
// SDK left to node's require as the worker does (then warm, as in the worker). Targets: ≤ 1.5× the
// floor and ≤ 300 ms. Rounds alternate, so both see the same load.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { SdkEvaluator } from '../../src/sdk/evaluator';

const root = path.join(__dirname, '..', '..', 'test', 'fixtures', 'sdk', 'bot');
const file = path.join(root, 'bot.definition.ts');
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

type Esbuild = { build(o: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }> };
const esbuild = require(require.resolve('esbuild', { paths: [root] })) as Esbuild;
const sdk = require(require.resolve('@botpress/sdk', { paths: [root] })) as { transforms: { toJSONSchema(s: unknown): unknown } };

/** The floor: bundle the edited text, evaluate it, convert each schema. */
async function floor(text: string, external: string[]): Promise<void> {
  const result = await esbuild.build({
    stdin: { contents: text, resolveDir: root, sourcefile: file, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'es2020',
    keepNames: true,
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
    external,
  });
  const m = new Module(file);
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(root);
  (m as unknown as { _compile(c: string, f: string): void })._compile(result.outputFiles[0].text, file);
  const def = (m.exports as { default: Record<string, Record<string, { schema: unknown }>> }).default;
  for (const group of ['states', 'events']) for (const entry of Object.values(def[group] ?? {})) sdk.transforms.toJSONSchema(entry.schema);
}

async function main(): Promise<number> {
  const text = fs.readFileSync(file, 'utf8');
  const edit = (i: number) => text.replace('orderPlaced', `orderPlaced${i}`);
  const evaluator = new SdkEvaluator();
  const external = ['@botpress/sdk', '@botpress/client', '@bpinternal/zui'];
  try {
    // Warm-up: the worker loads the SDK, esbuild and TypeScript once; the floors load the SDK once.
    for (let i = 0; i < 3; i++) {
      await evaluator.evaluate(file, { text: edit(i) });
      await floor(edit(i), []);
      await floor(edit(i), external);
    }
    const ours: number[] = [];
    const cli: number[] = [];
    const same: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      const r = await evaluator.evaluate(file, { text: edit(100 + i) });
      ours.push(performance.now() - t);
      if (r.problems.some((p) => p.severity === 'error')) throw new Error(`unexpected problems: ${JSON.stringify(r.problems)}`);
      t = performance.now();
      await floor(edit(100 + i), []);
      cli.push(performance.now() - t);
      t = performance.now();
      await floor(edit(100 + i), external);
      same.push(performance.now() - t);
    }
    const o = median(ours);
    const c = median(cli);
    const s = median(same);
    console.log(`edit → problems, fixture bot, warm worker: median ${o.toFixed(1)} ms over ${rounds} rounds`);
    console.log(`floor as the CLI evaluates (SDK bundled in): median ${c.toFixed(1)} ms → ${(o / c).toFixed(2)}×`);
    console.log(`floor with the SDK left to require (warm): median ${s.toFixed(1)} ms → ${(o / s).toFixed(2)}×`);
    const met = o <= 300 && o <= 1.5 * c;
    console.log(`target ≤ 1.5× the floor and ≤ 300 ms: ${met ? 'met' : 'missed'}`);
    return 0;
  } finally {
    evaluator.dispose();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
