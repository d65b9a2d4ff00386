import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { filesUnder, parseArgs, UsageError } from '../../src/cli/args';

test('arguments: values (spaced or after =, repeated), switches, positional; bad usage named', () => {
  const args = parseArgs(
    ['docs', '--kb', 'Help', '--include=**/*.md', '--include', '*.txt', '--dry-run', 'more'],
    ['--kb', '--include'],
    ['--dry-run'],
  );
  assert.deepEqual(args.positional, ['docs', 'more']);
  assert.equal(args.value('--kb'), 'Help');
  assert.deepEqual(args.values('--include'), ['**/*.md', '*.txt']);
  assert.ok(args.has('--dry-run'));
  assert.ok(!args.has('--delete'));
  assert.equal(args.value('--bot'), undefined);
  assert.throws(
    () => parseArgs(['--kb'], ['--kb']),
    (e: Error) => e instanceof UsageError && e.message === '--kb needs a value',
  );
  assert.throws(() => parseArgs(['--kb='], ['--kb']), /--kb needs a value/);
  assert.throws(() => parseArgs(['--nope'], ['--kb']), /unknown option "--nope"/);
  assert.throws(() => parseArgs(['--dry-run=yes'], [], ['--dry-run']), /unknown option "--dry-run=yes"/);
});

test('files under a folder: matching names, sorted, node_modules and .git skipped', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-args-'));
  try {
    for (const f of ['b.retrieval.yaml', 'a/x.retrieval.yaml', 'node_modules/y.retrieval.yaml', '.git/z.retrieval.yaml', 'a/notes.md']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '');
    }
    assert.deepEqual(
      filesUnder(dir, (name) => name.endsWith('.retrieval.yaml')).map((f) => path.relative(dir, f)),
      [path.join('a', 'x.retrieval.yaml'), 'b.retrieval.yaml'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
