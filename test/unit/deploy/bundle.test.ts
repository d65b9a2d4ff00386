import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { bundle, BundleError, EsbuildNotFoundError, loadEsbuild } from '../../../src/deploy/bundle';

const repo = path.join(__dirname, '..', '..', '..');

/** A throwaway project folder with the given files. */
function project(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-deploy-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Runs a CommonJS bundle and returns its exports. */
function load(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  vm.runInNewContext(code, { module, exports: module.exports, require });
  return module.exports;
}

test("esbuild: the project's own, found from its folder upwards, else an error that says how to install it", (t) => {
  const own = project(t, {
    'node_modules/esbuild/package.json': '{"name":"esbuild","main":"main.js"}',
    'node_modules/esbuild/main.js': 'module.exports = { version: "project-copy", build() {} };',
  });
  assert.equal(loadEsbuild(path.join(own, 'bot')).esbuild.version, 'project-copy');
  const inRepo = loadEsbuild(path.join(repo, 'test', 'fixtures'));
  assert.equal(inRepo.esbuild.version, require('esbuild/package.json').version);
  assert.equal(inRepo.path, require.resolve('esbuild'));
  const bare = project(t, { 'bot.definition.yaml': 'name: x\n' });
  assert.throws(
    () => loadEsbuild(bare),
    (e: unknown) =>
      e instanceof EsbuildNotFoundError && /not found in the project/.test(e.message) && /npm install --save-dev esbuild/.test(e.message),
  );
});

test('bundle: one minified CommonJS file with its dependencies inside, following the project tsconfig', async (t) => {
  const dir = project(t, {
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['lib/*'] } } }),
    'lib/greet.ts': 'export const greet = (name: string): string => `Hello, ${name}!`;',
    'node_modules/tiny-dep/package.json': '{"name":"tiny-dep","main":"index.js"}',
    'node_modules/tiny-dep/index.js': 'exports.shout = (s) => s.toUpperCase();',
    'src/index.ts':
      "import { greet } from '@lib/greet';\nimport { shout } from 'tiny-dep';\n" +
      'export const handler = (name: string) => shout(greet(name));\n',
  });
  const { esbuild } = loadEsbuild(repo);
  const result = await bundle(esbuild, { entry: path.join(dir, 'src', 'index.ts'), projectDir: dir, sourceMaps: false });
  assert.equal(result.bytes, Buffer.byteLength(result.code));
  assert.doesNotMatch(result.code, /require\(["']tiny-dep["']\)/, 'dependencies are bundled');
  assert.doesNotMatch(result.code, /sourceMappingURL/);
  assert.ok(result.code.split('\n').filter(Boolean).length <= 2, 'minified');
  assert.equal((load(result.code).handler as (n: string) => string)('bot'), 'HELLO, BOT!');

  const mapped = await bundle(esbuild, { entry: path.join(dir, 'src', 'index.ts'), projectDir: dir, sourceMaps: true });
  assert.match(mapped.code, /sourceMappingURL=data:application\/json;base64,/);
  assert.ok(mapped.bytes > result.bytes);
});

test('bundle: errors come with their file and line', async (t) => {
  const dir = project(t, {
    'src/index.ts': "import { missing } from './nowhere';\nexport const x = missing;\nexport const y = (;\n",
  });
  const { esbuild } = loadEsbuild(repo);
  const entry = path.join(dir, 'src', 'index.ts');
  await assert.rejects(bundle(esbuild, { entry, projectDir: dir, sourceMaps: false }), (error: unknown) => {
    assert.ok(error instanceof BundleError);
    assert.ok(error.messages.length >= 1);
    const syntax = error.messages.find((m) => m.line === 3);
    assert.ok(syntax, JSON.stringify(error.messages));
    assert.equal(syntax.file, entry);
    assert.equal(typeof syntax.column, 'number');
    assert.match(error.message, /^Bundling index\.ts failed with \d+ errors? \(index\.ts:\d+: /);
    return true;
  });
});
