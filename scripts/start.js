// `npm start [-- --port <n>] [-- --emulator-port <n>]`: the product, offline, in one command. Packages the
// extension, provisions Node 24 and code-server, starts the local emulator with the demo seed, and serves
// a real VS Code with the .vsix installed, pointed at the emulator and signed in with the demo account, on
// a copy of test/fixtures/demo-workspace with its packages installed (scripts/demo.js). Prints the URL; Ctrl+C stops everything it started.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { provision } = require('./provision');
const { ensureVsix, launch, prepareProfile, root } = require('./code-server');
const { layOutDemo } = require('./demo');

const token = 'demo-token';

const say = (message) => console.log(`[start] ${message}`);

/** The emulator command line (src/emulator/main.ts) in its own process; resolves with its URL. */
function startEmulator(port) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/emulator/main.ts', '--port', String(port), '--seed', 'demo', '--token', token],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ url: match[1], child });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening`)));
  });
}

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '8080' }, 'emulator-port': { type: 'string', default: '0' } },
    strict: true,
  });
  const stops = [];
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    for (const stop of stops.reverse())
      await Promise.resolve()
        .then(stop)
        .catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  try {
    const vsix = ensureVsix({ log: say });
    say(`extension packaged: ${path.relative(root, vsix)}`);
    const toolchain = await provision({ browser: false });

    const emulator = await startEmulator(Number(values['emulator-port']));
    stops.push(() => stopChild(emulator.child));
    say(`emulator (demo seed) on ${emulator.url}, token ${token}`);

    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'botpress-toolkit-demo-'));
    stops.push(() => fs.rmSync(tempDir, { recursive: true, force: true }));
    say('laying out the demo workspace (its packages are installed from the registry the first time)…');
    const folder = layOutDemo(path.join(tempDir, 'demo-workspace'));
    const dirs = { userDataDir: path.join(tempDir, 'user-data'), extensionsDir: path.join(tempDir, 'extensions') };
    prepareProfile(toolchain, dirs, {
      vsixes: [vsix],
      settings: {
        'botpress.apiUrl': emulator.url,
        'botpress.chatApiUrl': `${emulator.url}/chat`,
        'botmock.apiUrl': `${emulator.url}/botmock/api`,
        // The editor opens on the toolkit's walkthrough the first time (the extension opens it over the welcome page).
        'workbench.startupEditor': 'welcomePage',
      },
    });
    say('starting VS Code (code-server)…');
    const server = await launch(toolchain, dirs, {
      folder,
      port: Number(values.port),
      env: { BP_TOKEN: token, BP_API_URL: emulator.url, BOTMOCK_TOKEN: token },
    });
    stops.push(() => server.stop());
    server.child.on('exit', () => stopAll(1));
    console.log(`\n  Botpress Toolkit demo: ${server.url}/?folder=${encodeURIComponent(folder)}\n`);
    say('open it in a browser; Ctrl+C stops the editor and the emulator');
  } catch (error) {
    console.error(`[start] ${error instanceof Error ? error.message : error}`);
    await stopAll(1);
  }
}

/** Ends a child started here and waits for it. */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

main();
