import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureDiff } from '../../../src/core/convo';

test("a failure's diff opens both sides with the same #bot line, so the view's buttons cover none of the bot's text", () => {
  const diff = failureDiff({ file: 'f', line: 7, message: 'm', expected: 'Goodbye\nBUTTONS Yes', actual: 'You said: hi' })!;
  assert.deepEqual(diff.expected.split('\n'), ['#bot', 'Goodbye', 'BUTTONS Yes']);
  assert.deepEqual(diff.actual.split('\n'), ['#bot', 'You said: hi']);
  assert.equal(failureDiff({ file: 'f', line: 1, message: 'no diff' }), undefined);
  assert.equal(failureDiff({ file: 'f', line: 1, message: 'm', expected: 'x' })!.actual, '#bot\n');
});
