// The readme and icon of an integration definition are sent to Botpress at deploy (and by Update Integration
// Readme, which runs in Restricted Mode): a cloned repository must not make them any file of the machine.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BotpressClient } from '../../../src/api/botpress';
import { validateDefinition } from '../../../src/core/definitions';
import { fileInsideFolder, outsideFolder } from '../../../src/core/definitions/paths';
import { prepareIntegration } from '../../../src/deploy/pipeline';

let dir: string;
let project: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-paths-'));
  project = path.join(dir, 'project');
  fs.mkdirSync(path.join(project, 'docs'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'private'));
  fs.writeFileSync(path.join(dir, 'private', 'id_rsa.md'), 'PRIVATE KEY');
  fs.writeFileSync(path.join(dir, 'private', 'logo.svg'), '<svg/>');
  fs.writeFileSync(path.join(project, 'hub.md'), '# Hub');
  fs.writeFileSync(path.join(project, 'icon.svg'), '<svg/>');
  fs.writeFileSync(path.join(project, 'docs', 'inside.md'), '# inside');
  fs.symlinkSync(path.join(dir, 'private', 'id_rsa.md'), path.join(project, 'linked.md'));
  fs.symlinkSync(path.join(dir, 'private'), path.join(project, 'shared'));
  fs.symlinkSync(path.join(project, 'docs', 'inside.md'), path.join(project, 'alias.md'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const fileExists = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
function problemsOf(readme: string, icon = 'icon.svg', withFiles = true) {
  const text = `name: weather\nversion: 1.0.0\nreadme: ${readme}\nicon: ${icon}\n`;
  const fileName = path.join(project, 'integration.definition.yaml');
  return validateDefinition(text, { kind: 'integration', fileName, fileExists: withFiles ? fileExists : undefined })
    .problems.filter((p) => p.code.startsWith('BP5'))
    .map((p) => `${p.code} ${text.slice(p.start, p.end)}: ${p.message}`);
}

test('readme and icon outside the project folder (absolute, ../, a symlink to a file or through a folder) are BP503 on the key', () => {
  assert.deepEqual(problemsOf('hub.md'), []);
  assert.deepEqual(problemsOf('docs/inside.md'), []);
  assert.deepEqual(problemsOf('alias.md'), [], 'a symlink that stays inside is fine');
  const absolute = path.join(dir, 'private', 'id_rsa.md');
  assert.deepEqual(problemsOf(absolute), [
    `BP503 ${absolute}: \`readme\` names "${absolute}", which is not inside this file's folder: it is an absolute path.`,
  ]);
  assert.match(problemsOf('hub.md', '../private/logo.svg')[0], /^BP503 \.\.\/private\/logo\.svg: .*leads out of the definition's folder/);
  assert.match(
    problemsOf('linked.md')[0],
    /^BP503 linked\.md: .*it is a symlink to .*private\/id_rsa\.md, outside the definition's folder/,
  );
  assert.match(problemsOf('hub.md', 'shared/logo.svg')[0], /^BP503 shared\/logo\.svg: .*symlink to .*private\/logo\.svg/);
  // Without reading the disk (no file checks), the path itself is still checked.
  assert.match(problemsOf('../private/id_rsa.md', 'icon.svg', false)[0], /^BP503/);
  assert.equal(outsideFolder(project, 'C:\\Users\\me\\secret.md', false), 'it is an absolute path');
});

test('Update Integration Readme (and deploy) never read a readme or icon from outside the project folder', async () => {
  const requests: string[] = [];
  const client = new Proxy({} as BotpressClient, {
    get: (_, name) => async () => {
      requests.push(String(name));
      return { integration: { id: 'int_1', name: 'weather', version: '1.0.0' } };
    },
  });
  const source = (readme: string) => ({
    definition: { name: 'weather', version: '1.0.0', readme, icon: 'icon.svg' },
    dir: project,
    sourceMaps: false,
    esbuild: () => assert.fail('no code'),
  });
  await assert.rejects(
    prepareIntegration(client, source('linked.md'), true),
    /`readme` names "linked\.md", which is not inside the project folder \(it is a symlink/,
  );
  await assert.rejects(
    prepareIntegration(client, source(path.join(dir, 'private', 'id_rsa.md')), true),
    /not inside the project folder \(it is an absolute path\)/,
  );
  const prepared = await prepareIntegration(client, source('hub.md'), true);
  assert.equal(Buffer.from(prepared.files.readme as string, 'base64').toString(), '# Hub');
  assert.throws(
    () => fileInsideFolder(project, 'icon', 'shared/logo.svg'),
    /`icon` names "shared\/logo\.svg", which is not inside the project folder/,
  );
});
