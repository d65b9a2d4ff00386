// The demo workspace as `npm start` and the end-to-end tests open it: a copy of test/fixtures/demo-workspace
// with what its projects build with installed (its package.json and lockfile: the official SDK, zui, the
// client, esbuild). The packages are installed from the registry once per lockfile, kept in the
// provisioning cache, and copied into each copy of the demo.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { cacheRoot } = require('./provision');

const demoSource = path.join(__dirname, '..', 'test', 'fixtures', 'demo-workspace');

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Folders of the demo with packages of their own (the ADK agent's runtime, apart from the SDK projects' packages). */
const ownPackages = ['order-agent'];

/** The node_modules of the demo (or of one of its folders) for its current lockfile, installed into the cache unless already there. */
function demoModules(sub = '') {
  const source = path.join(demoSource, sub);
  const lockfile = fs.readFileSync(path.join(source, 'package-lock.json'));
  const dir = path.join(cacheRoot, `demo-modules-${crypto.createHash('sha256').update(lockfile).digest('hex').slice(0, 16)}`);
  const complete = path.join(dir, '.complete');
  if (fs.existsSync(complete)) return path.join(dir, 'node_modules');
  const lock = `${dir}.lock`;
  fs.mkdirSync(cacheRoot, { recursive: true });
  for (let waited = 0; ; waited += 250) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (waited > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      sleepSync(250);
    }
  }
  try {
    if (!fs.existsSync(complete)) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(source, file), path.join(dir, file));
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`installing the demo's packages (npm ci) failed:\n${result.stdout}\n${result.stderr}`);
      fs.writeFileSync(complete, '');
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return path.join(dir, 'node_modules');
}

/** Copies the demo workspace to `folder` (which must not exist) with its packages installed; returns `folder`. */
function layOutDemo(folder) {
  const modules = demoModules();
  fs.cpSync(demoSource, folder, {
    recursive: true,
    filter: (src) => !/(^|[\\/])node_modules([\\/]|$)/.test(path.relative(demoSource, src)),
  });
  fs.cpSync(modules, path.join(folder, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  for (const sub of ownPackages)
    fs.cpSync(demoModules(sub), path.join(folder, sub, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  return folder;
}

module.exports = { demoSource, layOutDemo };
