import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkServiceUrl, ServiceUrlError, urlSettings, userOnlySettings, UserSettings, type Inspectable } from '../../../src/settings';

test('https URLs are accepted and lose their trailing slash', () => {
  assert.equal(checkServiceUrl('https://api.botpress.cloud/', 'botpress.apiUrl'), 'https://api.botpress.cloud');
  assert.equal(checkServiceUrl(' https://app.botmock.com/api ', 'botmock.apiUrl'), 'https://app.botmock.com/api');
});

test('plain http is accepted for loopback addresses only', () => {
  for (const url of ['http://127.0.0.1:3000', 'http://localhost:8080/v1', 'http://[::1]:9000', 'http://127.4.5.6']) {
    assert.equal(checkServiceUrl(url, 'botpress.apiUrl'), url.replace(/\/$/, ''), url);
  }
  for (const url of [
    'http://api.botpress.cloud',
    'http://10.0.0.1',
    'http://128.0.0.1',
    'http://localhost.example.com',
    'http://127.0.0.1.evil.com',
  ]) {
    assert.throws(
      () => checkServiceUrl(url, 'botpress.apiUrl'),
      (err: unknown) => {
        assert.ok(err instanceof ServiceUrlError);
        assert.equal(err.setting, 'botpress.apiUrl');
        assert.match(err.message, /plain http:\/\/.*unencrypted.*loopback/);
        return true;
      },
      url,
    );
  }
});

test('other schemes, non-URLs and credentials are refused with a reason', () => {
  assert.throws(() => checkServiceUrl('ftp://x.example', 'botpress.apiUrl'), /must be an https:\/\/ URL, not ftp:/);
  assert.throws(() => checkServiceUrl('api.botpress.cloud', 'botpress.apiUrl'), /is not a valid URL/);
  assert.throws(() => checkServiceUrl('https://me:pw@api.botpress.cloud', 'botpress.apiUrl'), /user name or password/);
});

/** A configuration whose values sit at the given levels, as `inspect()` reports them. */
function config(levels: {
  global?: Record<string, unknown>;
  workspace?: Record<string, unknown>;
  folder?: Record<string, unknown>;
}): Inspectable {
  return {
    inspect: <T>(key: string) => ({
      key,
      globalValue: levels.global?.[key] as T | undefined,
      workspaceValue: levels.workspace?.[key] as T | undefined,
      workspaceFolderValue: levels.folder?.[key] as T | undefined,
    }),
  };
}

const settingsOf = (levels: Parameters<typeof config>[0]) => {
  const warnings: string[] = [];
  return {
    settings: new UserSettings(
      () => config(levels),
      (line) => warnings.push(line),
    ),
    warnings,
  };
};

test('settings fall back to their defaults when unset or blank', () => {
  assert.equal(settingsOf({}).settings.serviceUrl('botpress.chatApiUrl'), urlSettings['botpress.chatApiUrl']);
  assert.equal(settingsOf({ global: { 'botmock.apiUrl': '  ' } }).settings.serviceUrl('botmock.apiUrl'), 'https://app.botmock.com/api');
  assert.equal(
    settingsOf({ global: { 'botpress.apiUrl': 'http://127.0.0.1:5/' } }).settings.serviceUrl('botpress.apiUrl'),
    'http://127.0.0.1:5',
  );
  assert.throws(
    () => settingsOf({ global: { 'botpress.apiUrl': 'http://example.com' } }).settings.serviceUrl('botpress.apiUrl'),
    ServiceUrlError,
  );
  assert.equal(
    settingsOf({ global: { 'botpress.deploy.confirmNonDev': 'no' } }).settings.get('botpress.deploy.confirmNonDev'),
    true,
    'a value of the wrong type',
  );
});

test("a workspace's or folder's value of a user-only setting is ignored, and reported once naming the setting", () => {
  const { settings, warnings } = settingsOf({
    global: { 'botpress.apiUrl': 'https://api.example.org' },
    workspace: { 'botpress.apiUrl': 'https://evil.example.com', 'botpress.deploy.confirmNonDev': false },
    folder: { 'botmock.apiUrl': 'https://evil.example.com/api', 'botpress.deploy.confirmPreview': false },
  });
  for (let i = 0; i < 3; i++) {
    assert.equal(settings.serviceUrl('botpress.apiUrl'), 'https://api.example.org');
    assert.equal(settings.serviceUrl('botmock.apiUrl'), 'https://app.botmock.com/api');
    assert.equal(settings.get('botpress.deploy.confirmNonDev'), true);
    assert.equal(settings.get('botpress.deploy.confirmPreview'), true);
    assert.equal(settings.serviceUrl('botpress.chatApiUrl'), 'https://chat.botpress.cloud');
  }
  assert.equal(warnings.length, 4, warnings.join('\n'));
  for (const name of ['botpress.apiUrl', 'botmock.apiUrl', 'botpress.deploy.confirmNonDev', 'botpress.deploy.confirmPreview']) {
    assert.ok(
      warnings.some((w) => w.includes(name) && /ignored/i.test(w)),
      name,
    );
  }
  assert.ok(!warnings.some((w) => w.includes('evil')), 'the ignored value is not echoed');
});

test('package.json makes every user-only setting application-scoped and restricted', () => {
  const manifest = require('../../../package.json');
  const properties = manifest.contributes.configuration.properties;
  for (const [name, fallback] of Object.entries(userOnlySettings)) {
    assert.ok(['application', 'machine'].includes(properties[name]?.scope), `${name} has scope ${properties[name]?.scope}`);
    assert.deepEqual(properties[name].default, fallback, `${name}'s default`);
  }
  const trust = manifest.capabilities?.untrustedWorkspaces;
  assert.equal(trust?.supported, 'limited');
  assert.ok(trust.description);
  assert.deepEqual([...trust.restrictedConfigurations].sort(), Object.keys(userOnlySettings).sort());
});

test("VS Code's proxy settings come from the user's settings only; proxySupport off turns every proxy off", () => {
  const env = { HTTPS_PROXY: 'http://127.0.0.1:3128' };
  const user = { 'http.proxy': ' http://proxy.corp:8080 ', 'http.noProxy': ['intranet.corp', 7], 'http.proxyStrictSSL': false };
  const { settings, warnings } = settingsOf({
    global: user,
    workspace: { 'http.proxy': 'http://evil.example:1', 'http.proxyStrictSSL': false },
  });
  assert.deepEqual(settings.proxy(env), { url: 'http://proxy.corp:8080', noProxy: ['intranet.corp'], strictSSL: false, env });
  const hostile = settingsOf({ workspace: { 'http.proxy': 'http://evil.example:1', 'http.proxyStrictSSL': false } });
  assert.deepEqual(hostile.settings.proxy(env), { url: undefined, noProxy: [], strictSSL: true, env });
  assert.equal(hostile.warnings.length, 2);
  assert.ok(warnings.some((w) => w.includes('http.proxy')));
  assert.deepEqual(settingsOf({ global: { ...user, 'http.proxySupport': 'off' } }).settings.proxy(env), { strictSSL: false, env: {} });
});
