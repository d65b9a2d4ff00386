import type * as vscode from 'vscode';
import type { BotmockClient } from './api/botmock';
import type { BotpressClient } from './api/botpress';
import type { HttpClient } from './api/http';
import type { BotpressAccounts } from './auth/access';
import type { BotmockAccess } from './auth/botmock';
import type { UserSettings } from './settings';

/**
 * The services `activate()` creates once and passes to every contribution. Nothing here touches the
 * network until a method is called.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  /** The one HTTP client (keep-alive pools, proxy) every service client shares. */
  readonly http: HttpClient;
  /** Settings a workspace must not control (service URLs, deploy confirmations), from user settings only. */
  readonly settings: UserSettings;
  readonly botpressAccounts: BotpressAccounts;
  readonly botmockAccess: BotmockAccess;
  /**
   * A Botpress client for the active account (asks to sign in when there is none), bound to a workspace
   * for admin operations and to a bot for runtime ones when given.
   */
  botpress(target?: { workspaceId?: string; botId?: string }): Promise<BotpressClient>;
  /** Makes a workspace the active account's: commands use it from then on without asking. */
  useWorkspace(workspace: { id: string; name?: string }): Promise<void>;
  /** A Botmock client for the signed-in Botmock account (asks to sign in when there is none). */
  botmock(): Promise<BotmockClient>;
}
