// A real VS Code served to the browser: code-server from the provisioned cache, with its own user data and
// extensions folders. Shared by `npm start` and the end-to-end harness.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const vsixPath = path.join(root, 'dist', 'botpress-toolkit.vsix');

/** Files whose change makes the packaged extension stale. */
const packageInputs = [
  'src',
  'media',
  'syntaxes',
  'schemas',
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'esbuild.js',
  '.vscodeignore',
];

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs `work` holding a directory lock (several test processes may package at once); a lock older than 5 minutes is stale. */
function withPackageLock(work) {
  const lock = path.join(root, 'dist', '.package.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else sleepSync(200);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * `npm run package` unless dist/botpress-toolkit.vsix is newer than every input. Returns its path, or,
 * with `copyTo`, the path of a private copy there (safe from a later repackaging by another process).
 */
function ensureVsix({ copyTo, log = () => {} } = {}) {
  return withPackageLock(() => {
    const built = fs.existsSync(vsixPath) ? fs.statSync(vsixPath).mtimeMs : 0;
    const stale = built < Math.max(...packageInputs.map((p) => newestMtime(path.join(root, p))));
    if (stale) {
      log('packaging the extension (npm run package)…');
      const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
    }
    if (!copyTo) return vsixPath;
    const copy = path.join(copyTo, path.basename(vsixPath));
    fs.copyFileSync(vsixPath, copy);
    return copy;
  });
}

/** Settings that keep the workbench quiet and offline, plus the caller's. */
function userSettings(extra = {}) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.openRepositoryInParentFolders': 'never',
    'security.workspace.trust.enabled': false,
    ...extra,
  };
}

function codeServerArgs(toolchain, dirs) {
  return [
    toolchain.codeServer,
    '--config',
    path.join(dirs.userDataDir, 'code-server.yaml'),
    '--extensions-dir',
    dirs.extensionsDir,
    '--user-data-dir',
    dirs.userDataDir,
  ];
}

const withNode24 = (toolchain, env) => ({ ...env, PATH: `${toolchain.nodeBin}${path.delimiter}${env.PATH ?? ''}` });

/** Installs .vsix files into `dirs.extensionsDir` and writes the user settings. */
function prepareProfile(toolchain, dirs, { vsixes, settings }) {
  fs.mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings(settings), null, 2));
  fs.writeFileSync(path.join(dirs.userDataDir, 'code-server.yaml'), 'auth: none\n');
  const args = [...codeServerArgs(toolchain, dirs), ...vsixes.flatMap((v) => ['--install-extension', v])];
  const result = spawnSync(toolchain.node, args, { encoding: 'utf8', env: withNode24(toolchain, process.env) });
  const installed = (result.stdout.match(/was successfully installed/g) ?? []).length;
  if (result.status !== 0 || installed !== vsixes.length) {
    throw new Error(`installing ${vsixes.map((v) => path.basename(v)).join(', ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * Starts code-server on a loopback port (0: any free one) in its own process group; resolves once it listens, with
 * its URL, the child and `stop()` (ends the whole group, extension hosts included).
 */
function launch(toolchain, dirs, { folder, port = 0, env = {}, restricted = false, onOutput = () => {} }) {
  const args = [
    ...codeServerArgs(toolchain, dirs),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    // Restricted: workspace trust stays on and the folder, never trusted, opens in Restricted Mode.
    ...(restricted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    folder,
  ];
  const child = spawn(toolchain.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Keys given as undefined are removed from the inherited environment.
    env: withNode24(toolchain, Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined))),
  });
  // A test process that dies must not leave the server behind.
  const killOnExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', killOnExit);
  const stop = () => stopGroup(child).finally(() => process.off('exit', killOnExit));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      onOutput(text);
      output += text;
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ url: match[1], child, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`code-server exited (${code}) before listening:\n${output}`)));
  });
}

/** SIGTERM to the process group, SIGKILL after 5 s; resolves when the leader has exited. */
function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  return new Promise((resolve) => {
    const killer = setTimeout(() => signal('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      signal('SIGKILL'); // stragglers of the group (extension hosts, watchers)
      resolve();
    });
    signal('SIGTERM');
  });
}

module.exports = { root, ensureVsix, prepareProfile, launch };
