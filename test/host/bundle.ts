// Bundles the host suite (test/host/*.host.ts + the harness) into one CommonJS file that a real extension
// host can load: `vscode` stays external. Used by the code-server runner, the desktop runner and benches.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const hostDir = __dirname;

export function hostTestFiles(): string[] {
  return fs
    .readdirSync(hostDir)
    .filter((name) => name.endsWith('.host.ts'))
    .sort()
    .map((name) => path.join(hostDir, name));
}

/**
 * Bundles a module for the extension host. `entry` is TypeScript source resolved from test/host/; the
 * result must export `runAll(report)` for the runner extension (and `run()` for @vscode/test-electron).
 */
export async function bundleForHost(outFile: string, entry: string, resolveDir = hostDir): Promise<string> {
  await build({
    stdin: { contents: entry, resolveDir, sourcefile: 'host-entry.ts', loader: 'ts' },
    outfile: outFile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    define: { HOST_FIXTURES_DIR: JSON.stringify(path.join(hostDir, '..', 'fixtures')) },
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return outFile;
}

/** The host suite: every *.host.ts file (or the given ones), in file-name order. */
export function bundleHostSuite(outFile: string, files: string[] = hostTestFiles()): Promise<string> {
  const imports = files.map((file) => `import ${JSON.stringify(file)};`).join('\n');
  return bundleForHost(
    outFile,
    `${imports}
import { runAll, printResult } from './harness';
export { runAll };
export function run() { return runAll(printResult); }
`,
  );
}
