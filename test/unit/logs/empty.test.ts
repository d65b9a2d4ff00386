import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState } from '../../../media/logs/empty';

const iso = (s: string) => s;
const base = { total: 0, shown: 0, filters: {}, range: { preset: '15m' as const }, find: '', loaded: true };

test('an empty panel says what is filtered and offers to widen it', () => {
  assert.equal(emptyState({ ...base, total: 5, shown: 5 }, iso), undefined, 'lines shown: no empty state');
  assert.equal(emptyState({ ...base, loaded: false }, iso), undefined, 'still fetching: nothing is known to be missing');

  const conversation = emptyState({ ...base, filters: { conversationId: 'conv_9', level: '' } }, iso);
  assert.equal(conversation?.text, 'No lines in the last 15 minutes for conversation conv_9. New lines show here as they arrive.');
  assert.deepEqual(
    conversation?.actions.map((a) => a.action),
    ['clearServerFilters', 'widenRange'],
  );
  assert.equal(conversation?.actions[0]?.label, 'Remove the Filter');

  const several = emptyState({ ...base, range: { preset: '24h' }, filters: { level: 'error', messageContains: 'timeout' } }, iso);
  assert.equal(
    several?.text,
    'No lines in the last 24 hours for level error, messages containing “timeout”. New lines show here as they arrive.',
  );
  assert.deepEqual(
    several?.actions.map((a) => a.label),
    ['Remove the Filters'],
    'already the widest preset',
  );

  const none = emptyState({ ...base, range: { preset: '1h' } }, iso);
  assert.equal(none?.text, 'No lines in the last hour. New lines show here as they arrive.');
  assert.deepEqual(
    none?.actions.map((a) => a.action),
    ['widenRange'],
  );

  const past = emptyState({ ...base, range: { preset: 'custom', since: 'A', until: 'B' } }, (t) => `<${t}>`);
  assert.equal(past?.text, 'No lines in <A> to <B>.', 'a closed range gets no new lines');

  const hidden = emptyState({ ...base, total: 1234, shown: 0, find: 'nope' }, iso);
  assert.equal(hidden?.text, 'None of the 1,234 lines loaded matches “nope”.');
  assert.deepEqual(
    hidden?.actions.map((a) => a.action),
    ['clearFind'],
  );
});
