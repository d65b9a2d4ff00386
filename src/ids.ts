/**
 * Every identifier the extension shares with VS Code or with its own `package.json`: commands, views,
 * context keys, tree item contextValues, and the other ids its contributions are known by. Code uses
 * these constants, never the strings; `test/unit/ids.test.ts` checks them against `package.json` both
 * ways and scans `src/` for a command id written out. Imports nothing, so any room may use it (`core/`,
 * `api/` and `media/` included).
 */

type IdOf<T> = T[keyof T];

/** The commands of `contributes.commands`, exactly. */
export const Command = {
  // Definitions and SDK projects
  newBotDefinition: 'botpress.newBotDefinition',
  newIntegrationDefinition: 'botpress.newIntegrationDefinition',
  newBotProject: 'botpress.newBotProject',
  newIntegrationProject: 'botpress.newIntegrationProject',
  revealProjectBot: 'botpress.revealProjectBot',
  openProjectLogs: 'botpress.openProjectLogs',
  chatWithProjectBot: 'botpress.chatWithProjectBot',
  evaluateAgent: 'botpress.evaluateAgent',
  compareAgentWithCloud: 'botpress.compareAgentWithCloud',
  installAgentPackages: 'botpress.installAgentPackages',
  // Botpress accounts
  signIn: 'botpress.signIn',
  switchAccount: 'botpress.switchAccount',
  signOut: 'botpress.signOut',
  importProfiles: 'botpress.importProfiles',
  // The Botpress explorer and its documents
  refreshExplorer: 'botpress.explorer.refresh',
  loadMoreInExplorer: 'botpress.explorer.loadMore',
  filterExplorer: 'botpress.explorer.filter',
  findBot: 'botpress.findBot',
  copyId: 'botpress.copyId',
  openResource: 'botpress.openResource',
  openResourceAsJson: 'botpress.openResourceAsJson',
  showStateValue: 'botpress.showStateValue',
  refreshDocument: 'botpress.refreshDocument',
  openInDashboard: 'botpress.openInDashboard',
  deleteBot: 'botpress.deleteBot',
  deleteIntegration: 'botpress.deleteIntegration',
  pullBotDefinition: 'botpress.pullBotDefinition',
  // Integrations installed on a bot
  installIntegration: 'botpress.installIntegration',
  configureIntegration: 'botpress.configureIntegration',
  enableIntegration: 'botpress.enableIntegration',
  disableIntegration: 'botpress.disableIntegration',
  uninstallIntegration: 'botpress.uninstallIntegration',
  // Deploy
  deployBot: 'botpress.deployBot',
  deployIntegration: 'botpress.deployIntegration',
  updateIntegrationReadme: 'botpress.updateIntegrationReadme',
  deployPlugin: 'botpress.deployPlugin',
  // Logs and chat
  openLogs: 'botpress.openLogs',
  chatWithBot: 'botpress.chatWithBot',
  newConversation: 'botpress.newConversation',
  openConversation: 'botpress.openConversation',
  // Conversation tests: a failure's menus in the test results
  openFailedTestConversation: 'botpress.tests.openConversation',
  openFailedTestLogs: 'botpress.tests.openLogs',
  // Botmock
  botmockSignIn: 'botmock.signIn',
  botmockSignOut: 'botmock.signOut',
  botmockRefresh: 'botmock.refresh',
  botmockCopyId: 'botmock.copyId',
  openBoard: 'botmock.openBoard',
  exportBoardAsTests: 'botmock.exportBoardAsTests',
  runBoardAsTest: 'botmock.runBoardAsTest',
  // The Local Cloud
  startLocalCloud: 'botpress.startLocalCloud',
  stopLocalCloud: 'botpress.stopLocalCloud',
  resetLocalCloud: 'botpress.resetLocalCloud',
  // Tables
  openTable: 'botpress.openTable',
  createTable: 'botpress.createTable',
  exportTable: 'botpress.exportTable',
  importTable: 'botpress.importTable',
  duplicateTable: 'botpress.duplicateTable',
  renameTableColumn: 'botpress.renameTableColumn',
  deleteTable: 'botpress.deleteTable',
  // knowledge bases and files
  openFile: 'botpress.openFile',
  showFilePassages: 'botpress.showFilePassages',
  copyFileKey: 'botpress.copyFileKey',
  copyFileId: 'botpress.copyFileId',
  deleteFile: 'botpress.deleteFile',
  syncKnowledge: 'botpress.syncKnowledge',
  searchKnowledge: 'botpress.searchKnowledge',
  // ADK traces
  openTraces: 'botpress.openTraces',
  // Issues and versions
  deleteIssue: 'botpress.deleteIssue',
  createBotVersion: 'botpress.createBotVersion',
  deployBotVersion: 'botpress.deployBotVersion',
  openBotVersionJson: 'botpress.openBotVersionJson',
  compareBotVersion: 'botpress.compareBotVersion',
  pullBotJson: 'botpress.pullBotJson',
  publishBotJson: 'botpress.publishBotJson',
  // analytics and usage
  showBotAnalytics: 'botpress.showBotAnalytics',
  showUsageHistory: 'botpress.showUsageHistory',
} as const;
export type CommandId = IdOf<typeof Command>;

/** Commands registered for the extension's own use: run by code, not contributed (no title, no menu). */
export const InternalCommand = {
  /** Shows what a deploy changed in the Botpress explorer (run by the deploy commands). */
  showDeployedInExplorer: 'botpress.explorer.deployed',
  /** An issue event's "Logs around this event" and "Open Conversation" (code lenses of an issue's document). */
  issueEventLogs: 'botpress.issueEventLogs',
  issueEventConversation: 'botpress.issueEventConversation',
} as const;
export type InternalCommandId = IdOf<typeof InternalCommand>;

/** The activity bar containers of `contributes.viewsContainers`. */
export const ViewContainer = {
  botpress: 'botpress',
} as const;
export type ViewContainerId = IdOf<typeof ViewContainer>;

/** The views of `contributes.views`. */
export const View = {
  botpressExplorer: 'botpress.explorer',
  botmockExplorer: 'botmock.explorer',
  agent: 'botpress.agent',
} as const;
export type ViewId = IdOf<typeof View>;

/** Commands VS Code makes for each contributed view (`<view id>.focus`), that the code runs. */
export const ViewCommand = {
  focusBotpressExplorer: `${View.botpressExplorer}.focus`,
} as const;
export type ViewCommandId = IdOf<typeof ViewCommand>;

/** The context keys the extension sets (`setContext`), read by `when` clauses and walkthrough steps. */
export const ContextKey = {
  /** Whether a Botpress account is active. */
  botpressSignedIn: 'botpress.signedIn',
  /** Whether a Botmock token is stored for the configured Botmock URL. */
  botmockSignedIn: 'botmock.signedIn',
  /** The definition files whose SDK project the CLI linked to a bot (`resourcePath in …`). */
  linkedDefinitions: 'botpress.linkedDefinitions',
  /** The workspace holds an ADK agent: the Agent view shows. */
  hasAgents: 'botpress.hasAgents',
  /** Whether this window's Local Cloud runs. */
  localCloudRunning: 'botpress.localCloudRunning',
} as const;
export type ContextKeyId = IdOf<typeof ContextKey>;

/** The tree items' contextValues that menus pick (`viewItem == …` and `viewItem =~ /…/` in `when` clauses). */
export const ContextValue = {
  // The Botpress explorer
  account: 'account',
  inactiveAccount: 'account.inactive',
  workspace: 'workspace',
  botsFolder: 'bots',
  integrationsFolder: 'integrations',
  hubFolder: 'hub',
  conversationsFolder: 'conversations',
  bot: 'bot',
  integration: 'integration',
  hubIntegration: 'hubIntegration',
  enabledBotIntegration: 'botIntegration.enabled',
  disabledBotIntegration: 'botIntegration.disabled',
  pluginsFolder: 'plugins',
  interfacesFolder: 'interfaces',
  plugin: 'plugin',
  interface: 'interface',
  hubPlugin: 'hubPlugin',
  hubInterface: 'hubInterface',
  botPlugin: 'botPlugin',
  state: 'state',
  event: 'event',
  action: 'action',
  tag: 'tag',
  channel: 'channel',
  conversation: 'conversation',
  // The Botmock explorer
  botmockTeam: 'botmock.team',
  botmockProject: 'botmock.project',
  botmockGroup: 'botmock.group',
  botmockBoard: 'botmock.board',
  botmockIntent: 'botmock.intent',
  botmockEntity: 'botmock.entity',
  botmockVariable: 'botmock.variable',
  // A bot's tables
  tablesFolder: 'tables',
  table: 'table',
  knowledgeFolder: 'knowledge',
  knowledgeBase: 'knowledgeBase',
  filesFolder: 'files',
  file: 'file',
  indexedFile: 'file.indexed',
  // A bot's issues and versions
  issuesFolder: 'issues',
  issue: 'issue',
  versionsFolder: 'versions',
  botVersion: 'botVersion',
  // A workspace's usage and quotas
  usageFolder: 'usage',
  quota: 'quota',
  // The Agent view (ADK agents)
  adkProject: 'adkProject',
  linkedAdkProject: 'adkProject.linked',
} as const;
export type ContextValueId = IdOf<typeof ContextValue>;

/** The contextValues of test messages that menus pick (`testMessage == …`). */
export const TestMessageContextValue = {
  /** A conversation test's failure that ran a conversation: its menus open it and its logs. */
  conversationTestFailure: 'botpress.convoFailure',
} as const;
export type TestMessageContextValueId = IdOf<typeof TestMessageContextValue>;

/** The webview panels' view types (restored by their serializers: `onWebviewPanel:…` activation events). */
export const WebviewPanel = {
  logs: 'botpress.logs',
  conversation: 'botpress.conversation',
  table: 'botpress.table',
  traces: 'botpress.traces',
  knowledgeSearch: 'botpress.knowledgeSearch',
  analytics: 'botpress.analytics',
} as const;
export type WebviewPanelId = IdOf<typeof WebviewPanel>;

/** Webview panels not restored after a reload (no serializer, so no activation event): an import's preview. */
export const TransientPanel = {
  tableImport: 'botpress.tableImport',
} as const;

/** The authentication providers of `contributes.authentication`. */
export const AuthProvider = {
  botpress: 'botpress',
} as const;
export type AuthProviderId = IdOf<typeof AuthProvider>;

/** The test controllers the extension creates. */
export const TestController = {
  conversationTests: 'botpress.convo',
  retrievalTests: 'botpress.retrieval',
} as const;
export type TestControllerId = IdOf<typeof TestController>;

/** The task types of `contributes.taskDefinitions` that the code provides. */
export const TaskType = {
  bp: 'bp',
} as const;
export type TaskTypeId = IdOf<typeof TaskType>;

/** The problem matchers of `contributes.problemMatchers` that the code's tasks use, as tasks name them (`$name`). */
export const ProblemMatcher = {
  bpEsbuild: '$bp-esbuild',
  bpDev: '$bp-dev',
} as const;
export type ProblemMatcherId = IdOf<typeof ProblemMatcher>;

/** The languages of `contributes.languages` that the code provides for. */
export const Language = {
  definitionYaml: 'botpress-definition-yaml',
  definitionJson: 'botpress-definition-json',
} as const;
export type LanguageId = IdOf<typeof Language>;

/** The URI schemes of the extension's documents (`resourceScheme == …` in `when` clauses). */
export const UriScheme = {
  /** Botpress resources opened from the explorer, read-only. */
  botpress: 'botpress',
  /** Botmock resources, read-only. */
  botmock: 'botmock',
  /** The two sides of a deploy preview's diff. */
  deployPreview: 'botpress-deploy',
  /** A file of a bot (its text, read-only) and its passages. */
  botpressFile: 'botpress-file',
} as const;
export type UriSchemeId = IdOf<typeof UriScheme>;

/** The settings of `contributes.configuration` that the code names in full (the rest it reads through a `SettingSection`). */
export const Setting = {
  botpressApiUrl: 'botpress.apiUrl',
  chatApiUrl: 'botpress.chatApiUrl',
  botmockApiUrl: 'botmock.apiUrl',
  confirmDeployPreview: 'botpress.deploy.confirmPreview',
  confirmNonDevDeploy: 'botpress.deploy.confirmNonDev',
  deploySourceMaps: 'botpress.deploy.sourceMaps',
  showTestConversations: 'botpress.explorer.showTestConversations',
} as const;
export type SettingId = IdOf<typeof Setting>;

/** The sections of `contributes.configuration` the code reads (`getConfiguration(section).get(name)`). */
export const SettingSection = {
  deploy: 'botpress.deploy',
  logs: 'botpress.logs',
  tests: 'botpress.tests',
  localCloud: 'botpress.localCloud',
} as const;
export type SettingSectionId = IdOf<typeof SettingSection>;
