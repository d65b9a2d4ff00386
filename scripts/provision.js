// Provisions what a real VS Code needs on this machine, outside the repository and reused across runs:
// Node 24 (npm package `node`), code-server (needs Node 24 to install and run; compiles native modules,
// which needs Debian's libkrb5-dev) and Debian's Chromium for the browser tests. Everything is keyed by
// version under ${XDG_CACHE_HOME:-~/.cache}/botpress-toolkit/, and a lock keeps two runs from installing
// at once. `node scripts/provision.js` provisions and prints the paths; `require()` it for `provision()`.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
const CHROMIUM = '/usr/bin/chromium';

const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'botpress-toolkit');

const log = (message) => process.stderr.write(`[provision] ${message}\n`);

/** Paths of a provisioned toolchain, whether or not it is installed yet. */
function paths() {
  const nodeDir = path.join(cacheRoot, `node-${NODE_VERSION}`);
  const nodePackage = path.join(nodeDir, 'node_modules', 'node');
  // The platform package behind `node` holds the binary and the headers native modules compile against.
  const nodeHome = path.join(nodePackage, 'node_modules', `node-${process.platform}-${process.arch}`);
  const codeServerDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
  return {
    nodeDir,
    nodeHome,
    nodeBin: path.join(nodeHome, 'bin'),
    node: path.join(nodeHome, 'bin', 'node'),
    codeServerDir,
    codeServer: path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
  };
}

const done = (dir) => fs.existsSync(path.join(dir, '.complete'));

/** Runs a command, echoing its output prefixed; rejects with its last lines when it fails. */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = [];
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (options.echo) log(`  ${line}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${tail.join('\n')}`)),
    );
  });
}

/** Seconds elapsed, printed every 20 s while a long step runs, so a person sees it is alive. */
async function withProgress(label, work) {
  const started = Date.now();
  log(`${label}…`);
  const timer = setInterval(() => log(`${label}: ${Math.round((Date.now() - started) / 1000)} s`), 20_000);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  log(`${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Holds a directory lock for `work`; waits for a live holder, takes over from a dead one. */
async function withLock(work) {
  fs.mkdirSync(cacheRoot, { recursive: true });
  const lock = path.join(cacheRoot, '.lock');
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readOr(path.join(lock, 'pid'), '0'));
      if (holder && !alive(holder)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another provisioning run (pid ${holder || '?'}) to finish`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const hasDebianPackage = (name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status === 0;

/** Installs Debian packages when missing: as root with apt-get, otherwise stops saying how. */
async function ensureDebianPackages(names) {
  const missing = names.filter((n) => !hasDebianPackage(n));
  if (!missing.length) return;
  if (!isRoot()) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  await withProgress(`apt-get install ${missing.join(' ')}`, async () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-qq'], { env });
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  });
}

/** A clean npm install of `spec` into `dir`, marked complete only when it succeeded. */
async function npmInstall(dir, spec, env) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--foreground-scripts', spec], {
    cwd: dir,
    env,
    echo: Boolean(process.env.PROVISION_VERBOSE),
  });
  fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString());
}

async function ensureNode(p) {
  if (done(p.nodeDir)) return;
  await withProgress(`installing Node ${NODE_VERSION}`, () => npmInstall(p.nodeDir, `node@${NODE_VERSION}`, process.env));
  const version = spawnSync(p.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (version !== `v${NODE_VERSION}`) throw new Error(`Node ${NODE_VERSION} install gave "${version}"`);
}

async function ensureCodeServer(p) {
  if (done(p.codeServerDir)) return;
  await ensureDebianPackages(['libkrb5-dev']);
  // Native modules are compiled against Node 24's own headers, never the system Node's.
  const env = { ...process.env, PATH: `${p.nodeBin}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: p.nodeHome };
  await withProgress(`installing code-server ${CODE_SERVER_VERSION} (compiles native modules, about 3 minutes)`, () =>
    npmInstall(p.codeServerDir, `code-server@${CODE_SERVER_VERSION}`, env),
  );
}

async function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (!isRoot()) throw new Error(`Chromium is missing at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium`);
  await ensureDebianPackages(['chromium']);
}

/**
 * Makes sure Node 24, code-server and (unless `browser: false`) Chromium are installed; returns their
 * paths. Cheap when everything is already there.
 */
async function provision({ browser = true } = {}) {
  const p = paths();
  const browserMissing = browser && !fs.existsSync(CHROMIUM);
  if (!done(p.nodeDir) || !done(p.codeServerDir) || browserMissing) {
    await withLock(async () => {
      if (browser) await ensureChromium();
      await ensureNode(p);
      await ensureCodeServer(p);
    });
  }
  return p;
}

module.exports = { provision, paths, cacheRoot };

if (require.main === module) {
  provision().then(
    (p) => console.log(JSON.stringify(p, null, 2)),
    (error) => {
      console.error(`[provision] ${error.message}`);
      process.exit(1);
    },
  );
}
