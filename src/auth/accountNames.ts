import type { BotpressClient } from '../api/botpress';
import type { Account } from './accounts';

/**
 * The names Botpress gives the signed-in accounts (getAccount: display name, else e-mail), looked up once
 * per account and in the background, for the explorer's account rows and the status bar. An account
 * whose name cannot be read keeps its own label.
 */
export class AccountNames {
  private readonly known = new Map<string, string>();
  private readonly asked = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: (account: Account) => Promise<BotpressClient>) {}

  /** The account's name when known, else its label; the first call starts the lookup. */
  of(account: Account): string {
    if (!this.asked.has(account.id)) {
      this.asked.add(account.id);
      void this.client(account)
        .then((client) => client.getAccount({}))
        .then(({ account: remote }) => {
          const name = remote.displayName || remote.email;
          if (!name || name === account.label) return;
          this.known.set(account.id, name);
          for (const listener of [...this.listeners]) listener();
        })
        .catch(() => undefined);
    }
    return this.known.get(account.id) ?? account.label;
  }

  /** Called when a name becomes known. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
