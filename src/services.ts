import type * as vscode from 'vscode';
import type { BotmockClient } from './api/botmock';
import type { BotpressClient } from './api/botpress';
import type { HttpClient } from './api/http';
import type { BotpressAccounts } from './auth/access';
import type { BotmockAccess } from './auth/botmock';
import type { Contributions } from './activation';
import type { SdkEvaluator } from './sdk/evaluator';
import type { UserSettings } from './settings';
import type { DevDeployed } from './tasks/bp';
import type { ConvoTests } from './testing/convoTests';
import type { BotpressTreeProvider } from './views/botpress/tree';
import type { ResourceDocumentProvider } from './views/documents';
import type { SdkProjects } from './workspace/sdkProjects';
import type { AdkEvaluator } from './adk/evaluator';
import type { AdkProjects } from './workspace/adkProjects';

/**
 * Everything a contribution receives: each `register…(context, services)` takes this and nothing else.
 * Created once when the features load (src/features.ts); nothing here touches the network until a method
 * is called.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  /** The views, serializers and providers activation registered, for the features to implement. */
  readonly contributions: Contributions;
  readonly output: vscode.LogOutputChannel;
  /** The one HTTP client (keep-alive pools, proxy) every service client shares. */
  readonly http: HttpClient;
  /** Settings a workspace must not control (service URLs, deploy confirmations), from user settings only. */
  readonly settings: UserSettings;
  readonly botpressAccounts: BotpressAccounts;
  readonly botmockAccess: BotmockAccess;
  /** The workspace's SDK projects (`bp init` layouts) and the bots they are linked to. */
  readonly sdkProjects: SdkProjects;
  /** Evaluates SDK definitions in a child process (started on first use). */
  readonly sdkEvaluator: SdkEvaluator;
  /** The workspace's ADK agents (`agent.config.ts` over `@botpress/runtime`) and the bots they are linked to. */
  readonly adkProjects: AdkProjects;
  /** Evaluates ADK agents in a child process (started on first use). */
  readonly adkEvaluator: AdkEvaluator;
  /** The Botpress explorer's tree. */
  readonly explorer: BotpressTreeProvider;
  /** The read-only documents of remote resources (botpress: and botmock: URIs), made on first use. */
  readonly documents: ResourceDocumentProvider;
  /** The Test Explorer's conversation tests, made on first use. */
  readonly convoTests: ConvoTests;
  /** Fired by a `bp dev` task once its dev bot or integration is deployed. */
  readonly devDeployed: vscode.EventEmitter<DevDeployed>;
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
