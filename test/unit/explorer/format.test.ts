import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationRow, messagePreview } from '../../../src/views/botpress/format';

test('format: a message preview is its first words, markdown flattened, else its type', () => {
  assert.equal(messagePreview({ type: 'text', text: 'Hi, I have a question about my order' }), 'Hi, I have a question about my order');
  assert.equal(
    messagePreview({ type: 'markdown', markdown: '**Refunds** are\n\nprocessed _within_ 5 days' }),
    'Refunds are processed within 5 days',
  );
  assert.equal(
    messagePreview({ type: 'text', text: 'one two three four five six seven eight nine ten eleven twelve' }, 30),
    'one two three four five six…',
  );
  assert.equal(
    messagePreview({ type: 'choice', text: 'Pick a plan', options: [{ label: 'Basic', value: 'b' }] }).startsWith('Pick a plan'),
    true,
  );
  assert.equal(messagePreview({ type: 'image', imageUrl: 'https://example.com/a.png' }), '[image]');
  assert.equal(messagePreview({ type: 'nonsense', x: 1 }), '[nonsense]');
  assert.equal(messagePreview('not a payload'), '[message]');
});

test('format: a conversation row names the user, the last words and when, else the channel', () => {
  const now = Date.parse('2026-02-01T12:00:00.000Z');
  const base = {
    id: 'conv_1',
    integration: 'chat',
    channel: 'channel',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-02-01T10:00:00.000Z',
  };
  const row = conversationRow(
    {
      ...base,
      user: { id: 'user_1', name: 'Ada Lovelace' },
      last: { payload: { type: 'text', text: 'Where is my parcel?' }, createdAt: '2026-02-01T11:00:00.000Z', direction: 'incoming' },
    },
    now,
  );
  assert.deepEqual(
    { label: row.label, description: row.description },
    { label: 'Ada Lovelace', description: 'Where is my parcel? · 1 hour ago' },
  );
  assert.match(row.tooltip, /^Conversation conv_1\nwith Ada Lovelace \(user_1\)\nchat \/ channel\nlast message: Where is my parcel\?/);
  const bot = conversationRow(
    {
      ...base,
      user: { id: 'user_2' },
      last: { payload: { type: 'text', text: 'Done!' }, createdAt: '2026-02-01T11:59:00.000Z', direction: 'outgoing' },
    },
    now,
  );
  assert.equal(bot.label, 'user_2', 'a user without a name by id');
  assert.equal(bot.description, 'bot: Done! · 1 minute ago');
  const empty = conversationRow(base, now);
  assert.deepEqual({ label: empty.label, description: empty.description }, { label: 'chat · channel', description: '2 hours ago' });
});
