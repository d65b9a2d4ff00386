import type * as vscode from 'vscode';
import { assertSecureUrl, type ProxyOptions } from './api/http';
import { Setting } from './ids';

/**
 * The service URL settings. Every URL must use https, except a loopback address (a local emulator or a
 * proxy on this machine), where plain http is accepted. Runtime-free of `vscode`: callers pass a
 * function that returns `vscode.workspace.getConfiguration()`.
 */
export const urlSettings = {
  [Setting.botpressApiUrl]: 'https://api.botpress.cloud',
  [Setting.chatApiUrl]: 'https://chat.botpress.cloud',
  [Setting.botmockApiUrl]: 'https://app.botmock.com/api',
} as const;

export type UrlSetting = keyof typeof urlSettings;

/** An invalid service URL, with a message that says which setting and why. */
export class ServiceUrlError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceUrlError';
  }
}

/**
 * Checks a service URL and returns it without a trailing slash; throws a `ServiceUrlError` that says why
 * it is refused (not a URL, not http(s), plain http to a host that is not loopback, credentials in it).
 */
export function checkServiceUrl(value: string, setting: string): string {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ServiceUrlError(setting, `${setting} is not a valid URL: "${text}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ServiceUrlError(setting, `${setting} must be an https:// URL, not ${url.protocol}//.`);
  }
  try {
    assertSecureUrl(url);
  } catch {
    throw new ServiceUrlError(
      setting,
      `${setting} uses plain http:// to ${url.hostname}: your access token would travel unencrypted. ` +
        'Use https://, or http:// only for a loopback address (localhost, 127.0.0.1, ::1).',
    );
  }
  if (url.username || url.password) {
    throw new ServiceUrlError(setting, `${setting} must not contain a user name or password.`);
  }
  return text.replace(/\/+$/, '');
}

/** Settings a workspace must not control: where tokens go, and the deploy confirmations. */
export const userOnlySettings = {
  ...urlSettings,
  [Setting.confirmDeployPreview]: true,
  [Setting.confirmNonDevDeploy]: true,
} as const;

export type UserOnlySetting = keyof typeof userOnlySettings;
type ValueOf<K extends UserOnlySetting> = (typeof userOnlySettings)[K] extends string ? string : boolean;

/** What reading a user-only setting needs of a `vscode.WorkspaceConfiguration`. */
export type Inspectable = Pick<vscode.WorkspaceConfiguration, 'inspect'>;

/**
 * Reads the settings of `userOnlySettings` from the user's own settings only: a value set by the
 * workspace or one of its folders (a cloned repository's `.vscode/settings.json`) is ignored even if
 * the editor passed it on, and reported once per setting through `warn`. Create one per extension.
 */
export class UserSettings {
  private readonly reported = new Set<string>();

  constructor(
    private readonly config: () => Inspectable,
    private readonly warn: (line: string) => void,
  ) {}

  get<K extends UserOnlySetting>(setting: K): ValueOf<K> {
    return this.userValue(setting, userOnlySettings[setting] as ValueOf<K>);
  }

  /** One URL setting from the user's settings (its default when unset or blank), checked. */
  serviceUrl(setting: UrlSetting): string {
    const value = this.get(setting).trim();
    return checkServiceUrl(value || urlSettings[setting], setting);
  }

  /**
   * VS Code's proxy settings as the HTTP client takes them, from the user's settings too (a repository's
   * proxy with `http.proxyStrictSSL: false` could read every token): `http.proxy`, `http.noProxy`,
   * `http.proxyStrictSSL`; `http.proxySupport: off` turns proxies off, the environment's included.
   */
  proxy(env: NodeJS.ProcessEnv = process.env): ProxyOptions {
    const strictSSL = this.userValue('http.proxyStrictSSL', true);
    if (this.userValue<string>('http.proxySupport', 'override') === 'off') return { strictSSL, env: {} };
    const noProxy = this.userValue<string[]>('http.noProxy', []).filter((h) => typeof h === 'string');
    return { url: this.userValue('http.proxy', '').trim() || undefined, noProxy, strictSSL, env };
  }

  /** The user's (global) value of a setting when it has the fallback's type, else the fallback. */
  private userValue<T>(setting: string, fallback: T): T {
    const seen = this.config().inspect<T>(setting);
    const ignored = [
      seen?.workspaceValue,
      seen?.workspaceFolderValue,
      seen?.workspaceLanguageValue,
      seen?.workspaceFolderLanguageValue,
    ].some((v) => v !== undefined);
    if (ignored && !this.reported.has(setting)) {
      this.reported.add(setting);
      this.warn(
        `Ignored the workspace's value of ${setting}: it can be set in your user settings only, so that a repository cannot change it.`,
      );
    }
    const value = seen?.globalValue;
    return Array.isArray(fallback) ? (Array.isArray(value) ? value : fallback) : typeof value === typeof fallback ? (value as T) : fallback;
  }
}
