// A worker thread's entry bundled as the extension ships it (plain JavaScript), into a temporary folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/** Bundles `entry` (from the repository's root) to `<tmp>/<name>`; returns the script and its folder, to remove after. */
export function bundleWorker(entry: string, name: string): { script: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-worker-'));
  const script = path.join(dir, name);
  buildSync({
    entryPoints: [path.join(__dirname, '../..', entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    logLevel: 'error',
  });
  return { script, dir };
}
