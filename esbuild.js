// Builds the extension, the command-line validator and every webview front end.
//   node esbuild.js               development build (source maps)
//   node esbuild.js --production  minified release build
//   node esbuild.js --watch       rebuild on change
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { generate } = require('./scripts/generate');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Each folder of media/ with an index.ts is one webview front end: dist/media/<name>.js (+ .css). */
function webviewEntries() {
  const media = path.join(__dirname, 'media');
  return fs
    .readdirSync(media, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(media, d.name, 'index.ts')))
    .map((d) => ({ in: path.join(media, d.name, 'index.ts'), out: d.name }));
}

/**
 * The command line and the SDK worker it starts, found beside it at run time (SdkEvaluator looks in its
 * own folder): into dist/ for the extension, and into the npm package by scripts/pack-cli.js.
 */
function cliBuilds(outdir, options) {
  return [
    {
      ...options,
      entryPoints: [path.join(__dirname, 'src/cli.ts')],
      outfile: path.join(outdir, 'cli.js'),
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      banner: { js: '#!/usr/bin/env node' },
    },
    {
      // Evaluates SDK definitions in a child process, with the project's own SDK and esbuild.
      ...options,
      entryPoints: [path.join(__dirname, 'src/sdk/worker.ts')],
      outfile: path.join(outdir, 'sdk-worker.js'),
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['typescript', 'esbuild'],
    },
    {
      // Evaluates ADK agents in a child process, with the project's own @botpress/runtime.
      ...options,
      entryPoints: [path.join(__dirname, 'src/adk/worker.ts')],
      outfile: path.join(outdir, 'adk-worker.js'),
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['esbuild'],
      define: { 'process.env.BOTPRESS_ADK_WORKER': '"1"' },
    },
  ];
}

/**
 * The local Botpress Cloud (src/emulator): its own bundle, started in a child process by the extension's Start Local
 * Cloud and the command line's `cloud start`, never loaded into either; deployed bot code runs in bot-host.cjs beside it.
 */
function emulatorBuilds(outdir, options) {
  return [
    {
      ...options,
      entryPoints: [path.join(__dirname, 'src/emulator/main.ts')],
      outfile: path.join(outdir, 'emulator.js'),
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      plugins: [copyBotHost(outdir)],
    },
  ];
}
const copyBotHost = (outdir) => ({
  name: 'bot-host',
  setup(build) {
    build.onEnd(() => {
      fs.mkdirSync(outdir, { recursive: true });
      fs.copyFileSync(path.join(__dirname, 'src/emulator/bot-host.cjs'), path.join(outdir, 'bot-host.cjs'));
    });
  },
});

/**
 * Libraries the extension requires on first use (src/libraries.ts), not at activation: each is bundled
 * alone into dist/lib/<name>.js, and the extension's bundle requires that file instead of inlining it.
 */
const lazyLibraries = ['undici', 'yaml', 'ajv', 're2js'];
const lazyLibrariesPlugin = {
  name: 'lazy-libraries',
  setup(build) {
    const filter = new RegExp(`^(?:${lazyLibraries.join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: `./lib/${args.path}.js`, external: true }));
  },
};

/**
 * The extension is two bundles (see src/activation.ts): dist/extension.js, which activation loads and
 * which only registers contributions, and dist/features.js, everything else, required on first use. The
 * first keeps `require('./features')` as a require of the second; it may hold nothing but its two files
 * and the ids (constants), so no module with state (such as the HTTP client) is in both.
 */
const featuresPlugin = {
  name: 'features-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/features$/ }, () => ({ path: './features.js', external: true }));
    build.onEnd((result) => {
      const inputs = Object.values(result.metafile?.outputs ?? {}).flatMap((o) => Object.keys(o.inputs));
      const extra = inputs.filter((i) => !activationFiles.includes(i));
      if (extra.length) throw new Error(`dist/extension.js must hold only ${activationFiles.join(', ')}; it bundles ${extra.join(', ')}`);
    });
  },
};
// The ids are constants only: a copy in each bundle holds no state.
const activationFiles = ['src/extension.ts', 'src/activation.ts', 'src/ids.ts'];

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    metafile: true,
    plugins: [featuresPlugin],
  },
  {
    ...common,
    entryPoints: ['src/features.ts'],
    outfile: 'dist/features.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyLibrariesPlugin],
  },
  {
    ...common,
    entryPoints: lazyLibraries.map((name) => ({ in: name, out: name })),
    outdir: 'dist/lib',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/core/definitions/worker.ts'],
    outfile: 'dist/definitionsWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // Reads conversation test suites off the extension host's thread (src/core/convo/background.ts).
    ...common,
    entryPoints: ['src/core/convo/worker.ts'],
    outfile: 'dist/convoWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  ...cliBuilds('dist', common),
  ...emulatorBuilds('dist', common),
  {
    ...common,
    entryPoints: webviewEntries(),
    outdir: 'dist/media',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'css' },
  },
];

async function main() {
  generate();
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('watching for changes');
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err.message ?? err);
    process.exit(1);
  });
}

module.exports = { cliBuilds, emulatorBuilds };
