// `npm run test:desktop`: the host suite in desktop VS Code through @vscode/test-electron, the extension
// loaded from this folder (build first). Uses VSCODE_EXECUTABLE_PATH when set, otherwise the VS Code
// test-electron downloads (needs https://update.code.visualstudio.com). Exits non-zero, saying why, when
// no desktop VS Code can be had.
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleHostSuite } from './bundle';

const root = path.join(__dirname, '..', '..');

async function main(): Promise<number> {
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) return 1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-desktop-suite-'));
  try {
    const suite = await bundleHostSuite(path.join(dir, 'suite.js'));
    const workspace = path.join(dir, 'demo-workspace');
    fs.cpSync(path.join(root, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });
    try {
      return await runTests({
        vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
        extensionDevelopmentPath: root,
        extensionTestsPath: suite,
        launchArgs: [workspace, '--disable-extensions', '--user-data-dir', path.join(dir, 'user-data')],
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(
        `desktop VS Code could not run the host suite: ${reason}\n` +
          'Set VSCODE_EXECUTABLE_PATH to a VS Code executable, or run where update.code.visualstudio.com is reachable ' +
          '(Linux without a display also needs xvfb-run). The same suite runs offline in code-server: npm test e2e.',
      );
      return 1;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
