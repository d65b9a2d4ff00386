import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseMappingFile } from '../../../src/core/knowledge/mapping';
import { contentHash, globToRegExp, keyOf, pathFilter, planSync, scanFolder, type RemoteDoc } from '../../../src/core/knowledge/sync';

describe('globs', () => {
  test('**, *, ?, {a,b} and [..] over relative paths', () => {
    const m = (glob: string, p: string) => globToRegExp(glob).test(p);
    assert.ok(m('**/*.md', 'a.md'));
    assert.ok(m('**/*.md', 'x/y/a.md'));
    assert.ok(!m('*.md', 'x/a.md'));
    assert.ok(m('docs/**', 'docs/a/b.txt'));
    assert.ok(m('**/*.{md,html}', 'p/q.html'));
    assert.ok(!m('**/*.{md,html}', 'p/q.htm'));
    assert.ok(m('file?.txt', 'file1.txt'));
    assert.ok(!m('file?.txt', 'file10.txt'));
    assert.ok(m('[ab].md', 'b.md'));
    assert.ok(m('a.b', 'a.b') && !m('a.b', 'axb'), 'dots are literal');
  });

  test('include then exclude; the defaults skip hidden files and node_modules', () => {
    const keep = pathFilter(['**/*.md'], ['drafts/**']);
    assert.ok(keep('guide/a.md'));
    assert.ok(!keep('drafts/a.md'));
    assert.ok(!keep('a.txt'));
    const byDefault = pathFilter();
    assert.ok(byDefault('docs/a.md') && byDefault('b.pdf'));
    assert.ok(!byDefault('.secret.md') && !byDefault('x/.cache/a.md') && !byDefault('node_modules/p/readme.md'));
  });
});

describe('planning', () => {
  const local = (p: string, text: string) => ({ path: p, hash: contentHash(text), size: text.length });
  const remote = (p: string, text: string, status = 'indexing_completed'): RemoteDoc => ({
    id: `file_${p}`,
    key: keyOf('kb-1', p),
    status,
    metadata: { contentHash: contentHash(text) },
  });

  test('a hash is sha256 of the bytes, the same for a string and its UTF-8 bytes', () => {
    assert.equal(contentHash('é'), contentHash(Buffer.from('é', 'utf8')));
    assert.match(contentHash('x'), /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(contentHash('a'), contentHash('b'));
  });

  test('added, replaced by hash, unchanged, deleted', () => {
    const plan = planSync(
      'kb-1',
      [local('a.md', 'A'), local('b.md', 'B2'), local('c.md', 'C')],
      [remote('b.md', 'B'), remote('c.md', 'C'), remote('gone.md', 'G')],
    );
    assert.deepEqual(
      plan.add.map((d) => d.path),
      ['a.md'],
    );
    assert.deepEqual(
      plan.replace.map((r) => r.local.path),
      ['b.md'],
    );
    assert.deepEqual(
      plan.unchanged.map((r) => r.local.path),
      ['c.md'],
    );
    assert.deepEqual(
      plan.delete.map((r) => r.key),
      ['kb-1/gone.md'],
    );
  });

  test('a rename is a delete of the old key and an add of the new one', () => {
    const plan = planSync('kb-1', [local('new-name.md', 'same')], [remote('old-name.md', 'same')]);
    assert.deepEqual(
      plan.add.map((d) => d.path),
      ['new-name.md'],
    );
    assert.deepEqual(
      plan.delete.map((r) => r.key),
      ['kb-1/old-name.md'],
    );
    assert.equal(plan.replace.length, 0);
  });

  test('a file whose upload never finished is sent again even with the same hash; a failed indexing is not', () => {
    const plan = planSync(
      'kb-1',
      [local('a.md', 'A'), local('b.pdf', 'B')],
      [remote('a.md', 'A', 'upload_pending'), remote('b.pdf', 'B', 'indexing_failed')],
    );
    assert.deepEqual(
      plan.replace.map((r) => r.local.path),
      ['a.md'],
    );
    assert.deepEqual(
      plan.unchanged.map((r) => r.local.path),
      ['b.pdf'],
    );
  });

  test('a file without a hash in its metadata (uploaded by other means) is replaced', () => {
    const plan = planSync('kb-1', [local('a.md', 'A')], [{ ...remote('a.md', 'A'), metadata: {} }]);
    assert.equal(plan.replace.length, 1);
  });

  test('scanFolder hashes what the globs select, sorted, with / separators', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-scan-'));
    try {
      fs.mkdirSync(path.join(dir, 'guide', 'deep'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'guide', 'deep', 'b.md'), 'B');
      fs.writeFileSync(path.join(dir, 'a.md'), 'A');
      fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'c.md'), 'C');
      fs.writeFileSync(path.join(dir, 'image.png'), 'P');
      assert.deepEqual(scanFolder(dir), [
        { path: 'a.md', hash: contentHash('A'), size: 1 },
        { path: 'guide/deep/b.md', hash: contentHash('B'), size: 1 },
      ]);
      assert.deepEqual(
        scanFolder(dir, ['**/*'], ['guide/**']).map((d) => d.path),
        ['a.md', 'image.png'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('botpress.knowledge.json', () => {
  test('mappings with the offsets of their fields', () => {
    const text = '{ "mappings": [ { "folder": "docs", "bot": "b1", "kb": "Help", "include": ["**/*.md"] } ] }';
    const { mappings, problems } = parseMappingFile(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(mappings[0].mapping, { folder: 'docs', bot: 'b1', kb: 'Help', include: ['**/*.md'] });
    const at = mappings[0].at.bot!;
    assert.equal(text.slice(at.start, at.end), '"b1"');
  });

  test('problems: syntax, missing and unknown keys, wrong types, a folder outside the workspace', () => {
    assert.match(parseMappingFile('{ "mappings": [ ').problems[0].message, /./);
    const { mappings, problems } = parseMappingFile(
      JSON.stringify({
        mappings: [
          { folder: 'docs', kb: 'Help' },
          { folder: '../x', bot: 'b', kb: 'K' },
          { folder: 'd', bot: 'b', kb: 'K', includes: [], exclude: 'x' },
        ],
        extra: 1,
      }),
    );
    assert.equal(mappings.length, 0);
    const messages = problems.map((p) => p.message);
    assert.ok(messages.includes('Missing "bot"'));
    assert.ok(messages.some((m) => m.startsWith('"folder" must be a path inside the workspace')));
    assert.ok(messages.some((m) => m.startsWith('Unknown key "includes"')));
    assert.ok(messages.includes('"exclude" must be an array of glob strings'));
    assert.ok(messages.includes('Unknown key "extra"'));
  });
});
