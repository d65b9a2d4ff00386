import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkServiceUrl, readServiceUrl, ServiceUrlError, urlSettings } from '../../../src/settings';

test('https URLs are accepted and lose their trailing slash', () => {
  assert.equal(checkServiceUrl('https://api.botpress.cloud/', 'botpress.apiUrl'), 'https://api.botpress.cloud');
  assert.equal(checkServiceUrl(' https://app.botmock.com/api ', 'botmock.apiUrl'), 'https://app.botmock.com/api');
});

test('plain http is accepted for loopback addresses only', () => {
  for (const url of ['http://127.0.0.1:3000', 'http://localhost:8080/v1', 'http://[::1]:9000', 'http://127.4.5.6']) {
    assert.equal(checkServiceUrl(url, 'botpress.apiUrl'), url.replace(/\/$/, ''), url);
  }
  for (const url of ['http://api.botpress.cloud', 'http://10.0.0.1', 'http://128.0.0.1', 'http://localhost.example.com', 'http://127.0.0.1.evil.com']) {
    assert.throws(() => checkServiceUrl(url, 'botpress.apiUrl'), (err: unknown) => {
      assert.ok(err instanceof ServiceUrlError);
      assert.equal(err.setting, 'botpress.apiUrl');
      assert.match(err.message, /plain http:\/\/.*unencrypted.*loopback/);
      return true;
    }, url);
  }
});

test('other schemes, non-URLs and credentials are refused with a reason', () => {
  assert.throws(() => checkServiceUrl('ftp://x.example', 'botpress.apiUrl'), /must be an https:\/\/ URL, not ftp:/);
  assert.throws(() => checkServiceUrl('api.botpress.cloud', 'botpress.apiUrl'), /is not a valid URL/);
  assert.throws(() => checkServiceUrl('https://me:pw@api.botpress.cloud', 'botpress.apiUrl'), /user name or password/);
});

test('settings fall back to their defaults when unset or blank', () => {
  const config = (values: Record<string, string>) => ({ get: <T>(key: string) => values[key] as T | undefined });
  assert.equal(readServiceUrl(config({}), 'botpress.chatApiUrl'), urlSettings['botpress.chatApiUrl']);
  assert.equal(readServiceUrl(config({ 'botmock.apiUrl': '  ' }), 'botmock.apiUrl'), 'https://app.botmock.com/api');
  assert.equal(readServiceUrl(config({ 'botpress.apiUrl': 'http://127.0.0.1:5/' }), 'botpress.apiUrl'), 'http://127.0.0.1:5');
  assert.throws(() => readServiceUrl(config({ 'botpress.apiUrl': 'http://example.com' }), 'botpress.apiUrl'), ServiceUrlError);
});
