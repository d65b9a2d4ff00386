// The Local Cloud's issue grouping: occurrences with the same code and grouped data are one issue (an event each),
// anything else a new issue; newest first; a resolved issue that happens again is new; events capped, counted all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorOf, handlerError, IssueBook, keptEvents, timeLimit } from '../../src/emulator/issues';

const book = () => {
  let n = 0;
  return new IssueBook((prefix) => `${prefix}_${++n}`);
};
const where = (at: number, conversationId = 'conv_1') => ({
  eventType: 'message_created',
  eventId: `evt_${at}`,
  conversationId,
  userId: 'user_1',
  at,
});
const thrown = (message: string, line = 3) => ({ message, stack: `${message}\n    at handler (/var/task/src/index.ts:${line}:9)` });

test('same error message: one issue, an event per occurrence; another message or code: another issue', () => {
  const issues = book();
  issues.report('bot', handlerError(where(1000), thrown('Error: boom')));
  issues.report('bot', handlerError(where(2000, 'conv_2'), thrown('Error: boom', 7)));
  issues.report('bot', handlerError(where(3000), thrown('Error: other')));
  issues.report('bot', timeLimit(where(4000), 1000));
  issues.report('other-bot', handlerError(where(5000), thrown('Error: boom')));
  const list = issues.list('bot');
  assert.deepEqual(
    list.map((i) => [i.code, i.groupedData.errorMessage?.raw ?? i.groupedData.limit.pretty, i.eventsCount]),
    [
      ['execution_timeout', '1 s', 1],
      ['unhandled_error', 'Error: other', 1],
      ['unhandled_error', 'Error: boom', 2],
    ],
  );
  const boom = list[2];
  assert.equal(boom.createdAt, new Date(1000).toISOString());
  assert.equal(boom.lastSeenAt, new Date(2000).toISOString());
  const events = issues.events('bot', boom.id);
  assert.deepEqual(
    events.map((e) => [e.data.conversationId.raw, e.data.stack.raw.split('\n')[1].trim()]),
    [
      ['conv_2', 'at handler (/var/task/src/index.ts:7:9)'],
      ['conv_1', 'at handler (/var/task/src/index.ts:3:9)'],
    ],
  );
  assert.equal(issues.list('other-bot').length, 1);
});

test('a resolved issue that happens again is a new issue; unknown ids are ResourceNotFound', () => {
  const issues = book();
  const first = issues.report('bot', handlerError(where(1000), thrown('Error: boom')));
  issues.delete('bot', first.id);
  assert.deepEqual(issues.list('bot'), []);
  const again = issues.report('bot', handlerError(where(2000), thrown('Error: boom')));
  assert.notEqual(again.id, first.id);
  assert.equal(again.eventsCount, 1);
  assert.throws(() => issues.get('bot', first.id), /Issue "issue_1" doesn't exist/);
});

test(`an issue keeps its ${keptEvents} newest events and counts them all`, () => {
  const issues = book();
  for (let i = 0; i < keptEvents + 5; i++) issues.report('bot', handlerError(where(i * 1000), thrown('Error: boom')));
  const [issue] = issues.list('bot');
  assert.equal(issue.eventsCount, keptEvents + 5);
  const events = issues.events('bot', issue.id);
  assert.equal(events.length, keptEvents);
  assert.equal(events[0].data.eventId.raw, `evt_${(keptEvents + 4) * 1000}`);
});

test('errorOf finds the error and its stack in what a handler printed', () => {
  const sdk =
    'An unexpected error occurred in the bot. TypeError: x is not a function\n' +
    '    at handler (/var/task/src/index.ts:4:9)\n    at props (/x.js:1:1)';
  assert.deepEqual(errorOf(sdk), {
    message: 'TypeError: x is not a function',
    stack: 'TypeError: x is not a function\n    at handler (/var/task/src/index.ts:4:9)\n    at props (/x.js:1:1)',
  });
  assert.equal(errorOf('Error: no stack here'), undefined);
  assert.equal(errorOf('a plain line'), undefined);
});
