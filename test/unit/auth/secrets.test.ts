import assert from 'node:assert/strict';
import { test } from 'node:test';
import { originKey, readSecret } from '../../../src/auth/secrets';

const memory = (entries: Record<string, string> = {}) => {
  const map = new Map(Object.entries(entries));
  return {
    map,
    get: async (k: string) => map.get(k),
    store: async (k: string, v: string) => void map.set(k, v),
    delete: async (k: string) => void map.delete(k),
  };
};

test('a secret is keyed by the origin of its service: another host, port or scheme is another key', () => {
  const key = originKey('botmock.token', 'https://app.botmock.com/api');
  assert.equal(key, 'botmock.token/https://app.botmock.com');
  assert.equal(originKey('botmock.token', 'https://app.botmock.com/other/'), key, 'the path does not matter');
  for (const other of [
    'https://evil.example.com/api',
    'https://app.botmock.com:8443/api',
    'http://app.botmock.com/api',
    'https://app.botmock.com.evil.example/api',
  ]) {
    assert.notEqual(originKey('botmock.token', other), key, other);
  }
  assert.equal(
    originKey('botpress.chat.user', 'https://chat.botpress.cloud', 'bot_1', 'wh_2'),
    'botpress.chat.user/https://chat.botpress.cloud/bot_1/wh_2',
  );
});

test('a token stored by older versions moves to the configured origin once; another origin never sees it', async () => {
  const secrets = memory({ 'botmock.token': 'bm-old' });
  const home = originKey('botmock.token', 'https://app.botmock.com/api');
  assert.equal(await readSecret(secrets, home, 'botmock.token'), 'bm-old');
  assert.deepEqual([...secrets.map], [[home, 'bm-old']]);
  assert.equal(await readSecret(secrets, originKey('botmock.token', 'https://evil.example.com/api'), 'botmock.token'), undefined);
  assert.equal(await readSecret(secrets, home, 'botmock.token'), 'bm-old');
  assert.equal(secrets.map.size, 1);
});
