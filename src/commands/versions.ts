import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { BotNode } from '../views/botpress/bot';
import { VersionNode, VersionsNode } from '../views/botpress/versions';
import { botpressDocumentUri } from '../views/documents';
import type { BotpressResource } from '../views/botpress/resources';
import { askIrreversible } from '../ui/confirm';
import { handleApiError } from '../ui/errors';
import { pickBot, type PickedBot } from '../ui/pick';
import { relativeTime } from '../views/botpress/format';
import { stableJson } from '../core/issues';
import { escapeMarkdownLinks } from '../core/text';
import { Command } from '../ids';

type BotRef = { workspaceId?: string; botId?: string; name?: string };

/**
 * A bot's versions and bot JSON: create a version, deploy one back (a modal naming what it replaces), open a
 * version's bot JSON and compare it with the bot's current one; pull a bot's JSON into a workspace file (keys
 * sorted, so git diffs mean something) and publish one back after a diff and a modal.
 */
export function registerVersions(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.createBotVersion, (node?: VersionsNode | BotNode) => createVersion(services, node)),
    vscode.commands.registerCommand(
      Command.deployBotVersion,
      (node?: VersionNode) => node instanceof VersionNode && deployVersion(services, node),
    ),
    vscode.commands.registerCommand(Command.openBotVersionJson, async (node?: VersionNode) => {
      if (node instanceof VersionNode) await vscode.window.showTextDocument(versionUri(node), { preview: true });
    }),
    vscode.commands.registerCommand(Command.compareBotVersion, async (node?: VersionNode) => {
      if (!(node instanceof VersionNode)) return;
      const current = botJsonUri({ workspaceId: node.workspaceId, botId: node.botId }, node.versionsNode.name, 'current');
      services.documents.refresh(current);
      await vscode.commands.executeCommand(
        'vscode.diff',
        versionUri(node),
        current,
        `${node.versionsNode.name}: ${node.name} ↔ current (bot JSON)`,
      );
    }),
    vscode.commands.registerCommand(Command.pullBotJson, (node?: BotRef) => pullBotJson(services, node)),
    vscode.commands.registerCommand(Command.publishBotJson, (uri?: vscode.Uri) => publishBotJson(services, uri)),
  );
}

/** The read-only, key-sorted document of a bot's JSON: now (`current`) or of a version. */
function botJsonUri(bot: { workspaceId: string; botId: string }, botName: string, label: string, versionId?: string): vscode.Uri {
  const resource: BotpressResource = { kind: 'botJson', ...bot, ...(versionId === undefined ? {} : { versionId }) };
  return botpressDocumentUri(resource, 'json', [botName, 'Bot JSON', label]);
}

const versionUri = (node: VersionNode) =>
  botJsonUri({ workspaceId: node.workspaceId, botId: node.botId }, node.versionsNode.name, node.name, node.versionId);

async function createVersion(services: Services, node?: VersionsNode | BotNode): Promise<void> {
  const target = node instanceof VersionsNode ? node.botNode : node instanceof BotNode ? node : undefined;
  if (!target) return;
  const name = await vscode.window.showInputBox({
    title: `Create Version of ${target.name}`,
    prompt: 'A name for this snapshot of the bot (its definition, code and bot JSON)',
    placeHolder: 'e.g. v1.4 — before the new order flow',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'A version needs a name.'),
  });
  if (name === undefined) return;
  const description = await vscode.window.showInputBox({
    title: `Create Version of ${target.name}`,
    prompt: 'A description (optional)',
    ignoreFocusOut: true,
  });
  if (description === undefined) return;
  try {
    const client = await services.botpress({ workspaceId: target.workspaceId });
    const { version } = await client.createBotVersion({
      id: target.botId,
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
    });
    vscode.window.setStatusBarMessage(
      `Created version "${escapeMarkdownLinks(version.name)}" of ${escapeMarkdownLinks(target.name)}`,
      4000,
    );
  } catch (error) {
    handleApiError(services, error, `Could not create a version of ${target.name}`);
    return;
  }
  const versions = node instanceof VersionsNode ? node : target.loaded().find((n): n is VersionsNode => n instanceof VersionsNode);
  if (versions) services.explorer.refresh(versions);
}

async function deployVersion(services: Services, node: VersionNode): Promise<void> {
  const bot = node.versionsNode.botNode;
  const deployed = relativeTime(bot.summary.deployedAt ?? bot.summary.updatedAt);
  const answer = await askIrreversible({
    message: `Deploy version "${node.name}" to bot "${bot.name}"?`,
    detail:
      `It replaces what "${bot.name}" runs now (${deployed ? `deployed ${deployed}` : 'its current deployment'}): its definition, ` +
      `code and bot JSON become those saved in "${node.name}"${node.version.description ? ` (${node.version.description})` : ''}. ` +
      'Create a version of the current bot first to be able to come back to it.',
    keep: 'Keep Current Bot',
    action: 'Deploy Version',
  });
  if (answer !== 'Deploy Version') return;
  try {
    const client = await services.botpress({ workspaceId: node.workspaceId });
    await client.deployBotVersion({ id: node.botId, versionId: node.versionId });
  } catch (error) {
    handleApiError(services, error, `Could not deploy version "${node.name}"`);
    return;
  }
  await services.explorer.deployed({ workspaceId: node.workspaceId, botId: node.botId, created: false });
  services.documents.refresh(botJsonUri({ workspaceId: node.workspaceId, botId: node.botId }, bot.name, 'current'));
  void vscode.window.showInformationMessage(escapeMarkdownLinks(`Deployed version "${node.name}" to ${bot.name}.`));
}

async function askBot(services: Services, node: BotRef | undefined, title: string, placeHolder: string): Promise<PickedBot | undefined> {
  if (node?.workspaceId && node.botId) return { workspaceId: node.workspaceId, botId: node.botId, name: node.name ?? node.botId };
  return pickBot(await services.botpress(), { title, placeHolder }, services);
}

async function pullBotJson(services: Services, node?: BotRef): Promise<void> {
  let bot: PickedBot | undefined;
  let json: unknown;
  try {
    bot = await askBot(services, node, 'Pull Bot JSON', 'Bot whose JSON to save into the workspace');
    if (!bot) return;
    json = await (await services.botpress({ workspaceId: bot.workspaceId })).getBotJson({ id: bot.botId });
  } catch (error) {
    handleApiError(services, error, 'Could not read the bot JSON');
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${bot.name.replace(/[^\w.-]+/g, '-')}.bot.json`;
  const target = await vscode.window.showSaveDialog({
    title: `Save the bot JSON of ${bot.name}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { 'Bot JSON': ['json'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(stableJson(json)));
  await vscode.window.showTextDocument(target);
}

async function publishBotJson(services: Services, uri?: vscode.Uri): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Publishing a bot JSON is off in Restricted Mode: a file of an untrusted workspace would replace a bot in production. ' +
        'Trust the workspace to use it.',
    );
    return;
  }
  const active = vscode.window.activeTextEditor?.document;
  const file =
    uri ??
    (active?.uri.scheme === 'file' && active.fileName.endsWith('.json')
      ? active.uri
      : (await vscode.window.showOpenDialog({ title: 'Publish Bot JSON', canSelectMany: false, filters: { 'Bot JSON': ['json'] } }))?.[0]);
  if (!file) return;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  let botJson: unknown;
  try {
    botJson = JSON.parse(text);
  } catch (error) {
    void vscode.window.showErrorMessage(
      escapeMarkdownLinks(`${path.basename(file.fsPath)} is not valid JSON: ${(error as Error).message}`),
    );
    return;
  }
  if (typeof botJson !== 'object' || botJson === null || Array.isArray(botJson)) {
    void vscode.window.showErrorMessage(
      escapeMarkdownLinks(`${path.basename(file.fsPath)} is not a bot JSON: it must hold a JSON object.`),
    );
    return;
  }
  try {
    const bot = await askBot(services, undefined, 'Publish Bot JSON', `Bot to publish ${path.basename(file.fsPath)} to`);
    if (!bot) return;
    const current = botJsonUri(bot, bot.name, 'current');
    services.documents.refresh(current);
    await vscode.commands.executeCommand('vscode.diff', current, file, `${bot.name}: current ↔ ${path.basename(file.fsPath)} (bot JSON)`);
    const answer = await askIrreversible({
      message: `Publish ${path.basename(file.fsPath)} to bot "${bot.name}"?`,
      detail:
        `The bot JSON of "${bot.name}" in Botpress is replaced by this file (the diff shows what changes). ` +
        'Create a version first to be able to come back.',
      keep: 'Keep Current Bot JSON',
      action: 'Publish',
    });
    if (answer !== 'Publish') return;
    await (
      await services.botpress({ workspaceId: bot.workspaceId })
    ).publishFromBotJson({ id: bot.botId, botJson: botJson as Record<string, unknown> });
    services.documents.refresh(current);
    void vscode.window.showInformationMessage(escapeMarkdownLinks(`Published ${path.basename(file.fsPath)} to ${bot.name}.`));
  } catch (error) {
    handleApiError(services, error, 'Could not publish the bot JSON');
  }
}
