// Botmock export: every file name built from remote data (board and message names, message ids) stays one
// file of the chosen folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeBoard } from '../../../src/core/botmock';
import { exportBoard } from '../../../src/core/convo';
import { isSafeFileName, safeFileName } from '../../../src/core/text';

test('a message id holding "/.." does not make the utterance list a path out of the folder', () => {
  const message = (id: string, text: string, next: string[], root = false, extra: Record<string, unknown> = {}) => ({
    message_id: id,
    message_type: 'text',
    is_root: root,
    next_message_ids: next.map((to) => ({ message_id: to, action: { title: `to ${to}`, payload: 'go' }, intent: '' })),
    previous_message_ids: [],
    payload: { text, ...extra },
  });
  const board = normalizeBoard(
    {
      board: {
        root_messages: ['r'],
        messages: [
          message('r', 'start', ['a/../../'], true),
          message('a/../../', 'First text', [], false, { alternate_replies: ['Second text'] }),
        ],
      },
    },
    'x',
  );
  const out = exportBoard({ board, boardName: '../../etc/cron.d/x', projectType: 'flow', intents: [], variables: [], entities: [] });
  assert.ok(out.files.length >= 2, out.files.map((f) => f.name).join(', '));
  for (const f of out.files) {
    assert.ok(isSafeFileName(f.name), f.name);
    assert.ok(!f.name.includes('/') && !f.name.includes('\\'), f.name);
  }
  assert.ok(
    out.files.some((f) => /^ALT_.*_a_______\.utterances\.txt$/.test(f.name)),
    out.files.map((f) => f.name).join(', '),
  );
});

test('safeFileName: one file name, never a path, a hidden file or a device', () => {
  assert.equal(safeFileName('../../x'), '_._.._x');
  assert.equal(safeFileName('a/b\\c:d'), 'a_b_c_d');
  assert.equal(safeFileName('..'), '__');
  assert.equal(safeFileName(''), '_');
  assert.equal(safeFileName('NUL.txt'), '_NUL.txt');
  assert.equal(safeFileName('name. '), 'name__');
  assert.equal(safeFileName('x\u0000\n'), 'x__');
  assert.equal(safeFileName('Main flow - INTENT (2).convo.txt'), 'Main flow - INTENT (2).convo.txt');
  for (const bad of ['..', '.', 'a/b', 'a\\b', '', 'con', 'x.']) assert.equal(isSafeFileName(bad), false, bad);
});
