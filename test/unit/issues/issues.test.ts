// What the editor makes of a bot's issues: the document (facts, grouped data, events newest first with their data
// flattened), the frames of a stack mapped into a linked project, and the bot JSON's stable form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueDocument, projectRelative, sortKeys, stableJson, stackFrames } from '../../../src/core/issues';

test('an issue document: facts, grouped data as shown, events newest first with their data flattened', () => {
  const doc = issueDocument(
    {
      id: 'issue_1',
      code: 'execution_timeout',
      title: 'Handler ran past its 1 s time limit',
      description: 'd',
      category: 'limits',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastSeenAt: '2026-01-02T00:00:00.000Z',
      eventsCount: 2,
      resolutionLink: null,
      groupedData: { limit: { raw: '1000', pretty: '1 s' } },
    },
    [
      { id: 'e1', createdAt: '2026-01-01T00:00:00.000Z', data: { conversationId: { raw: 'conv_a' } } },
      { id: 'e2', createdAt: '2026-01-02T00:00:00.000Z', data: { conversationId: { raw: 'conv_b' } } },
    ],
  );
  assert.deepEqual(doc.groupedData, { limit: '1 s' });
  assert.deepEqual(doc.events, [
    { at: '2026-01-02T00:00:00.000Z', id: 'e2', conversationId: 'conv_b' },
    { at: '2026-01-01T00:00:00.000Z', id: 'e1', conversationId: 'conv_a' },
  ]);
  assert.equal(doc.resolutionLink, null);
});

test('stack frames, and which of them are lines of a linked project', () => {
  const stack = [
    'Error: no carrier',
    '    at handler (/var/task/src/index.ts:4:9)',
    '    at props (/var/task/node_modules/@botpress/sdk/src/bot/implementation.ts:127:19)',
    '    at /home/me/bots/support/src/orders.ts:12:3',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    '    at Object.<anonymous> (/var/task/index.cjs:10:1)',
  ].join('\n');
  const frames = stackFrames(stack);
  assert.deepEqual(
    frames.map((f) => `${f.path}:${f.line}:${f.column}`),
    [
      '/var/task/src/index.ts:4:9',
      '/var/task/node_modules/@botpress/sdk/src/bot/implementation.ts:127:19',
      '/home/me/bots/support/src/orders.ts:12:3',
      '/var/task/index.cjs:10:1',
    ],
  );
  const root = '/home/me/bots/support';
  assert.deepEqual(
    frames.map((f) => projectRelative(f.path, root)),
    ['src/index.ts', undefined, 'src/orders.ts', undefined],
  );
  assert.equal(projectRelative('/var/task/../../src/index.ts', root), 'src/index.ts');
  assert.equal(projectRelative('/elsewhere/src/index.ts', root), undefined);
});

test('the bot JSON in a stable form: every key sorted at every depth, arrays kept in order', () => {
  const a = { b: 1, a: { d: [{ z: 1, y: 2 }], c: null } };
  const b = { a: { c: null, d: [{ y: 2, z: 1 }] }, b: 1 };
  assert.equal(stableJson(a), stableJson(b));
  assert.equal(
    stableJson(a),
    '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
  );
  assert.deepEqual(sortKeys([3, 1, 2]), [3, 1, 2]);
});
