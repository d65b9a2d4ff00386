// `npm run pack:cli`: the command line as its own npm package, cli/botpress-toolkit-<version>.tgz.
// cli/package.json and cli/README.md are the package's sources; the package is assembled in cli/build/
// (its version the extension's, from the root package.json) with the command line, the SDK worker it
// starts and the Local Cloud (emulator.js and bot-host.cjs, for `cloud start`) bundled into dist/, plus
// the licenses of the bundled packages. Publish with
// `npm publish cli/botpress-toolkit-<version>.tgz`. Prints the tarball's path.
const esbuild = require('esbuild');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { cliBuilds, emulatorBuilds } = require('../esbuild');
const { generate } = require('./generate');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'cli');
const build = path.join(cli, 'build');

/** The licenses of the packages a bundle holds, one section per package, from esbuild's metafile. */
function thirdPartyNotices(metafiles) {
  const dirs = new Set();
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) {
      const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
      if (m) dirs.add(path.resolve(root, m[1]));
    }
  }
  const sections = [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
      const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'unknown'}`;
      return { name: `${pkg.name}@${pkg.version}`, text };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return `The command line bundles the following packages.\n\n${sections.map((s) => `${s.name}\n\n${s.text}\n`).join('\n---\n\n')}`;
}

async function main() {
  const rootManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const manifest = JSON.parse(fs.readFileSync(path.join(cli, 'package.json'), 'utf8'));

  generate();
  fs.rmSync(build, { recursive: true, force: true });
  const options = { bundle: true, minify: true, sourcemap: false, legalComments: 'none', logLevel: 'warning', metafile: true };
  const dist = path.join(build, 'dist');
  const results = await Promise.all([...cliBuilds(dist, options), ...emulatorBuilds(dist, options)].map((b) => esbuild.build(b)));
  fs.chmodSync(path.join(build, 'dist', 'cli.js'), 0o755);

  fs.writeFileSync(path.join(build, 'package.json'), `${JSON.stringify({ ...manifest, version: rootManifest.version }, null, 2)}\n`);
  fs.copyFileSync(path.join(cli, 'README.md'), path.join(build, 'README.md'));
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(build, 'LICENSE'));
  fs.writeFileSync(path.join(build, 'dist', 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices(results.map((r) => r.metafile)));

  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', cli], {
    cwd: build,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  const [{ filename }] = JSON.parse(out);
  console.log(path.join(cli, filename));
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
