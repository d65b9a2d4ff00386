import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseProfiles, profilesPath, readProfiles } from '../../../src/auth/profiles';

const DEFAULT = 'https://api.botpress.cloud';

test('profiles are read with their API URL, workspace and token', () => {
  const text = JSON.stringify({
    default: { apiUrl: 'https://api.botpress.cloud', workspaceId: 'wkspace_1', token: 'bp_pat_abc' },
    local: { apiUrl: 'http://localhost:3000', token: ' bp_pat_def ' },
    noUrl: { workspaceId: 'wkspace_2', token: 'bp_pat_ghi' },
  });
  const { profiles, problems } = parseProfiles(text, DEFAULT);
  assert.deepEqual(problems, []);
  assert.deepEqual(profiles, [
    { name: 'default', apiUrl: 'https://api.botpress.cloud', workspaceId: 'wkspace_1', token: 'bp_pat_abc' },
    { name: 'local', apiUrl: 'http://localhost:3000', workspaceId: undefined, token: 'bp_pat_def' },
    { name: 'noUrl', apiUrl: DEFAULT, workspaceId: 'wkspace_2', token: 'bp_pat_ghi' },
  ]);
});

test('unusable entries are named with the reason, the rest still import', () => {
  const text = JSON.stringify({ good: { token: 't' }, empty: { token: '' }, str: 'x', badUrl: { apiUrl: 5, token: 't' } });
  const { profiles, problems } = parseProfiles(text, DEFAULT);
  assert.deepEqual(
    profiles.map((p) => p.name),
    ['good'],
  );
  assert.deepEqual(problems, ['"empty": no token', '"str": not an object', '"badUrl": apiUrl is not a string']);
});

test('a file that is not JSON or not an object is refused with a clear error', () => {
  assert.throws(() => parseProfiles('{ nope', DEFAULT), /profiles\.json is not valid JSON/);
  assert.throws(() => parseProfiles('[1,2]', DEFAULT), /object of named profiles/);
  assert.throws(() => parseProfiles('null', DEFAULT), /object of named profiles/);
});

test('the file is ~/.botpress/profiles.json unless BP_BOTPRESS_HOME says otherwise', () => {
  assert.equal(profilesPath({}, '/home/me'), path.join('/home/me', '.botpress', 'profiles.json'));
  assert.equal(profilesPath({ BP_BOTPRESS_HOME: '/opt/bp' }, '/home/me'), path.join('/opt/bp', 'profiles.json'));
});

test('a missing file reads as undefined; a present one is parsed', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bp-profiles-'));
  try {
    const file = path.join(dir, 'profiles.json');
    assert.equal(await readProfiles(file, DEFAULT), undefined);
    await fs.writeFile(file, JSON.stringify({ a: { token: 'x', workspaceId: 'w' } }));
    assert.deepEqual((await readProfiles(file, DEFAULT))?.profiles, [{ name: 'a', apiUrl: DEFAULT, workspaceId: 'w', token: 'x' }]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
