// Runs every generator in scripts/gen/: each derives files from the official spec (@botpress/api)
// into src/generated/ (ignored by git, never edited by hand). Run by the build and the tests.
const fs = require('node:fs');
const path = require('node:path');

const outDir = path.join(__dirname, '..', 'src', 'generated');
const banner = '// GENERATED from the official Botpress spec (@botpress/api) by scripts/generate.js. Do not edit.\n';

/** Writes a generated file only when its content changed, so watchers are not woken for nothing. */
function write(name, content) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, name);
  const text = banner + content;
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}

function generate() {
  const dir = path.join(__dirname, 'gen');
  for (const f of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    require(path.join(dir, f))({ write, spec: require('@botpress/api').state });
  }
}

module.exports = { generate };
if (require.main === module) generate();
