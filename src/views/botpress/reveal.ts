/** Finding a bot's row: the active account → the workspace → Bots, loading pages until the bot appears. */
import { BotNode, BotsNode } from './bot';
import type { LoadingNode } from './folders';
import type { ExplorerNode } from './rows';
import { AccountNode, WorkspaceNode } from './workspace';

/** At most this many pages of bots are loaded looking for one (20 bots a page). */
const MAX_PAGES = 25;

interface Tree {
  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]>;
  refresh(node?: ExplorerNode): void;
}

export async function findBot(tree: Tree, workspaceId: string, botId: string): Promise<BotNode | undefined> {
  const account = (await tree.getChildren()).find((n): n is AccountNode => n instanceof AccountNode && n.active);
  if (!account) return undefined;
  const workspace = await findIn(account, (n): n is WorkspaceNode => n instanceof WorkspaceNode && n.workspaceId === workspaceId);
  const bots = workspace && (await workspace.children()).find((n): n is BotsNode => n instanceof BotsNode);
  if (!bots) return undefined;
  const isBot = (n: ExplorerNode): n is BotNode => n instanceof BotNode && n.botId === botId;
  const found = await findIn(bots, isBot);
  if (found) return found;
  // A bot made since the list was loaded (bp dev's new dev bot): load the list again, once.
  tree.refresh(bots);
  return findIn(bots, isBot);
}

async function findIn<T extends ExplorerNode>(list: LoadingNode<unknown>, match: (n: ExplorerNode) => n is T): Promise<T | undefined> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const found = (await list.children()).find(match);
    if (found || !list.list.hasMore) return found;
    await list.list.loadMore();
  }
  return undefined;
}
