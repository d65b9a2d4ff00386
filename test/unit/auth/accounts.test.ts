import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountStore, ENVIRONMENT_ACCOUNT_ID, LOCAL_CLOUD_ACCOUNT_ID } from '../../../src/auth/accounts';

function fakes(env: NodeJS.ProcessEnv = {}, state = new Map<string, unknown>(), secrets = new Map<string, string>()) {
  const store = new AccountStore({
    globalState: { get: <T>(k: string) => state.get(k) as T, update: async (k: string, v: unknown) => void state.set(k, v) } as never,
    secrets: {
      get: async (k: string) => secrets.get(k),
      store: async (k: string, v: string) => void secrets.set(k, v),
      delete: async (k: string) => void secrets.delete(k),
    },
    env,
    defaultApiUrl: () => 'https://api.botpress.cloud',
  });
  return { store, state, secrets };
}

test('tokens go to secret storage only; metadata to global state', async () => {
  const { store, state, secrets } = fakes();
  const a = await store.add({ label: 'Work', apiUrl: 'https://api.botpress.cloud', token: 'bp_pat_secret', workspaceId: 'w1' });
  assert.equal(await store.token(a), 'bp_pat_secret');
  assert.ok(!JSON.stringify([...state.entries()]).includes('bp_pat_secret'));
  assert.deepEqual([...secrets.values()], ['bp_pat_secret']);
  assert.equal(store.active()?.id, a.id);
});

test('several accounts, switching and signing out', async () => {
  const { store, secrets } = fakes();
  let changes = 0;
  store.onDidChange(() => changes++);
  const a = await store.add({ label: 'A', apiUrl: 'https://x', token: 't1' });
  const b = await store.add({ label: 'B', apiUrl: 'https://x', token: 't2' });
  assert.equal(store.active()?.id, b.id);
  await store.activate(a.id, { id: 'w9', name: 'Nine' });
  assert.equal(store.active()?.label, 'A');
  assert.equal(store.active()?.workspaceId, 'w9');
  await store.remove(a.id);
  assert.deepEqual(
    store.list().map((x) => x.label),
    ['B'],
  );
  assert.equal(store.active()?.id, b.id);
  assert.equal(secrets.size, 1);
  assert.equal(changes, 4);
  await assert.rejects(store.activate('nope'), /No Botpress account/);
});

test('signing in again with the same label and URL replaces the token, not the account', async () => {
  const { store } = fakes();
  const first = await store.add({ label: 'A', apiUrl: 'https://x', token: 'old' });
  const again = await store.add({ label: 'A', apiUrl: 'https://x', token: 'new' });
  assert.equal(again.id, first.id);
  assert.equal(store.list().length, 1);
  assert.equal(await store.token(again), 'new');
});

test('the environment account comes from BP_TOKEN and is never persisted', async () => {
  const { store, state, secrets } = fakes({ BP_TOKEN: 'env-token', BP_API_URL: 'http://127.0.0.1:9', BP_WORKSPACE_ID: 'wenv' });
  const env = store.active();
  assert.equal(env?.id, ENVIRONMENT_ACCOUNT_ID);
  assert.equal(env?.apiUrl, 'http://127.0.0.1:9');
  assert.equal(env?.workspaceId, 'wenv');
  assert.equal(await store.token(env!), 'env-token');
  await store.activate(ENVIRONMENT_ACCOUNT_ID, { id: 'w2', name: 'Two' });
  assert.equal(store.active()?.workspaceId, 'w2');
  // The choice outlives a reload (a new store on the same state), on the same API only.
  const reloaded = fakes({ BP_TOKEN: 'env-token', BP_API_URL: 'http://127.0.0.1:9' }, state, secrets).store;
  assert.deepEqual([reloaded.active()?.workspaceId, reloaded.active()?.workspaceName], ['w2', 'Two']);
  const otherApi = fakes({ BP_TOKEN: 'env-token', BP_API_URL: 'http://127.0.0.1:10' }, state, secrets).store;
  assert.equal(otherApi.active()?.workspaceId, undefined);
  assert.equal(secrets.size, 0);
  assert.ok(!JSON.stringify([...state.entries()]).includes('env-token'));
  await assert.rejects(store.remove(ENVIRONMENT_ACCOUNT_ID), /BP_TOKEN/);
  assert.equal(fakes({}).store.list().length, 0);
});

test('garbage in global state is ignored, not fatal', () => {
  const { store, state } = fakes();
  state.set('botpress.accounts', [null, 5, { id: 'x' }, { id: 'ok', label: 'L', apiUrl: 'https://x' }]);
  assert.deepEqual(
    store.list().map((a) => a.id),
    ['ok'],
  );
});

test('a fallback label never shows the token: numbered per host, the same token keeps its label', async () => {
  const { store, state } = fakes();
  const host = 'api.botpress.cloud';
  const apiUrl = `https://${host}`;
  const first = await store.freeLabel(host, apiUrl, 'bp_pat_aaaa1234');
  assert.equal(first, host);
  await store.add({ label: first, apiUrl, token: 'bp_pat_aaaa1234' });
  assert.equal(await store.freeLabel(host, apiUrl, 'bp_pat_aaaa1234'), host, 'signing in again with the same token replaces it');
  const second = await store.freeLabel(host, apiUrl, 'bp_pat_bbbb5678');
  assert.equal(second, `${host} (2)`);
  await store.add({ label: second, apiUrl, token: 'bp_pat_bbbb5678' });
  assert.equal(store.list().length, 2, 'two tokens on one host stay two accounts');
  const visible =
    JSON.stringify([...state.values()]) +
    store
      .list()
      .map((a) => a.label)
      .join();
  for (const fragment of ['1234', '5678', 'aaaa', 'bbbb']) assert.ok(!visible.includes(fragment), fragment);
});

test('the Local Cloud account: first and active while it runs, its token in memory only, gone when it stops', async () => {
  const { store, state, secrets } = fakes();
  const stored = await store.add({ label: 'Work', apiUrl: 'https://api.botpress.cloud', token: 't1' });
  const local = { apiUrl: 'http://127.0.0.1:7401', chatApiUrl: 'http://127.0.0.1:7401/chat', token: 'local-token', workspaceId: 'w1' };
  store.setLocalCloud(local);
  assert.deepEqual(
    store.list().map((a) => [a.id, a.label, a.source]),
    [
      [LOCAL_CLOUD_ACCOUNT_ID, 'Local Cloud', 'local'],
      [stored.id, 'Work', 'stored'],
    ],
  );
  const active = store.active()!;
  assert.equal(active.id, LOCAL_CLOUD_ACCOUNT_ID);
  assert.equal(active.chatApiUrl, 'http://127.0.0.1:7401/chat');
  assert.equal(await store.token(active), 'local-token');
  assert.ok(!JSON.stringify([...state.entries(), ...secrets.entries()]).includes('local-token'));
  await assert.rejects(store.remove(LOCAL_CLOUD_ACCOUNT_ID), /stop it to remove it/);

  await store.activate(stored.id);
  assert.equal(store.active()?.id, stored.id);
  await store.activate(LOCAL_CLOUD_ACCOUNT_ID, { id: 'w2', name: 'Two' });
  assert.equal(store.active()?.workspaceId, 'w2');
  assert.equal(state.get('botpress.activeAccount'), stored.id, 'choosing the Local Cloud is not remembered past the session');

  store.setLocalCloud(undefined);
  assert.equal(store.active()?.id, stored.id);
  assert.equal(store.get(LOCAL_CLOUD_ACCOUNT_ID), undefined);
});
