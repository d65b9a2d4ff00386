import type * as vscode from 'vscode';
import { assertSecureUrl } from './api/http';

/**
 * The service URL settings. Every URL must use https, except a loopback address (a local emulator or a
 * proxy on this machine), where plain http is accepted. Runtime-free of `vscode`: callers pass the
 * configuration they read with `vscode.workspace.getConfiguration()`.
 */
export const urlSettings = {
  'botpress.apiUrl': 'https://api.botpress.cloud',
  'botpress.chatApiUrl': 'https://chat.botpress.cloud',
  'botmock.apiUrl': 'https://app.botmock.com/api',
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

/** Reads one URL setting (its default when unset or blank) and checks it. */
export function readServiceUrl(config: Pick<vscode.WorkspaceConfiguration, 'get'>, setting: UrlSetting): string {
  const value = config.get<string>(setting)?.trim();
  return checkServiceUrl(value || urlSettings[setting], setting);
}
