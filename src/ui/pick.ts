import * as vscode from 'vscode';
import type { BotpressClient } from '../api/botpress';
import type { Services } from '../services';
import { rankByChat } from './chatReady';

/** A bot the user picked, production or development. */
export interface PickedBot {
  readonly workspaceId: string;
  readonly botId: string;
  readonly name: string;
}

/** A workspace's own integration the user picked; `name` is `name@version`. */
export interface PickedIntegration {
  readonly workspaceId: string;
  readonly integrationId: string;
  readonly name: string;
}

/** A quick-pick row carrying what picking it chooses (separators and hints carry nothing). */
export type PickItem<T> = vscode.QuickPickItem & { readonly value?: T };

// The picks of a command run from the palette stay open when focus moves: the palette, closing, hands
// focus back (to a webview, say) just as the command's first pick opens, which would otherwise close it.

/** Where a picked workspace is kept: the active account's, so that later commands do not ask again. */
export type WorkspaceMemory = Pick<Services, 'useWorkspace'>;

/**
 * The account's active workspace; when it has none, the only one or the one the user picks, which
 * becomes the active one ("Switch Account or Workspace" changes it).
 */
export async function pickWorkspace(account: BotpressClient, title: string, memory: WorkspaceMemory): Promise<string | undefined> {
  if (account.workspaceId) return account.workspaceId;
  const items: PickItem<{ id: string; name: string }>[] = [];
  for await (const w of account.iterate('listWorkspaces'))
    items.push({ label: w.name, description: w.id, value: { id: w.id, name: w.name } });
  const picked =
    items.length === 1
      ? items[0]
      : await vscode.window.showQuickPick(items, {
          title,
          placeHolder: 'Workspace to work in (it stays the active one)',
          ignoreFocusOut: true,
        });
  if (picked?.value) await memory.useWorkspace(picked.value);
  return picked?.value?.id;
}

/**
 * Asks for the workspace (titled "<title>: Workspace"), then for one of `items` of it, listed while the
 * pick is open. Undefined when either is dismissed.
 */
export async function pickInWorkspace<T>(
  account: BotpressClient,
  options: { title: string; placeHolder: string },
  items: (client: BotpressClient, workspaceId: string) => Promise<PickItem<T>[]>,
  memory: WorkspaceMemory,
): Promise<T | undefined> {
  const workspaceId = await pickWorkspace(account, `${options.title}: Workspace`, memory);
  if (!workspaceId) return undefined;
  const picked = await vscode.window.showQuickPick(items(account.withWorkspace(workspaceId), workspaceId), {
    ...options,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.value;
}

/** Asks for a workspace (unless one is active), then one of its bots. */
export function pickBot(
  account: BotpressClient,
  options: { title: string; placeHolder: string },
  memory: WorkspaceMemory,
): Promise<PickedBot | undefined> {
  return pickInWorkspace(account, options, botItems, memory);
}

/**
 * Every bot of a workspace: production bots, then development bots marked "dev". The API lists them
 * apart: listBots without `dev` returns production bots only.
 */
export async function botItems(client: BotpressClient, workspaceId: string): Promise<PickItem<PickedBot>[]> {
  const list = async (dev: boolean) => {
    const items: PickItem<PickedBot>[] = [];
    for await (const b of client.iterate('listBots', { dev })) {
      items.push({
        label: `$(hubot) ${b.name}`,
        description: dev ? `dev · ${b.id}` : b.id,
        value: { workspaceId, botId: b.id, name: b.name },
      });
    }
    return items;
  };
  return (await Promise.all([list(false), list(true)])).flat();
}

/** The workspace's bots for a conversation test: whether each has the chat integration, those that do first. */
export async function chatBotItems(client: BotpressClient, workspaceId: string): Promise<PickItem<PickedBot>[]> {
  const items = await botItems(client, workspaceId);
  const bots = await Promise.all(
    items.map((i) =>
      client.getBot({ id: i.value!.botId }).then(
        (r) => r.bot,
        () => undefined,
      ),
    ),
  );
  return rankByChat(items, bots);
}

/** The workspace's own integrations. */
export async function integrationItems(client: BotpressClient, workspaceId: string): Promise<PickItem<PickedIntegration>[]> {
  const items: PickItem<PickedIntegration>[] = [];
  for await (const i of client.iterate('listIntegrations')) {
    const name = `${i.name}@${i.version}`;
    items.push({ label: `$(plug) ${name}`, description: i.id, value: { workspaceId, integrationId: i.id, name } });
  }
  return items;
}

/** A separator row with a label, between kinds of items. */
export function separator<T>(label: string): PickItem<T> {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}
