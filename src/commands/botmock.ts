/**
 * The Botmock account and the Botmock explorer's commands.
 *
 * - `createBotmockAccess(context, output, http?)` makes the account once, in activate(); its `botmock()`
 *   implements `Services.botmock()`. Pass the extension's shared HttpClient, or it makes its own.
 * - `registerBotmock(context, services, access)` adds the tree and the commands: `botmock.signIn`,
 *   `botmock.signOut`, `botmock.refresh`, `botmock.copyId`.
 *
 * The token lives only in SecretStorage. `BOTMOCK_TOKEN` (and optionally `BOTMOCK_API_URL`) in the
 * extension host's environment give an account that is never persisted; a stored token wins over it.
 * The API URL is the `botmock.apiUrl` setting (https, or http to loopback only).
 */
import * as vscode from 'vscode';
import { BotmockClient } from '../api/botmock';
import { ApiError, describeError } from '../api/errors';
import { HttpClient } from '../api/http';
import type { Services } from '../services';
import { checkServiceUrl, readServiceUrl } from '../settings';
import { BotmockTreeProvider, nodeId, type BotmockNode } from '../views/botmock/tree';
import { isQuiet } from '../auth/access';

const SECRET_KEY = 'botmock.token';
const SIGNED_IN_CONTEXT = 'botmock.signedIn';

/** Thrown when an operation needs Botmock and the user chose not to sign in. */
export class BotmockNotSignedInError extends Error {
  override readonly name = 'BotmockNotSignedInError';
  constructor() {
    super('Not signed in to Botmock. Run "Botmock: Sign In" first.');
  }
}

type Credentials = { token: string; apiUrl: string; source: 'stored' | 'environment' };

export class BotmockAccess implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the account or the API URL changes. */
  readonly onDidChange = this.changed.event;
  private storedToken: string | undefined;
  private readonly ready: Promise<void>;
  /** One client per token and URL, so it keeps what it learnt about the API version. */
  private cached?: { key: string; client: BotmockClient };
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly http: HttpClient,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    // The tree may ask before the stored token is read: it is told to look again once it is.
    this.ready = this.reload().then(() => this.changed.fire());
    this.subscriptions.push(
      context.secrets.onDidChange((e) => {
        if (e.key === SECRET_KEY) void this.reload().then(() => this.changed.fire());
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('botmock.apiUrl')) this.changed.fire();
      }),
    );
  }

  /** Signed in with a stored token or through the environment. */
  isSignedIn(): boolean {
    return !!(this.storedToken || this.env.BOTMOCK_TOKEN?.trim());
  }

  /** True when the only account comes from BOTMOCK_TOKEN. */
  isEnvironmentAccount(): boolean {
    return !this.storedToken && !!this.env.BOTMOCK_TOKEN?.trim();
  }

  /** A client for the account; with none, offers to sign in and throws if declined. */
  async botmock(): Promise<BotmockClient> {
    await this.ready;
    let credentials = this.credentials();
    if (!credentials) {
      const answer = await vscode.window.showInformationMessage('Sign in to Botmock to continue.', 'Sign In');
      if (answer !== 'Sign In' || !(await this.signIn())) throw new BotmockNotSignedInError();
      credentials = this.credentials();
      if (!credentials) throw new BotmockNotSignedInError();
    }
    const key = `${credentials.apiUrl}\n${credentials.token}`;
    if (this.cached?.key !== key) this.cached = { key, client: this.clientFor(credentials.apiUrl, credentials.token) };
    return this.cached.client;
  }

  /** Asks for a token, checks it with a real call, and stores it. Resolves true when signed in. */
  async signIn(): Promise<boolean> {
    const apiUrl = readServiceUrl(vscode.workspace.getConfiguration(), 'botmock.apiUrl');
    const token = await vscode.window.showInputBox({
      title: 'Botmock: Sign In',
      prompt: `A Botmock API token (Account settings → Developer API) for ${new URL(apiUrl).host}`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Paste a token, or press Escape to cancel.'),
    });
    if (!token?.trim()) return false;
    const client = this.clientFor(apiUrl, token.trim());
    try {
      const teams = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Checking the Botmock token…', cancellable: true },
        (_progress, cancel) => {
          const abort = new AbortController();
          cancel.onCancellationRequested(() => abort.abort());
          return client.listTeams({ signal: abort.signal });
        },
      );
      await this.context.secrets.store(SECRET_KEY, token.trim());
      await this.reload();
      this.changed.fire();
      const n = teams.length;
      void vscode.window.showInformationMessage(`Signed in to Botmock: ${n} team${n === 1 ? '' : 's'}.`);
      return true;
    } catch (error) {
      if (isQuiet(error)) return false;
      const refused = ApiError.is(error) && (error.status === 401 || error.status === 403);
      const message = refused ? 'Botmock refused this token: check that it is complete and not revoked.' : `Could not check the Botmock token: ${describeError(error)}`;
      this.output.warn(`Botmock sign-in failed: ${describeError(error)}`);
      void vscode.window.showErrorMessage(message);
      return false;
    }
  }

  async signOut(): Promise<void> {
    await this.ready;
    if (this.storedToken) {
      await this.context.secrets.delete(SECRET_KEY);
      await this.reload();
      this.changed.fire();
      void vscode.window.showInformationMessage(
        this.isEnvironmentAccount() ? 'Signed out of Botmock; BOTMOCK_TOKEN from the environment is still in use.' : 'Signed out of Botmock.',
      );
    } else if (this.isEnvironmentAccount()) {
      void vscode.window.showInformationMessage('The Botmock account comes from BOTMOCK_TOKEN in the environment: unset it to sign out.');
    } else {
      void vscode.window.showInformationMessage('Not signed in to Botmock.');
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  private credentials(): Credentials | undefined {
    const configured = () => readServiceUrl(vscode.workspace.getConfiguration(), 'botmock.apiUrl');
    if (this.storedToken) return { token: this.storedToken, apiUrl: configured(), source: 'stored' };
    const envToken = this.env.BOTMOCK_TOKEN?.trim();
    if (!envToken) return undefined;
    const envUrl = this.env.BOTMOCK_API_URL?.trim();
    return { token: envToken, apiUrl: envUrl ? checkServiceUrl(envUrl, 'BOTMOCK_API_URL') : configured(), source: 'environment' };
  }

  private clientFor(apiUrl: string, token: string): BotmockClient {
    return new BotmockClient({ apiUrl, token, http: this.http });
  }

  private async reload(): Promise<void> {
    this.storedToken = (await this.context.secrets.get(SECRET_KEY)) || undefined;
    await vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT, this.isSignedIn());
  }
}

/** Makes the Botmock account once; `botmock()` is what `Services.botmock` calls. */
export function createBotmockAccess(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, http?: HttpClient): BotmockAccess {
  const shared = http ?? new HttpClient();
  if (!http) context.subscriptions.push({ dispose: () => void shared.close() });
  const access = new BotmockAccess(context, output, shared);
  context.subscriptions.push(access);
  return access;
}

/** Registers the Botmock tree and its commands. */
export function registerBotmock(context: vscode.ExtensionContext, services: Services, access: BotmockAccess): void {
  const tree = new BotmockTreeProvider({ isSignedIn: () => access.isSignedIn(), client: () => services.botmock(), onDidChange: access.onDidChange }, services.output);
  const run = (action: string, body: () => Promise<unknown>) => async () => {
    try {
      await body();
    } catch (error) {
      if (isQuiet(error) || error instanceof BotmockNotSignedInError) return;
      services.output.error(`${action}: ${describeError(error)}`);
      void vscode.window.showErrorMessage(`${action}: ${describeError(error)}`);
    }
  };
  context.subscriptions.push(
    tree,
    vscode.window.createTreeView('botmock.explorer', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.commands.registerCommand('botmock.signIn', run('Botmock sign-in', () => access.signIn())),
    vscode.commands.registerCommand('botmock.signOut', run('Botmock sign-out', () => access.signOut())),
    vscode.commands.registerCommand('botmock.refresh', (node?: BotmockNode) => tree.refresh(node)),
    vscode.commands.registerCommand('botmock.copyId', async (node?: BotmockNode) => {
      const id = node && nodeId(node);
      if (!id) return;
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
    }),
  );
}
