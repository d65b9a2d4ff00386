// The features bundle (dist/features.js): required by activation's stand-ins on first use (see
// src/activation.ts). Creates the services once and registers every contribution's implementation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Contributions } from './activation';
import { HttpClient } from './api/http';
import { BotpressAccounts } from './auth/access';
import { BotmockAccess } from './auth/botmock';
import { registerAccounts } from './commands/accounts';
import { registerBotmock } from './commands/botmock';
import { registerChat } from './commands/chat';
import { registerConvoCommands } from './commands/convo';
import { registerDeploy } from './commands/deploy';
import { registerDeployPlugin } from './commands/deployPlugin';
import { registerFiles } from './commands/files';
import { registerKnowledge } from './commands/knowledge';
import { registerKnowledgeSearch } from './commands/knowledgeSearch';
import { registerRetrievalTests } from './testing/retrievalTests';
import { registerIntegrations } from './commands/integrations';
import { registerLogs } from './commands/logs';
import { registerNewProject } from './commands/newProject';
import { registerResources } from './commands/resources';
import { registerSdkLinks } from './commands/sdkLinks';
import { registerLocalCloud } from './commands/localCloud';
import { registerTables } from './commands/tables';
import { registerIssues } from './commands/issues';
import { registerVersions } from './commands/versions';
import { registerAnalytics } from './commands/analytics';
import { registerDefinitions } from './language/definitions';
import { registerSdkDefinitions } from './language/sdk';
import { SdkEvaluator } from './sdk/evaluator';
import type { Services } from './services';
import { UserSettings } from './settings';
import { registerBpTasks, type DevDeployed } from './tasks/bp';
import { ConvoTests } from './testing/convoTests';
import { BotpressTreeProvider, registerBotpressExplorer } from './views/botpress/tree';
import { registerResourceDocuments, ResourceDocumentProvider } from './views/documents';
import { SdkProjects } from './workspace/sdkProjects';
import { registerTraces } from './commands/traces';
import { AdkEvaluator } from './adk/evaluator';
import { AdkProjects, folderLabel } from './workspace/adkProjects';
import { registerAgent } from './language/adk';
import { registerAgentCloud } from './commands/agentCloud';

/** Creates each service once. No network work. */
export function createServices(context: vscode.ExtensionContext, contributions: Contributions): Services {
  const output = vscode.window.createOutputChannel('Botpress', { log: true });
  const settings = new UserSettings(
    () => vscode.workspace.getConfiguration(),
    (line) => output.warn(line),
  );
  const http = new HttpClient({ debug: (line) => output.trace(line), proxy: settings.proxy() });
  context.subscriptions.push(output, { dispose: () => void http.close() });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('http')) http.setProxy(settings.proxy());
    }),
  );
  const botpressAccounts = new BotpressAccounts(context, http, settings);
  const botmockAccess = new BotmockAccess(context.secrets, settings, output, http);
  const sdkProjects = new SdkProjects();
  const sdkEvaluator = new SdkEvaluator({ log: (line) => output.trace(line) });
  const devDeployed = new vscode.EventEmitter<DevDeployed>();
  context.subscriptions.push(botmockAccess, sdkProjects, { dispose: () => sdkEvaluator.dispose() }, devDeployed);
  const adkProjects = new AdkProjects();
  const adkEvaluator = new AdkEvaluator({ log: (line) => output.trace(line) });
  context.subscriptions.push(adkProjects, { dispose: () => adkEvaluator.dispose() });
  const explorer = new BotpressTreeProvider(botpressAccounts, {
    localFolders: (botId) => [
      ...sdkProjects.linkedTo(botId).map((p) => (p.relativeRoot === '.' ? path.basename(p.project.root) : p.relativeRoot)),
      ...adkProjects.linkedTo(botId).map(folderLabel),
    ],
  });
  context.subscriptions.push(explorer);

  const services: Services = {
    context,
    contributions,
    output,
    http,
    settings,
    botpressAccounts,
    botmockAccess,
    sdkProjects,
    sdkEvaluator,
    adkProjects,
    adkEvaluator,
    explorer,
    get documents() {
      return documents;
    },
    get convoTests() {
      return convoTests;
    },
    devDeployed,
    botpress: (target) => botpressAccounts.client(target),
    useWorkspace: async (workspace) => {
      const active = botpressAccounts.store.active();
      if (active) await botpressAccounts.store.activate(active.id, workspace);
    },
    botmock: () => botmockAccess.botmock(),
  };
  // Both need the services; the Test Explorer asks for its tests as soon as it shows, so none is lazy.
  const documents = new ResourceDocumentProvider(services);
  const convoTests = new ConvoTests(services);
  context.subscriptions.push(documents, convoTests);
  return services;
}

/** Registers every contribution's implementation (activation registered their stand-ins). */
export function start(context: vscode.ExtensionContext, contributions: Contributions): void {
  const services = createServices(context, contributions);
  registerAccounts(context, services);
  registerBotpressExplorer(context, services);
  registerResourceDocuments(context, services);
  registerResources(context, services);
  registerIntegrations(context, services);
  registerBotmock(context, services);
  registerDefinitions(context, services);
  registerLogs(context, services);
  registerChat(context, services);
  registerDeploy(context, services);
  registerConvoCommands(context, services);
  registerSdkDefinitions(context, services);
  registerSdkLinks(context, services);
  registerBpTasks(context, services);
  registerNewProject(context, services);
  registerLocalCloud(context, services);
  registerAnalytics(context, services);
  registerDeployPlugin(context, services);
  registerTables(context, services);
  registerFiles(context, services);
  registerKnowledge(context, services);
  registerKnowledgeSearch(context, services);
  registerRetrievalTests(context, services);
  registerTraces(context, services);
  registerIssues(context, services);
  registerVersions(context, services);
  registerAgent(context, services);
  registerAgentCloud(context, services);
}
