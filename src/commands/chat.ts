import * as vscode from 'vscode';
import type { HttpClient } from '../api/http';
import type { Services } from '../services';
import { readServiceUrl } from '../settings';
import { BoardController, type BoardTarget } from '../webviews/chat/boardController';
import { ChatController, type BotTarget } from '../webviews/chat/chatController';
import { ConversationController, type ConversationTarget } from '../webviews/chat/conversationController';
import { CONVERSATION_VIEW_TYPE, ConversationPanel, type PanelController } from '../webviews/chat/panel';
import { describeError, handleApiError } from './errors';

/**
 * Chat and conversation panels:
 *   botpress.chatWithBot      { workspaceId, botId, name? }                   (bot nodes; palette asks)
 *   botpress.newConversation  the focused chat panel starts another conversation
 *   botpress.openConversation { workspaceId, botId, conversationId }         (conversation nodes, log links)
 *   botmock.openBoard         { teamId, projectId, boardId, name?, projectType? }   (Botmock board nodes)
 * One panel per bot, conversation or board: opening it again reveals it.
 */
export function registerChat(context: vscode.ExtensionContext, services: Services, http: HttpClient): void {
  const panels = new Map<string, ConversationPanel>();
  let lastChat: ConversationPanel | undefined;

  const show = (key: string, title: string, controller: () => PanelController, openLogs?: (c: PanelController) => Thenable<unknown>) => {
    const existing = panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(CONVERSATION_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
    });
    const made = controller();
    const panel = new ConversationPanel(webviewPanel, made, {
      extensionUri: context.extensionUri,
      output: services.output,
      openLogs: openLogs && (() => openLogs(made)),
    });
    panels.set(key, panel);
    panel.onDidDispose(() => {
      if (panels.get(key) === panel) panels.delete(key);
      if (lastChat === panel) lastChat = undefined;
    });
    return panel;
  };

  const chatWithBot = async (args?: Partial<BotTarget>) => {
    const target = isBotTarget(args) ? args : await pickBot(services);
    if (!target) return;
    const title = `Chat: ${target.name ?? target.botId}`;
    lastChat = show(
      `chat/${target.botId}`,
      title,
      () =>
        new ChatController(target, {
          botpress: (t) => services.botpress(t),
          chatApiUrl: () => readServiceUrl(vscode.workspace.getConfiguration(), 'botpress.chatApiUrl'),
          http,
          secrets: context.secrets,
          memento: context.globalState,
          output: services.output,
          describeError,
          confirmInstall: async (botName) =>
            (await vscode.window.showWarningMessage(
              `Install the chat integration on ${botName}?`,
              { modal: true, detail: 'This installs the public "chat" integration from the Botpress hub on the bot (updateBot), so that you can talk to it from VS Code.' },
              'Install',
            )) === 'Install',
        }),
      (c) => openLogs(target, (c as ChatController).currentConversationId),
    );
  };

  const openConversation = async (args?: Partial<ConversationTarget>) => {
    if (!args?.workspaceId || !args.botId || !args.conversationId) {
      const bot = await pickBot(services);
      const conversationId = bot && (await pickConversation(services, bot));
      if (!bot || !conversationId) return;
      args = { workspaceId: bot.workspaceId, botId: bot.botId, botName: bot.name, conversationId };
    }
    const target = args as ConversationTarget;
    show(
      `conversation/${target.botId}/${target.conversationId}`,
      `Conversation ${target.conversationId.slice(-8)}`,
      () => new ConversationController(target, { botpress: (t) => services.botpress(t), output: services.output, describeError }),
      () => openLogs({ workspaceId: target.workspaceId, botId: target.botId, name: target.botName }, target.conversationId),
    );
  };

  const openBoard = (args?: Partial<BoardTarget>) => {
    if (!args?.teamId || !args.projectId || !args.boardId) {
      void vscode.window.showInformationMessage('Open a board from the Botmock explorer: Teams › project › Boards.');
      return;
    }
    const target = args as BoardTarget;
    show(`board/${target.teamId}/${target.projectId}/${target.boardId}`, `Board: ${target.name ?? target.boardId}`, () => new BoardController(target, { botmock: () => services.botmock(), describeError }));
  };

  const newConversation = async () => {
    const panel = lastChat ?? [...panels.values()].find((p) => p.controller instanceof ChatController);
    if (!panel) return chatWithBot();
    panel.reveal();
    try {
      await panel.controller.handle({ method: 'newConversation' });
    } catch (err) {
      await handleApiError(services, err, 'Could not start a new conversation');
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('botpress.chatWithBot', chatWithBot),
    vscode.commands.registerCommand('botpress.newConversation', newConversation),
    vscode.commands.registerCommand('botpress.openConversation', openConversation),
    vscode.commands.registerCommand('botmock.openBoard', openBoard),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );
}

function openLogs(bot: { workspaceId: string; botId: string; name?: string }, conversationId: string | undefined): Thenable<unknown> {
  return vscode.commands.executeCommand('botpress.openLogs', { workspaceId: bot.workspaceId, botId: bot.botId, name: bot.name ?? bot.botId, conversationId });
}

function isBotTarget(args: Partial<BotTarget> | undefined): args is BotTarget {
  return typeof args?.workspaceId === 'string' && typeof args.botId === 'string';
}

/** Palette use: which workspace (when the account has several), then which bot. */
async function pickBot(services: Services): Promise<BotTarget | undefined> {
  try {
    const account = await services.botpress();
    let workspaceId = account.workspaceId;
    if (!workspaceId) {
      const workspaces: (vscode.QuickPickItem & { id: string })[] = [];
      for await (const w of account.iterate('listWorkspaces')) workspaces.push({ label: w.name, description: w.id, id: w.id });
      const picked = workspaces.length === 1 ? workspaces[0] : await vscode.window.showQuickPick(workspaces, { title: 'Chat with Bot: Workspace' });
      if (!picked) return undefined;
      workspaceId = picked.id;
    }
    const client = account.withWorkspace(workspaceId);
    const bots = (async () => {
      const items: (vscode.QuickPickItem & { target: BotTarget })[] = [];
      for await (const b of client.iterate('listBots')) items.push({ label: `$(hubot) ${b.name}`, description: b.id, target: { workspaceId: workspaceId!, botId: b.id, name: b.name } });
      return items;
    })();
    const picked = await vscode.window.showQuickPick(bots, { title: 'Chat with Bot', placeHolder: 'Which bot?', matchOnDescription: true });
    return picked?.target;
  } catch (err) {
    await handleApiError(services, err, 'Could not list the bots');
    return undefined;
  }
}

async function pickConversation(services: Services, bot: BotTarget): Promise<string | undefined> {
  try {
    const client = await services.botpress({ workspaceId: bot.workspaceId, botId: bot.botId });
    const page = await client.pages('listConversations').next();
    const items = (page.done ? [] : page.value.items).map((c) => ({ label: c.id, description: `${c.channel} · ${c.updatedAt}` }));
    const picked = await vscode.window.showQuickPick(items, { title: `Conversations of ${bot.name ?? bot.botId}` });
    return picked?.label;
  } catch (err) {
    await handleApiError(services, err, 'Could not list the conversations');
    return undefined;
  }
}
