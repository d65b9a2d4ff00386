import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BotpressClient } from '../../../src/api/botpress';
import { AccountNames } from '../../../src/auth/accountNames';
import type { Account } from '../../../src/auth/accounts';

const env: Account = { id: 'environment', label: 'Environment (BP_TOKEN)', apiUrl: 'https://api.botpress.cloud', source: 'environment' };
const stored: Account = { id: 'a1', label: 'work', apiUrl: 'https://api.botpress.cloud', source: 'stored' };

test('account names: looked up once per account in the background; a failure keeps the label', async () => {
  const calls: string[] = [];
  const names = new AccountNames(async (account) => {
    calls.push(account.id);
    if (account.id === 'a1') throw new Error('offline');
    return { getAccount: async () => ({ account: { displayName: '', email: 'ada@example.com' } }) } as unknown as BotpressClient;
  });
  let changes = 0;
  names.onDidChange(() => changes++);
  assert.equal(names.of(env), 'Environment (BP_TOKEN)', 'the label until the name is known');
  assert.equal(names.of(stored), 'work');
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(names.of(env), 'ada@example.com', 'the e-mail when there is no display name');
  assert.equal(names.of(stored), 'work');
  assert.equal(changes, 1);
  assert.deepEqual(calls, ['environment', 'a1'], 'each account asked once');
});
