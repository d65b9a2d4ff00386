// The official SDK for tests and benchmarks: installed once into test/fixtures/sdk (from its lockfile) when
// missing, and bot code bundled from it exactly as `bp bundle` does (an entry importing the project's
// src module and re-exporting its handler; node platform, es2020, CommonJS, keepNames).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

export const sdkDir = path.join(__dirname, '..', 'fixtures', 'sdk');

/** Installs test/fixtures/sdk's packages unless they are there (a directory lock keeps parallel runs apart). */
export function ensureSdk(): void {
  const installed = () => fs.existsSync(path.join(sdkDir, 'node_modules', '@botpress', 'sdk', 'package.json'));
  if (installed()) return;
  const lock = path.join(sdkDir, '.install.lock');
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (waited > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (installed()) return;
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: sdkDir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm ci in ${sdkDir} failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Bundles `<project>/<entry>` (e.g. `src/index`) the way `bp bundle` writes .botpress/dist/index.cjs. */
export async function bundleBot(project: string, entry = 'src/index'): Promise<string> {
  ensureSdk();
  const result = await build({
    stdin: { contents: `import x from './${entry}'; export default x; export const handler = x.handler;`, resolveDir: project, loader: 'ts' },
    absWorkingDir: project,
    bundle: true,
    platform: 'node',
    target: 'es2020',
    format: 'cjs',
    keepNames: true,
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
  });
  return result.outputFiles[0].text;
}
