import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';

test('the build produces the extension and the command line', () => {
  assert.ok(fs.statSync('dist/extension.js').size > 0);
  assert.match(fs.readFileSync('dist/cli.js', 'utf8'), /^#!\/usr\/bin\/env node/);
});
