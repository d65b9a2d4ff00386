import * as path from 'node:path';
import * as vscode from 'vscode';
import { HttpClient } from './api/http';
import { BotpressAccounts } from './auth/access';
import { BotmockAccess } from './auth/botmock';
import { registerAccounts } from './commands/accounts';
import { registerBotmock } from './commands/botmock';
import { registerChat } from './commands/chat';
import { registerConvoCommands } from './commands/convo';
import { registerDeploy } from './commands/deploy';
import { registerIntegrations } from './commands/integrations';
import { registerLogs } from './commands/logs';
import { registerNewProject } from './commands/newProject';
import { registerResources } from './commands/resources';
import { registerSdkLinks } from './commands/sdkLinks';
import { registerDefinitions } from './language/definitions';
import { registerSdkDefinitions } from './language/sdk';
import { SdkEvaluator } from './sdk/evaluator';
import type { Services } from './services';
import { UserSettings } from './settings';
import { ConvoTests } from './testing/convoTests';
import { registerBpTasks } from './tasks/bp';
import { registerBotpressExplorer } from './views/botpress/tree';
import { registerResourceDocuments } from './views/documents';
import { SdkProjects } from './workspace/sdkProjects';

/** Creates each service once and registers every contribution; does no network work. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Botpress', { log: true });
  const settings = new UserSettings(() => vscode.workspace.getConfiguration(), (line) => output.warn(line));
  const http = new HttpClient({ debug: (line) => output.trace(line), proxy: settings.proxy() });
  context.subscriptions.push(output, { dispose: () => void http.close() });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('http')) http.setProxy(settings.proxy());
    }),
  );

  const botpressAccounts = new BotpressAccounts(context, http, settings);
  const botmockAccess = new BotmockAccess(context.secrets, settings, output, http);
  context.subscriptions.push(botmockAccess);
  const services: Services = {
    context,
    output,
    http,
    settings,
    botpressAccounts,
    botmockAccess,
    botpress: (target) => botpressAccounts.client(target),
    useWorkspace: async (workspace) => {
      const active = botpressAccounts.store.active();
      if (active) await botpressAccounts.store.activate(active.id, workspace);
    },
    botmock: () => botmockAccess.botmock(),
  };

  const sdkProjects = new SdkProjects();
  const sdkEvaluator = new SdkEvaluator({ log: (line) => output.trace(line) });
  context.subscriptions.push(sdkProjects, { dispose: () => sdkEvaluator.dispose() });

  registerAccounts(context, services);
  const explorer = registerBotpressExplorer(context, services, {
    localFolders: (botId) => sdkProjects.linkedTo(botId).map((p) => (p.relativeRoot === '.' ? path.basename(p.project.root) : p.relativeRoot)),
  });
  const documents = registerResourceDocuments(context, services);
  registerResources(context, services, explorer, documents);
  registerIntegrations(context, services, explorer);
  registerBotmock(context, services);
  registerDefinitions(context, services);
  registerLogs(context, services);
  registerChat(context, services);
  registerDeploy(context, services);
  const convoTests = new ConvoTests(services, http);
  context.subscriptions.push(convoTests);
  registerConvoCommands(context, services, convoTests);
  registerSdkDefinitions(context, sdkEvaluator, output);
  const onDevDeployed = registerSdkLinks(context, services, botpressAccounts, sdkProjects, explorer);
  registerBpTasks(context, { projects: sdkProjects, accounts: botpressAccounts, output, onDevDeployed });
  registerNewProject(context, botpressAccounts);
}

export function deactivate(): void {}
