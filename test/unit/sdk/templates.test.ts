// New SDK projects: the layout `bp init` makes from its empty templates, and never overwriting a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkProjectName,
  checkWorkspaceHandle,
  newProjectFiles,
  projectFolderName,
  SDK_VERSION,
  writeProjectFiles,
} from '../../../src/sdk/templates';

const fileOf = (files: { path: string; content: string }[], p: string) => {
  const f = files.find((x) => x.path === p);
  assert.ok(f, `${p} is laid out`);
  return f.content;
};

test('a bot project: definition, src/index.ts importing .botpress, package.json, tsconfig and .gitignore', () => {
  const files = newProjectFiles('bot', 'Support Bot');
  assert.deepEqual(
    files.map((f) => f.path),
    ['bot.definition.ts', 'src/index.ts', 'package.json', 'tsconfig.json', '.gitignore'],
  );
  assert.match(
    fileOf(files, 'bot.definition.ts'),
    /import \{ BotDefinition \} from '@botpress\/sdk'\nexport default new BotDefinition\(\{\}\)/,
  );
  assert.match(fileOf(files, 'src/index.ts'), /import \* as bp from '\.botpress'[\s\S]*new bp\.Bot\(\{\s*actions: \{\},\s*\}\)/);
  const pkg = JSON.parse(fileOf(files, 'package.json'));
  assert.equal(pkg.name, 'support_bot');
  assert.equal(pkg.integrationName, undefined);
  assert.deepEqual(pkg.dependencies, { '@botpress/client': '1.35.0', '@botpress/sdk': SDK_VERSION });
  assert.equal(pkg.private, true);
  // What Deploy needs to bundle, and the CLI's gen as a task.
  assert.match(pkg.devDependencies.esbuild, /^\^0\.16\./);
  assert.equal(pkg.scripts.gen, 'bp gen');
  const tsconfig = JSON.parse(fileOf(files, 'tsconfig.json'));
  assert.deepEqual(tsconfig.include, ['.botpress/**/*', 'src/**/*', '*.ts', '*.json']);
  assert.equal(tsconfig.compilerOptions.resolveJsonModule, true);
  assert.deepEqual(fileOf(files, '.gitignore').trim().split('\n'), ['.botpress/', 'bp_modules/', 'node_modules/']);
});

test('an integration project adds hub.md and icon.svg, and names itself <workspace handle>/<name> in package.json', () => {
  const files = newProjectFiles('integration', 'Weather Station', 'acme');
  assert.deepEqual(
    files.map((f) => f.path),
    ['integration.definition.ts', 'src/index.ts', 'package.json', 'tsconfig.json', '.gitignore', 'hub.md', 'icon.svg'],
  );
  const definition = fileOf(files, 'integration.definition.ts');
  assert.match(definition, /import \{ integrationName \} from '\.\/package\.json'/);
  assert.match(definition, /name: integrationName,\s*version: '0\.1\.0',\s*readme: 'hub\.md',\s*icon: 'icon\.svg'/);
  assert.match(fileOf(files, 'src/index.ts'), /new bp\.Integration\(\{[\s\S]*register:[\s\S]*unregister:[\s\S]*handler:/);
  assert.equal(JSON.parse(fileOf(files, 'package.json')).integrationName, 'acme/weather-station');
  assert.match(fileOf(files, 'hub.md'), /^# Weather Station\n/);
  assert.match(fileOf(files, 'icon.svg'), /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  // The handle may come with the name, as `bp init --name acme/weather` takes it.
  assert.equal(JSON.parse(fileOf(newProjectFiles('integration', 'acme/weather'), 'package.json')).integrationName, 'acme/weather');
});

test('names: the folder is kebab-cased; empty names and bad handles are refused with a reason', () => {
  assert.equal(projectFolderName('Support Bot'), 'support-bot');
  assert.equal(projectFolderName('myCoolBot_v2'), 'my-cool-bot-v2');
  assert.match(checkProjectName('  ')!, /letters or digits/);
  assert.match(checkProjectName('a/b/c')!, /single "\/"/);
  assert.equal(checkProjectName('acme/weather'), undefined);
  assert.equal(checkWorkspaceHandle('acme-2'), undefined);
  assert.match(checkWorkspaceHandle('Acme Inc')!, /lowercase/);
});

test('writing a project never overwrites a file that is already there', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-new-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"mine"}');
    const files = newProjectFiles('bot', 'mine');
    const result = writeProjectFiles(dir, files);
    assert.deepEqual(result.kept, ['package.json']);
    assert.deepEqual(result.written, ['bot.definition.ts', 'src/index.ts', 'tsconfig.json', '.gitignore']);
    assert.equal(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), '{"name":"mine"}');
    assert.equal(fs.readFileSync(path.join(dir, 'src', 'index.ts'), 'utf8'), files[1].content);
    assert.deepEqual(writeProjectFiles(dir, files).written, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
