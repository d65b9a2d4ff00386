import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';

/**
 * Botpress accounts. Metadata (label, API URL, chosen workspace) lives in globalState; each token lives
 * only in SecretStorage under `botpress.token.<id>`. An account from the environment (`BP_TOKEN`, with
 * `BP_API_URL` and `BP_WORKSPACE_ID`) is never persisted: it exists while the variables do; only the workspace
 * chosen for it is remembered (for that API URL), so a reload does not ask again. Nor is the Local Cloud's account
 * (a token of its own, in memory): it exists while the Local Cloud runs.
 * Runtime-free of `vscode` so it can be tested with plain fakes of Memento and SecretStorage.
 */
export interface Account {
  readonly id: string;
  readonly label: string;
  readonly apiUrl: string;
  /** The workspace admin operations go to; chosen at sign-in or with Switch Account. */
  readonly workspaceId?: string;
  readonly workspaceName?: string;
  readonly source: 'stored' | 'environment' | 'local';
  /** The Chat API's base URL for this account's bots, when it is not the `botpress.chatApiUrl` setting's. */
  readonly chatApiUrl?: string;
}

export const ENVIRONMENT_ACCOUNT_ID = 'environment';
export const LOCAL_CLOUD_ACCOUNT_ID = 'local-cloud';

/** The Local Cloud while it runs: where it listens and its token. */
export interface LocalCloudAccount {
  apiUrl: string;
  chatApiUrl: string;
  token: string;
  workspaceId?: string;
  workspaceName?: string;
}

const ACCOUNTS_KEY = 'botpress.accounts';
const ACTIVE_KEY = 'botpress.activeAccount';
const ENVIRONMENT_WORKSPACE_KEY = 'botpress.environmentWorkspace';
const secretKey = (id: string) => `botpress.token.${id}`;

type StoredAccount = Omit<Account, 'source'>;
/** The workspace last chosen for the environment account, on the API it was chosen on. */
type RememberedWorkspace = { apiUrl: string; id: string; name?: string };

export interface AccountStoreOptions {
  globalState: Pick<vscode.Memento, 'get' | 'update'>;
  secrets: Pick<vscode.SecretStorage, 'get' | 'store' | 'delete'>;
  env: NodeJS.ProcessEnv;
  /** The `botpress.apiUrl` setting, for an environment account without `BP_API_URL`. */
  defaultApiUrl: () => string;
}

export class AccountStore {
  private readonly listeners = new Set<() => void>();
  private local?: LocalCloudAccount;
  /** The Local Cloud is the active account (kept in memory: it does not outlive the session). */
  private localActive = false;

  constructor(private readonly options: AccountStoreOptions) {}

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The Local Cloud while it runs, the environment account (when `BP_TOKEN` is set), then the stored ones in sign-in order. */
  list(): Account[] {
    const stored = this.stored().map((a): Account => ({ ...a, source: 'stored' }));
    const env = this.environmentAccount();
    return [this.localAccount(), env, ...stored].filter((a): a is Account => a !== undefined);
  }

  /** Adds the running Local Cloud as the active account, or (undefined) removes it. */
  setLocalCloud(local: LocalCloudAccount | undefined): void {
    this.local = local;
    this.localActive = local !== undefined;
    this.fire();
  }

  get(id: string): Account | undefined {
    return this.list().find((a) => a.id === id);
  }

  /** The chosen account, else the environment account, else the first stored one. */
  active(): Account | undefined {
    if (this.localActive && this.local) return this.localAccount();
    const accounts = this.list().filter((a) => a.source !== 'local');
    const chosen = this.options.globalState.get<string>(ACTIVE_KEY);
    return accounts.find((a) => a.id === chosen) ?? accounts[0] ?? this.localAccount();
  }

  async token(account: Account): Promise<string | undefined> {
    if (account.source === 'environment') return this.options.env.BP_TOKEN?.trim() || undefined;
    if (account.source === 'local') return this.local?.token;
    return this.options.secrets.get(secretKey(account.id));
  }

  /**
   * Adds an account (or replaces the token of one with the same label and API URL) and makes it active.
   * The secret is written before the metadata, so a failure never leaves an account without its token.
   */
  async add(input: { label: string; apiUrl: string; token: string; workspaceId?: string; workspaceName?: string }): Promise<Account> {
    const accounts = this.stored();
    const existing = accounts.find((a) => a.label === input.label && a.apiUrl === input.apiUrl);
    const account: StoredAccount = {
      id: existing?.id ?? randomUUID(),
      label: input.label,
      apiUrl: input.apiUrl,
      workspaceId: input.workspaceId,
      workspaceName: input.workspaceName,
    };
    await this.options.secrets.store(secretKey(account.id), input.token);
    const next = existing ? accounts.map((a) => (a.id === account.id ? account : a)) : [...accounts, account];
    await this.options.globalState.update(ACCOUNTS_KEY, next);
    await this.options.globalState.update(ACTIVE_KEY, account.id);
    this.localActive = false;
    this.fire();
    return { ...account, source: 'stored' };
  }

  /**
   * A label for an account whose name is unknown: `base` (the host), numbered when another account of
   * that API URL has it with a different token; the same token gets the same label, so signing in again
   * replaces it. Never built from the token itself.
   */
  async freeLabel(base: string, apiUrl: string, token: string): Promise<string> {
    for (let n = 1; ; n++) {
      const label = n === 1 ? base : `${base} (${n})`;
      const taken = this.stored().find((a) => a.apiUrl === apiUrl && a.label === label);
      if (!taken || (await this.options.secrets.get(secretKey(taken.id))) === token) return label;
    }
  }

  /** Removes a stored account and its secret; the environment account cannot be removed. */
  async remove(id: string): Promise<void> {
    if (id === ENVIRONMENT_ACCOUNT_ID) throw new Error('The environment account comes from BP_TOKEN: unset that variable to remove it.');
    if (id === LOCAL_CLOUD_ACCOUNT_ID) throw new Error('The Local Cloud account exists while the Local Cloud runs: stop it to remove it.');
    await this.options.secrets.delete(secretKey(id));
    await this.options.globalState.update(
      ACCOUNTS_KEY,
      this.stored().filter((a) => a.id !== id),
    );
    if (this.options.globalState.get<string>(ACTIVE_KEY) === id) await this.options.globalState.update(ACTIVE_KEY, undefined);
    this.fire();
  }

  /** Makes an account active, optionally choosing its workspace at the same time. */
  async activate(id: string, workspace?: { id: string; name?: string }): Promise<void> {
    if (!this.get(id)) throw new Error(`No Botpress account with id ${id}.`);
    this.localActive = id === LOCAL_CLOUD_ACCOUNT_ID;
    if (this.localActive) {
      if (workspace) this.local = { ...this.local!, workspaceId: workspace.id, workspaceName: workspace.name };
      return this.fire();
    }
    if (workspace && id === ENVIRONMENT_ACCOUNT_ID) {
      const remembered: RememberedWorkspace = { apiUrl: this.get(id)!.apiUrl, id: workspace.id, name: workspace.name };
      await this.options.globalState.update(ENVIRONMENT_WORKSPACE_KEY, remembered);
    } else if (workspace) {
      const next = this.stored().map((a) => (a.id === id ? { ...a, workspaceId: workspace.id, workspaceName: workspace.name } : a));
      await this.options.globalState.update(ACCOUNTS_KEY, next);
    }
    await this.options.globalState.update(ACTIVE_KEY, id);
    this.fire();
  }

  private stored(): StoredAccount[] {
    const value = this.options.globalState.get<unknown>(ACCOUNTS_KEY);
    return Array.isArray(value) ? value.filter(isStoredAccount) : [];
  }

  private localAccount(): Account | undefined {
    const local = this.local;
    if (!local) return undefined;
    const { apiUrl, chatApiUrl, workspaceId, workspaceName } = local;
    return { id: LOCAL_CLOUD_ACCOUNT_ID, label: 'Local Cloud', apiUrl, chatApiUrl, workspaceId, workspaceName, source: 'local' };
  }

  private environmentAccount(): Account | undefined {
    const env = this.options.env;
    if (!env.BP_TOKEN?.trim()) return undefined;
    const apiUrl = env.BP_API_URL?.trim() || this.options.defaultApiUrl();
    const value = this.options.globalState.get<RememberedWorkspace>(ENVIRONMENT_WORKSPACE_KEY);
    const remembered = value && value.apiUrl === apiUrl && typeof value.id === 'string' ? value : undefined;
    return {
      id: ENVIRONMENT_ACCOUNT_ID,
      label: 'Environment (BP_TOKEN)',
      apiUrl,
      workspaceId: remembered?.id ?? (env.BP_WORKSPACE_ID?.trim() || undefined),
      workspaceName: remembered?.name,
      source: 'environment',
    };
  }

  private fire(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function isStoredAccount(value: unknown): value is StoredAccount {
  const a = value as StoredAccount;
  return typeof a === 'object' && a !== null && typeof a.id === 'string' && typeof a.label === 'string' && typeof a.apiUrl === 'string';
}
