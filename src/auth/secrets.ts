import type * as vscode from 'vscode';

type Secrets = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete'>;

/**
 * The secret-storage key of a credential minted by one service: `<prefix>/<origin>[/<part>…]`. Keyed by
 * origin, a credential is never sent to another host when a URL setting changes.
 */
export function originKey(prefix: string, serviceUrl: string, ...parts: string[]): string {
  return [prefix, new URL(serviceUrl).origin, ...parts].join('/');
}

/**
 * Reads the secret at `key`. When there is none but one is stored under `legacy` (the key older versions
 * used, not bound to an origin), it is moved to `key` first: callers pass the origin the user configured,
 * where the old one was meant to go.
 */
export async function readSecret(secrets: Secrets, key: string, legacy?: string): Promise<string | undefined> {
  const value = await secrets.get(key);
  if (value || !legacy) return value || undefined;
  const old = await secrets.get(legacy);
  if (!old) return undefined;
  await secrets.store(key, old);
  await secrets.delete(legacy);
  return old;
}
