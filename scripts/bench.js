// `npm run bench [name…]`: runs bench/<name>/index.ts for each benchmark (all by default).
// Each prints its own figures as ratios against a baseline measured in the same run.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const all = fs
  .readdirSync(path.join(root, 'bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'bench', d.name, 'index.ts')))
  .map((d) => d.name)
  .sort();
const names = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = 0;
const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
for (const name of names) {
  console.log(`\n=== bench/${name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', name, 'index.ts')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
