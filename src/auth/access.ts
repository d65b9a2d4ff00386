import * as vscode from 'vscode';
import { BotpressClient } from '../api/botpress';
import { CancelledError } from '../api/errors';
import type { HttpClient } from '../api/http';
import type { UserSettings } from '../settings';
import { AccountNames } from './accountNames';
import { AccountStore, type Account } from './accounts';
import { Command, Setting } from '../ids';

/** Thrown when an operation needs a Botpress account and the user chose not to sign in. */
export class NotSignedInError extends Error {
  override readonly name = 'NotSignedInError';
  constructor() {
    super('Not signed in to Botpress. Run "Botpress: Sign In" first.');
  }
}

/** True for failures the user caused on purpose (cancelled, declined to sign in): nothing to report. */
export function isQuiet(err: unknown): boolean {
  return err instanceof CancelledError || err instanceof NotSignedInError;
}

/**
 * The Botpress accounts of this window and the clients bound to them. Created once in `activate()`;
 * implements `Services.botpress()`.
 */
export class BotpressAccounts {
  readonly store: AccountStore;
  readonly names = new AccountNames((account) => this.client({}, account));

  constructor(
    context: Pick<vscode.ExtensionContext, 'globalState' | 'secrets'>,
    private readonly http: HttpClient,
    private readonly settings: UserSettings,
  ) {
    this.store = new AccountStore({
      globalState: context.globalState,
      secrets: context.secrets,
      env: process.env,
      defaultApiUrl: () => settings.serviceUrl(Setting.botpressApiUrl),
    });
  }

  /** The Chat API's base URL for the active account's bots: the Local Cloud's own, else the `botpress.chatApiUrl` setting. */
  chatApiUrl(): string {
    return this.store.active()?.chatApiUrl ?? this.settings.serviceUrl(Setting.chatApiUrl);
  }

  /** A client with a token that is not stored (yet): used to check a token at sign-in. */
  clientForToken(apiUrl: string, token: string): BotpressClient {
    return new BotpressClient({ apiUrl, token, http: this.http });
  }

  /**
   * A client for an account (the active one by default), bound to the given workspace (else the
   * account's) and bot. With no account, offers to sign in, and throws NotSignedInError if declined.
   */
  async client(target: { workspaceId?: string; botId?: string } = {}, account?: Account): Promise<BotpressClient> {
    const chosen = account ?? this.store.active() ?? (await this.offerSignIn());
    const token = await this.store.token(chosen);
    if (!token) throw new NotSignedInError();
    return new BotpressClient({
      apiUrl: chosen.apiUrl,
      token,
      workspaceId: target.workspaceId ?? chosen.workspaceId,
      botId: target.botId,
      http: this.http,
    });
  }

  private async offerSignIn(): Promise<Account> {
    const answer = await vscode.window.showInformationMessage('Sign in to Botpress to continue.', 'Sign In');
    const account = answer === 'Sign In' ? await vscode.commands.executeCommand<Account | undefined>(Command.signIn) : undefined;
    if (!account) throw new NotSignedInError();
    return account;
  }
}
