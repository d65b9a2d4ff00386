// The test ladder: `npm test [layer…]` with layers unit, contract, e2e (the e2e layer also runs the
// host suite inside a real VS Code). Builds first, runs each layer with node's test runner, and ends
// with one closing line summing them all.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const layers = ['unit', 'contract', 'e2e'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? wanted : layers;
for (const l of selected) {
  if (!layers.includes(l)) {
    console.error(`unknown layer "${l}"; layers: ${layers.join(', ')}`);
    process.exit(2);
  }
}

function testFiles(dir) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts')) out.push(path.relative(root, p));
    }
  };
  walk(path.join(root, 'test', dir));
  return out.sort();
}

const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The SDK fixture projects resolve the official SDK from one shared install (test/fixtures/sdk); the ADK fixture
// agents resolve @botpress/runtime from theirs (test/fixtures/adk), and some are evaluated with the esbuild 0.16 an
// agent can have (test/fixtures/adk-esbuild-0.16).
for (const [folder, marker] of [
  ['sdk', ['@botpress', 'sdk']],
  ['adk', ['@botpress', 'runtime']],
  ['adk-esbuild-0.16', ['esbuild']],
]) {
  const fixtures = path.join(root, 'test', 'fixtures', folder);
  if (fs.existsSync(path.join(fixtures, 'node_modules', ...marker, 'package.json'))) continue;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['ci', '--prefix', fixtures, '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const totals = { pass: 0, fail: 0, skipped: 0 };
for (const layer of selected) {
  const files = testFiles(layer);
  if (!files.length) continue;
  console.log(`\n=== ${layer}: ${files.length} file(s)`);
  if (layer === 'e2e') {
    // A real VS Code and browser, provisioned once (minutes the first time) outside any test's timeout.
    const provisioned = spawnSync(process.execPath, [path.join(__dirname, 'provision.js')], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (provisioned.status !== 0) {
      totals.fail++;
      continue;
    }
  }
  const args = ['--import', 'tsx', '--test', '--test-reporter=spec'];
  if (layer === 'e2e') args.push('--test-concurrency=1');
  const run = spawnSync(process.execPath, [...args, ...files], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  process.stdout.write(run.stdout);
  const count = (name) => Number((run.stdout.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  totals.pass += count('pass');
  totals.fail += count('fail') + (run.status !== 0 && count('fail') === 0 ? 1 : 0);
  totals.skipped += count('skipped');
}
console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(totals.fail ? 1 : 0);
