/**
 * The Botmock account: sign-in, sign-out, and a client for `Services.botmock()`.
 *
 * The token lives only in SecretStorage, keyed by the origin of `botmock.apiUrl` (a user setting: https,
 * or http to loopback only), so a token is never sent to another host. `BOTMOCK_TOKEN` (and optionally
 * `BOTMOCK_API_URL`) in the extension host's environment give an account that is never persisted; a
 * stored token wins over it.
 */
import * as vscode from 'vscode';
import { BotmockClient } from '../api/botmock';
import { ApiError, describeError } from '../api/errors';
import type { HttpClient } from '../api/http';
import { checkServiceUrl, type UserSettings } from '../settings';
import { isQuiet } from './access';
import { originKey, readSecret } from './secrets';
import { escapeMarkdownLinks } from '../core/text';
import { ContextKey, Setting } from '../ids';

const SECRET_PREFIX = 'botmock.token';

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
  private ready: Promise<void>;
  /** One client per token and URL, so it keeps what it learnt about the API version. */
  private cached?: { key: string; client: BotmockClient };
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly settings: UserSettings,
    private readonly output: vscode.LogOutputChannel,
    private readonly http: HttpClient,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    // The tree may ask before the stored token is read: it is told to look again once it is.
    this.ready = this.reload();
    this.subscriptions.push(
      secrets.onDidChange((e) => {
        if (e.key.startsWith(SECRET_PREFIX)) this.ready = this.reload();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(Setting.botmockApiUrl)) this.ready = this.reload();
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
    const apiUrl = this.settings.serviceUrl(Setting.botmockApiUrl);
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
      await this.secrets.store(originKey(SECRET_PREFIX, apiUrl), token.trim());
      await (this.ready = this.reload());
      const n = teams.length;
      void vscode.window.showInformationMessage(escapeMarkdownLinks(`Signed in to Botmock: ${n} team${n === 1 ? '' : 's'}.`));
      return true;
    } catch (error) {
      if (isQuiet(error)) return false;
      const refused = ApiError.is(error) && (error.status === 401 || error.status === 403);
      const message = refused
        ? 'Botmock refused this token: check that it is complete and not revoked.'
        : `Could not check the Botmock token: ${describeError(error)}`;
      this.output.warn(`Botmock sign-in failed: ${describeError(error)}`);
      void vscode.window.showErrorMessage(escapeMarkdownLinks(message));
      return false;
    }
  }

  async signOut(): Promise<void> {
    await this.ready;
    if (this.storedToken) {
      await this.secrets.delete(originKey(SECRET_PREFIX, this.settings.serviceUrl(Setting.botmockApiUrl)));
      await (this.ready = this.reload());
      if (this.isEnvironmentAccount())
        void vscode.window.showInformationMessage('Signed out of Botmock; BOTMOCK_TOKEN from the environment is still in use.');
      else void vscode.window.showInformationMessage('Signed out of Botmock.');
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
    const configured = () => this.settings.serviceUrl(Setting.botmockApiUrl);
    if (this.storedToken) return { token: this.storedToken, apiUrl: configured(), source: 'stored' };
    const envToken = this.env.BOTMOCK_TOKEN?.trim();
    if (!envToken) return undefined;
    const envUrl = this.env.BOTMOCK_API_URL?.trim();
    return { token: envToken, apiUrl: envUrl ? checkServiceUrl(envUrl, 'BOTMOCK_API_URL') : configured(), source: 'environment' };
  }

  private clientFor(apiUrl: string, token: string): BotmockClient {
    return new BotmockClient({ apiUrl, token, http: this.http });
  }

  /** Reads the token stored for the configured origin (a token of older versions, not bound to one, moves to it). */
  private async reload(): Promise<void> {
    let apiUrl: string | undefined;
    try {
      apiUrl = this.settings.serviceUrl(Setting.botmockApiUrl);
    } catch {
      // A refused URL has no token; using it says why.
    }
    this.storedToken = apiUrl ? await readSecret(this.secrets, originKey(SECRET_PREFIX, apiUrl), SECRET_PREFIX) : undefined;
    await vscode.commands.executeCommand('setContext', ContextKey.botmockSignedIn, this.isSignedIn());
    this.changed.fire();
  }
}
