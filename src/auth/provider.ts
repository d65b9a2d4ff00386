import * as vscode from 'vscode';
import { ENVIRONMENT_ACCOUNT_ID, type Account, type AccountStore } from './accounts';
import type { AccountNames } from './accountNames';

/**
 * Puts the Botpress accounts in VS Code's Accounts menu, and lets other extensions ask for a session
 * (`vscode.authentication.getSession('botpress', [])`). A session is an account with its token.
 */
export class BotpressAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changes.event;
  private known = new Map<string, vscode.AuthenticationSession>();
  private readonly subscription: { dispose(): void };

  private readonly nameChanges: { dispose(): void };

  constructor(
    private readonly store: AccountStore,
    /** The accounts' names as Botpress knows them: what the Accounts menu shows once known. */
    private readonly names: Pick<AccountNames, 'of' | 'onDidChange'>,
    /** Runs the interactive sign-in; resolves to the new account, or undefined when cancelled. */
    private readonly signIn: () => Promise<Account | undefined>,
  ) {
    this.subscription = store.onDidChange(() => void this.announceChanges());
    this.nameChanges = names.onDidChange(() => void this.announceChanges());
    void this.announceChanges();
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const sessions = await Promise.all(this.store.list().map((a) => this.session(a)));
    return sessions.filter((s): s is vscode.AuthenticationSession => s !== undefined);
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const account = await this.signIn();
    const session = account && (await this.session(account));
    if (!session) throw new Error('Sign-in to Botpress was cancelled.');
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    if (sessionId === ENVIRONMENT_ACCOUNT_ID) {
      void vscode.window.showWarningMessage('This account comes from the BP_TOKEN environment variable: unset it to sign out.');
      return;
    }
    await this.store.remove(sessionId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.nameChanges.dispose();
    this.changes.dispose();
  }

  private async session(account: Account): Promise<vscode.AuthenticationSession | undefined> {
    const accessToken = await this.store.token(account);
    return accessToken
      ? { id: account.id, accessToken, account: { id: account.id, label: this.names.of(account) }, scopes: [] }
      : undefined;
  }

  /** Compares the sessions with the last known ones and fires what was added, removed or changed. */
  private async announceChanges(): Promise<void> {
    const now = new Map((await this.getSessions()).map((s) => [s.id, s]));
    const added = [...now.values()].filter((s) => !this.known.has(s.id));
    const removed = [...this.known.values()].filter((s) => !now.has(s.id));
    const changed = [...now.values()].filter((s) => {
      const before = this.known.get(s.id);
      return before !== undefined && (before.accessToken !== s.accessToken || before.account.label !== s.account.label);
    });
    this.known = now;
    if (added.length || removed.length || changed.length) this.changes.fire({ added, removed, changed });
  }
}
