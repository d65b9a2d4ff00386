import * as vscode from 'vscode';
import { describeError } from '../api/errors';
import type { BotpressClient } from '../api/botpress';
import type { Services } from '../services';
import { relativeTime } from '../views/botpress/format';
import { findExisting } from '../language/definitions';
import { botDefinitionYaml, botToDefinition, integrationSchemas } from '../views/botpress/botDefinition';
import { BotNode, conversationItems } from '../views/botpress/bot';
import { IntegrationNode } from '../views/botpress/integration';
import { ExplorerNode } from '../views/botpress/rows';
import type { BotpressTreeProvider } from '../views/botpress/tree';
import { botpressDocumentUri } from '../views/documents';
import { handleApiError } from '../ui/errors';
import { askIrreversible, confirmIrreversible } from '../ui/confirm';
import { botItems, pickBot, pickWorkspace, type PickedBot, type PickItem } from '../ui/pick';
import { escapeMarkdownLinks } from '../core/text';
import { definitionFileKind } from '../core/definitions';
import { Command, UriScheme, ViewCommand } from '../ids';

const DASHBOARD = 'https://app.botpress.cloud';

/** Ids a node can carry, most specific first: what "Copy Id" copies. */
const ID_FIELDS = ['conversationId', 'botId', 'integrationId', 'workspaceId', 'accountId'] as const;

type IdCarrier = Partial<Record<(typeof ID_FIELDS)[number], string>>;

/**
 * Commands on explorer resources: copy id, open as YAML / JSON, refresh a document, open in the dashboard,
 * delete a bot or integration, and pull a live bot's definition into the workspace.
 */
export function registerResources(context: vscode.ExtensionContext, services: Services): void {
  const { explorer: tree } = services;
  const open = async (node: ExplorerNode | undefined, format: 'yaml' | 'json') => {
    if (!node?.resource) return;
    await vscode.window.showTextDocument(botpressDocumentUri(node.resource, format, documentNames(node)), { preview: true });
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.copyId, async (node?: IdCarrier) => {
      const field = ID_FIELDS.find((f) => typeof node?.[f] === 'string');
      if (!node || !field) return;
      await vscode.env.clipboard.writeText(node[field]!);
      vscode.window.setStatusBarMessage(`Copied ${escapeMarkdownLinks(String(node[field]))}`, 3000);
    }),
    vscode.commands.registerCommand(Command.openResource, (node?: ExplorerNode) => open(node, 'yaml')),
    vscode.commands.registerCommand(Command.openResourceAsJson, (node?: ExplorerNode) => open(node, 'json')),
    vscode.commands.registerCommand(Command.refreshDocument, (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (target && (target.scheme === UriScheme.botpress || target.scheme === UriScheme.botmock)) services.documents.refresh(target);
    }),
    vscode.commands.registerCommand(Command.openInDashboard, async (node?: IdCarrier) => {
      if (!node?.workspaceId) return;
      const bot = node.botId ? `/bots/${encodeURIComponent(node.botId)}` : '';
      await vscode.env.openExternal(vscode.Uri.parse(`${DASHBOARD}/workspaces/${encodeURIComponent(node.workspaceId)}${bot}`));
    }),
    vscode.commands.registerCommand(Command.deleteBot, (node?: BotNode) => node instanceof BotNode && deleteBot(services, tree, node)),
    vscode.commands.registerCommand(
      Command.deleteIntegration,
      (node?: IntegrationNode) => node instanceof IntegrationNode && deleteIntegration(services, tree, node),
    ),
    vscode.commands.registerCommand(Command.findBot, () => findBot(services, tree)),
    vscode.commands.registerCommand(Command.showStateValue, (node?: ExplorerNode) => node && showStateValue(services, node)),
    vscode.commands.registerCommand(Command.pullBotDefinition, (node?: { workspaceId?: string; botId?: string }) =>
      pullBotDefinition(services, node),
    ),
  );
}

/** A node's names from its workspace down (`Acme Support`, `Bots`, `support-bot`), to title its document. */
function documentNames(node: ExplorerNode): string[] {
  const names: string[] = [];
  for (let at: ExplorerNode | undefined = node; at?.parent; at = at.parent) {
    const label = at.treeItem().label;
    names.unshift(typeof label === 'string' ? label : (label?.label ?? at.id));
  }
  return names;
}

/**
 * Opens the value a state holds for one conversation, user or the bot (getState), read-only: asks whose,
 * offering the bot's latest conversations or users, or any id typed in.
 */
async function showStateValue(services: Services, node: ExplorerNode): Promise<void> {
  const r = node.resource;
  if (r?.kind !== 'botPart' || r.part !== 'states') return;
  try {
    const client = await services.botpress({ workspaceId: r.workspaceId, botId: r.botId });
    const { bot } = await client.getBot({ id: r.botId });
    const type = bot.states?.[r.name]?.type;
    if (!type) throw new Error(`Bot ${r.botId} declares no state ${r.name} any more: refresh the explorer.`);
    const owner = type === 'bot' ? { id: r.botId, label: bot.name } : await pickStateOwner(client, type, r.name);
    if (!owner) return;
    const { id } = owner;
    const resource = { kind: 'stateValue', workspaceId: r.workspaceId, botId: r.botId, name: r.name, type, id } as const;
    // The tab: "cart of Ada Lovelace.yaml", named as the explorer names the conversation or user.
    const uri = botpressDocumentUri(resource, 'yaml', [...documentNames(node).slice(0, -1), `${r.name} of ${owner.label}`]);
    await vscode.window.showTextDocument(uri, { preview: true }).then(undefined, (err: unknown) => {
      const missing = err instanceof vscode.FileSystemError && err.code === 'FileNotFound';
      void vscode.window.showInformationMessage(
        escapeMarkdownLinks(
          missing ? `State ${r.name} holds no value for ${type} ${id}.` : `Could not read state ${r.name}: ${describeError(err)}`,
        ),
      );
    });
  } catch (err) {
    handleApiError(services, err, `Could not read state ${r.name}`);
  }
}

/** Whose value of a conversation or user state to show: one of the latest (named as the explorer names them), or an id typed in. */
async function pickStateOwner(
  client: BotpressClient,
  type: 'conversation' | 'user' | 'task',
  name: string,
): Promise<{ id: string; label: string } | undefined> {
  type Owner = { id: string; label: string };
  const items = async (): Promise<PickItem<Owner>[]> => {
    const typed: PickItem<Owner> = { label: '$(edit) Enter an id…', alwaysShow: true };
    if (type === 'conversation') {
      const conversations = await conversationItems(client);
      return [typed, ...conversations.map((c) => ({ label: c.label, description: c.description, value: { id: c.id, label: c.label } }))];
    }
    if (type === 'task') return [typed];
    const { items: users } = await client.page('listUsers', { sortField: 'updatedAt', sortDirection: 'desc' });
    return [
      typed,
      ...users.map((u) => ({
        label: u.name || u.id,
        description: `updated ${relativeTime(u.updatedAt) ?? '?'}`,
        value: { id: u.id, label: u.name || u.id },
      })),
    ];
  };
  const picked = await vscode.window.showQuickPick(items(), {
    title: `Show Value of ${name}`,
    placeHolder: `Whose value: which ${type}?`,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked || picked.value) return picked?.value;
  const typed = (
    await vscode.window.showInputBox({
      title: `Show Value of ${name}`,
      prompt: `Id of the ${type}`,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'An id'),
    })
  )?.trim();
  return typed ? { id: typed, label: typed } : undefined;
}

/** A quick pick over every bot of the active workspace, all pages; the bot picked is selected in the explorer. */
async function findBot(services: Services, tree: BotpressTreeProvider): Promise<void> {
  try {
    const account = await services.botpress();
    const workspaceId = await pickWorkspace(account, 'Find Bot: Workspace', services);
    if (!workspaceId) return;
    const pick = vscode.window.createQuickPick<PickItem<PickedBot>>();
    Object.assign(pick, {
      title: 'Find Bot',
      placeholder: 'Name or id of a bot of this workspace',
      matchOnDescription: true,
      ignoreFocusOut: true,
      busy: true,
    });
    const chosen = new Promise<PickedBot | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]?.value));
      pick.onDidHide(() => resolve(undefined));
    });
    pick.show();
    const loading = botItems(account.withWorkspace(workspaceId), workspaceId).then((items) => {
      pick.items = items;
      pick.busy = false;
    });
    const bot = await Promise.race([chosen, loading.then(() => chosen)]).finally(() => pick.dispose());
    if (!bot) return;
    await vscode.commands.executeCommand(ViewCommand.focusBotpressExplorer);
    if (!(await tree.revealBot(bot.workspaceId, bot.botId)))
      void vscode.window.showInformationMessage(escapeMarkdownLinks(`Bot ${bot.name} is not in the explorer's active account.`));
  } catch (err) {
    handleApiError(services, err, 'Could not list the bots');
  }
}

function confirmDelete(what: string, detail: string, keep: string): Promise<boolean> {
  return confirmIrreversible({ message: `Delete ${what}?`, detail, action: 'Delete', keep });
}

async function deleteBot(services: Services, tree: BotpressTreeProvider, node: BotNode): Promise<void> {
  const detail =
    `Bot ${node.botId} is deleted from workspace ${node.botsNode.workspaceNode.name} ` +
    'with its conversations, users, states and logs. This cannot be undone.';
  if (!(await confirmDelete(`bot "${node.name}"`, detail, 'Keep Bot'))) return;
  try {
    const client = await services.botpress({ workspaceId: node.workspaceId });
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting bot ${node.name}…` }, () =>
      client.deleteBot({ id: node.botId }),
    );
    services.output.info(`Deleted bot ${node.name} (${node.botId}).`);
    tree.refresh(node.botsNode);
  } catch (err) {
    handleApiError(services, err, `Could not delete bot ${node.name}`);
  }
}

async function deleteIntegration(services: Services, tree: BotpressTreeProvider, node: IntegrationNode): Promise<void> {
  const detail =
    `Integration ${node.integrationId} is deleted from workspace ${node.integrationsNode.workspaceNode.name}. ` +
    'Bots that install it stop receiving its events. This cannot be undone.';
  if (!(await confirmDelete(`integration "${node.name}@${node.version}"`, detail, 'Keep Integration'))) return;
  try {
    const client = await services.botpress({ workspaceId: node.workspaceId });
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting integration ${node.name}…` }, () =>
      client.deleteIntegration({ id: node.integrationId }),
    );
    services.output.info(`Deleted integration ${node.name}@${node.version} (${node.integrationId}).`);
    tree.refresh(node.integrationsNode);
  } catch (err) {
    handleApiError(services, err, `Could not delete integration ${node.name}`);
  }
}

async function targetFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to write bot.definition.yaml in' }))?.uri;
}

/**
 * Asks where to save a pulled definition. The toolkit checks only files named bot.definition.yaml (.yml, .json):
 * another name is said so before it is written, and the user can choose again.
 */
async function saveAsDefinition(existing: vscode.Uri): Promise<vscode.Uri | undefined> {
  let defaultUri = existing;
  for (;;) {
    // The save dialog itself asks before replacing a file.
    const chosen = await vscode.window.showSaveDialog({ defaultUri, filters: { YAML: ['yaml', 'yml'], JSON: ['json'] } });
    if (!chosen || definitionFileKind(chosen.path)?.kind === 'bot') return chosen;
    const name = chosen.path.split('/').pop() ?? '';
    const choice = await vscode.window.showWarningMessage(
      escapeMarkdownLinks(
        `${name} is not a bot definition's name: the toolkit checks and deploys only bot.definition.yaml (or .yml, .json).`,
      ),
      { modal: true, detail: 'Save it in a folder of its own under that name, or keep the name as a plain YAML copy that nothing checks.' },
      'Choose Again',
      'Save as Plain YAML',
    );
    if (choice === 'Save as Plain YAML') return chosen;
    if (choice !== 'Choose Again') return undefined;
    defaultUri = vscode.Uri.joinPath(chosen, '..', 'bot.definition.yaml');
  }
}

/**
 * Writes a live bot's definition as bot.definition.yaml; never overwrites a file, nor writes a second definition beside
 * one, without asking.
 */
async function pullBotDefinition(services: Services, node?: { workspaceId?: string; botId?: string }): Promise<vscode.Uri | undefined> {
  try {
    const target =
      node?.workspaceId && node.botId
        ? { workspaceId: node.workspaceId, botId: node.botId }
        : await pickBot(
            await services.botpress(),
            { title: 'Pull Bot Definition', placeHolder: 'Bot whose definition to write as bot.definition.yaml' },
            services,
          );
    if (!target) return undefined;
    const folder = await targetFolder();
    if (!folder) {
      void vscode.window.showErrorMessage('Open a folder first: the definition is written into the workspace.');
      return undefined;
    }
    const client = await services.botpress({ workspaceId: target.workspaceId });
    const { bot } = await client.getBot({ id: target.botId });
    let file = vscode.Uri.joinPath(folder, 'bot.definition.yaml');
    // Any bot definition of the folder (.yaml, .yml or .json): a second one beside it would make two.
    const existing = await findExisting(folder, 'bot');
    if (existing) {
      const choice = await askIrreversible({
        message: `${vscode.workspace.asRelativePath(existing)} already exists.`,
        detail: `This folder has its bot definition. Replace it with the definition of bot "${bot.name}", or save it under another name?`,
        keep: 'Save As…',
        action: 'Replace',
      });
      if (!choice) return undefined;
      file = existing;
      if (choice === 'Save As…') {
        const chosen = await saveAsDefinition(existing);
        if (!chosen) return undefined;
        file = chosen;
      }
    }
    const schemas = await integrationSchemas(client, bot);
    const text = file.path.toLowerCase().endsWith('.json')
      ? `${JSON.stringify(botToDefinition(bot, schemas), null, 2)}\n`
      : botDefinitionYaml(bot, `workspace ${target.workspaceId}`, schemas);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(file);
    services.output.info(`Pulled the definition of bot ${bot.name} (${bot.id}) into ${file.fsPath}.`);
    return file;
  } catch (err) {
    handleApiError(services, err, 'Could not pull the bot definition');
    return undefined;
  }
}
