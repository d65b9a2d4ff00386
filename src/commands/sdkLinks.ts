import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { DevDeployed } from '../tasks/bp';
import type { WorkspaceSdkProject } from '../workspace/sdkProjects';
import { handleApiError } from '../ui/errors';
import { escapeMarkdownLinks } from '../core/text';
import { Command, ContextKey, ViewCommand } from '../ids';
import { asLinkable } from '../workspace/adkProjects';

const isAgent = (p: WorkspaceSdkProject) => path.basename(p.project.definitionFile) === 'agent.config.ts';

interface Linked {
  project: WorkspaceSdkProject;
  id: string;
  dev: boolean;
  workspaceId: string;
}

/**
 * An SDK project's folder and its bot in the cloud, linked by `.botpress/project.cache.json` (`botId`
 * where `bp deploy` deploys, `devId` for `bp dev`), in the active account's workspace:
 *   botpress.revealProjectBot     select the bot in the Botpress explorer
 *   botpress.openProjectLogs      its logs (also a dev integration's)
 *   botpress.chatWithProjectBot   chat with it
 * each from a definition file (editor title, explorer context) or the active editor. The explorer's bot
 * rows name the local folders linked to them. Once a bp dev task's bot is up (`services.devDeployed`), it is
 * revealed and offered.
 */
export function registerSdkLinks(context: vscode.ExtensionContext, services: Services): void {
  const { botpressAccounts: accounts, sdkProjects, adkProjects, explorer } = services;
  // SDK projects and ADK agents (as bots whose definition is their agent.config.ts) alike.
  const projects = {
    list: async () => [...(await sdkProjects.list()), ...(await adkProjects.list()).map(asLinkable)],
  };
  const publishLinks = async () => {
    const linked = (await projects.list()).filter((p) => p.cache?.botId || p.cache?.devId).map((p) => p.project.definitionFile);
    await vscode.commands.executeCommand('setContext', ContextKey.linkedDefinitions, linked);
  };

  const nameOf = async (link: Linked) => {
    if (link.project.project.kind === 'integration')
      return link.project.project.integrationName ?? path.basename(link.project.project.root);
    try {
      return (await (await services.botpress({ workspaceId: link.workspaceId })).getBot({ id: link.id })).bot.name;
    } catch {
      return path.basename(link.project.project.root);
    }
  };

  const openLogs = async (link: Linked) => {
    const name = await nameOf(link);
    const target = link.project.project.kind === 'integration' ? { integrationId: link.id } : { botId: link.id };
    await vscode.commands.executeCommand(Command.openLogs, { workspaceId: link.workspaceId, name, ...target });
  };
  const chat = async (link: Linked) =>
    vscode.commands.executeCommand(Command.chatWithBot, { workspaceId: link.workspaceId, botId: link.id, name: await nameOf(link) });
  const reveal = async (link: Linked) => {
    await vscode.commands.executeCommand(ViewCommand.focusBotpressExplorer);
    if (!(await explorer.revealBot(link.workspaceId, link.id))) {
      void vscode.window.showWarningMessage(
        escapeMarkdownLinks(`Bot ${link.id} is not among the bots of the active workspace: is the right account and workspace active?`),
      );
    }
  };

  const run = (action: (link: Linked) => Promise<unknown>, botsOnly: boolean) => async (arg?: unknown) => {
    try {
      const link = await linkOf(arg, botsOnly);
      if (link) await action(link);
    } catch (err) {
      handleApiError(services, err, "Could not open the project's bot");
    }
  };

  const linkOf = async (arg: unknown, botsOnly: boolean): Promise<Linked | undefined> => {
    // A file's Uri (menus), a row of the Agent view (its `resourceUri`), else the active editor's file.
    const rowUri = (arg as { resourceUri?: unknown } | undefined)?.resourceUri;
    const uri = arg instanceof vscode.Uri ? arg : rowUri instanceof vscode.Uri ? rowUri : vscode.window.activeTextEditor?.document.uri;
    const all = await projects.list();
    const project =
      uri?.scheme === 'file' ? all.find((p) => p.project.definitionFile === uri.fsPath || p.project.root === uri.fsPath) : undefined;
    if (!project) {
      void vscode.window.showInformationMessage(
        'Open the definition file (bot.definition.ts, integration.definition.ts) of an SDK project, ' +
          'or the agent.config.ts of an ADK agent, first.',
      );
      return undefined;
    }
    if (botsOnly && project.project.kind !== 'bot') {
      void vscode.window.showInformationMessage(
        escapeMarkdownLinks(`${path.basename(project.project.definitionFile)} is not a bot: only its logs can be opened.`),
      );
      return undefined;
    }
    const choices = [
      ...(project.cache?.botId ? [{ id: project.cache.botId, dev: false }] : []),
      ...(project.cache?.devId ? [{ id: project.cache.devId, dev: true }] : []),
    ];
    if (!choices.length) {
      void vscode.window.showInformationMessage(
        escapeMarkdownLinks(
          `${project.relativeRoot === '.' ? 'This project' : project.relativeRoot} is not linked to a bot yet: ` +
            (isAgent(project)
              ? 'run "adk link" or "adk dev" (they write agent.json and agent.local.json).'
              : 'run the "bp deploy" or "bp dev" task (it writes .botpress/project.cache.json).'),
        ),
      );
      return undefined;
    }
    const chosen =
      choices.length === 1
        ? choices[0]
        : (
            await vscode.window.showQuickPick(
              choices.map((c) => ({
                label: isAgent(project)
                  ? c.dev
                    ? 'Dev bot (adk dev)'
                    : 'Production bot (adk deploy)'
                  : c.dev
                    ? 'Dev bot (bp dev)'
                    : 'Deployed bot (bp deploy)',
                description: c.id,
                choice: c,
              })),
              { placeHolder: 'Which bot of this project?' },
            )
          )?.choice;
    if (!chosen) return undefined;
    const workspaceId = (accounts.store.active() ?? (await services.botpress().then(() => accounts.store.active())))?.workspaceId;
    if (!workspaceId) {
      void vscode.window.showInformationMessage('Choose a workspace first: "Botpress: Switch Account or Workspace".');
      return undefined;
    }
    return { project, ...chosen, workspaceId };
  };

  context.subscriptions.push(
    ...[sdkProjects, adkProjects].map((p) =>
      p.onDidChange(() => {
        explorer.redrawBots();
        void publishLinks();
      }),
    ),
    vscode.commands.registerCommand(Command.revealProjectBot, run(reveal, true)),
    vscode.commands.registerCommand(Command.openProjectLogs, run(openLogs, false)),
    vscode.commands.registerCommand(Command.chatWithProjectBot, run(chat, true)),
  );
  void publishLinks().then(() => explorer.redrawBots());

  const onDevDeployed = (deployed: DevDeployed) => {
    const { project, id, what } = deployed;
    const workspaceId = deployed.workspaceId ?? accounts.store.active()?.workspaceId;
    if (!workspaceId) return;
    const link: Linked = { project, id, dev: true, workspaceId };
    if (what === 'bot') void explorer.revealBot(workspaceId, id);
    const folder = project.relativeRoot === '.' ? path.basename(project.project.root) : project.relativeRoot;
    const actions = what === 'bot' ? ['Open Logs', 'Chat'] : ['Open Logs'];
    void vscode.window
      .showInformationMessage(escapeMarkdownLinks(`bp dev: the dev ${what} of ${folder} is deployed (${id}).`), ...actions)
      .then((choice) => {
        if (choice === 'Open Logs') void openLogs(link);
        if (choice === 'Chat') void chat(link);
      });
  };
  context.subscriptions.push(services.devDeployed.event(onDevDeployed));
}
