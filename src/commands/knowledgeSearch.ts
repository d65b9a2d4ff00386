// "Botpress: Search Knowledge Bases…": opens the bot's search panel (webviews/knowledge), on the knowledge base
// it was run on when run from one in the explorer, else on all of them.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { handleApiError } from '../ui/errors';
import { pickBot } from '../ui/pick';
import { KnowledgeBaseNode, KnowledgeBasesNode } from '../views/botpress/knowledge';
import { registerKnowledgePanels } from '../webviews/knowledge/panel';
import type { SearchTarget } from '../webviews/knowledge/protocol';
import { Command } from '../ids';

export function registerKnowledgeSearch(context: vscode.ExtensionContext, services: Services): void {
  const panels = registerKnowledgePanels(context, services);
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.searchKnowledge, async (arg?: unknown) => {
      try {
        const target = await targetOf(services, arg);
        if (target) panels.open(target, arg instanceof KnowledgeBaseNode ? [arg.knowledgeBaseId] : undefined);
      } catch (err) {
        handleApiError(services, err, 'Could not search the knowledge bases');
      }
    }),
  );
}

/** The bot of the explorer's row (a bot, its Knowledge or one of its knowledge bases) or of `{ workspaceId, botId }`, else one picked. */
async function targetOf(services: Services, arg: unknown): Promise<SearchTarget | undefined> {
  const node = arg instanceof KnowledgeBaseNode || arg instanceof KnowledgeBasesNode ? arg.botNode : arg;
  if (node && typeof node === 'object' && 'botId' in node && 'workspaceId' in node) {
    const { workspaceId, botId } = node as { workspaceId: string; botId: string };
    const name = 'name' in node && typeof node.name === 'string' ? node.name : botId;
    return { workspaceId, botId, name };
  }
  const bot = await pickBot(
    await services.botpress(),
    { title: 'Search Knowledge Bases', placeHolder: 'Bot whose knowledge to search' },
    services,
  );
  return bot && { workspaceId: bot.workspaceId, botId: bot.botId, name: bot.name };
}
