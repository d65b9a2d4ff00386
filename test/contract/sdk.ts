// Bot code on the official SDK (test/fixtures/sdk, installed by .ci/run and `npm test`), bundled exactly as
// `bp bundle` does: an entry importing the project's src module and re-exporting its handler; node
// platform, es2020, CommonJS, keepNames.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

export const sdkDir = path.join(__dirname, '..', 'fixtures', 'sdk');

/** Bundles `<project>/<entry>` (e.g. `src/index`) the way `bp bundle` writes .botpress/dist/index.cjs. */
/** `nodePaths`: where packages the project does not install resolve from (the demo's projects: the SDK fixture's). */
/** `sourceMaps`: inline ones, as the toolkit's deploy writes them when asked. */
export async function bundleBot(project: string, entry = 'src/index', nodePaths: string[] = [], sourceMaps = false): Promise<string> {
  if (!fs.existsSync(path.join(sdkDir, 'node_modules', '@botpress', 'sdk')))
    throw new Error(`The official SDK is not installed: npm ci --prefix ${sdkDir}`);
  const result = await build({
    stdin: {
      contents: `import x from './${entry}'; export default x; export const handler = x.handler;`,
      resolveDir: project,
      loader: 'ts',
    },
    absWorkingDir: project,
    nodePaths: [path.join(sdkDir, 'node_modules'), ...nodePaths], // projects elsewhere (the demo's) resolve the SDK here too
    bundle: true,
    platform: 'node',
    target: 'es2020',
    format: 'cjs',
    keepNames: true,
    legalComments: 'none',
    sourcemap: sourceMaps ? 'inline' : false,
    logLevel: 'silent',
    write: false,
  });
  return result.outputFiles[0].text;
}
