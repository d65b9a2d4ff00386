import * as vscode from 'vscode';
import { escapeMarkdownLinks } from '../core/text';
import type { Services } from '../services';
import { BoardController, type BoardTarget } from '../webviews/chat/boardController';
import { ChatController, type BotTarget } from '../webviews/chat/chatController';
import { ConversationController, type ConversationTarget } from '../webviews/chat/conversationController';
import { ConversationPanel, type PanelController } from '../webviews/chat/panel';
import { handleApiError } from '../ui/errors';
import { pickBot } from '../ui/pick';
import { conversationItems } from '../views/botpress/bot';
import { Command, WebviewPanel } from '../ids';

/**
 * Chat and conversation panels:
 *   botpress.chatWithBot      { workspaceId, botId, name? }                   (bot nodes; palette asks)
 *   botpress.newConversation  the last focused chat panel starts another conversation
 *   botpress.openConversation { workspaceId, botId, conversationId }         (conversation nodes, log links)
 *   botmock.openBoard         { teamId, projectId, boardId, name?, projectType?, projectName? }   (Botmock board nodes)
 * One panel per bot, conversation or board: opening it again reveals it. Panels come back after a reload.
 */
export function registerChat(context: vscode.ExtensionContext, services: Services): void {
  const panels = new Map<string, ConversationPanel>();
  let lastChat: ConversationPanel | undefined;

  const controllerFor = (shown: Shown): PanelController => {
    switch (shown.kind) {
      case 'chat':
        return new ChatController(shown.target, {
          botpress: (t) => services.botpress(t),
          chatApiUrl: () => services.botpressAccounts.chatApiUrl(),
          http: services.http,
          secrets: context.secrets,
          memento: context.globalState,
          output: services.output,
          confirmInstall: async (botName) =>
            (await vscode.window.showWarningMessage(
              escapeMarkdownLinks(`Install the chat integration on ${botName}?`),
              {
                modal: true,
                detail:
                  'This installs the public "chat" integration from the Botpress hub on the bot (updateBot), ' +
                  'so that you can talk to it from VS Code.',
              },
              'Install',
            )) === 'Install',
        });
      case 'conversation':
        return new ConversationController(shown.target, { botpress: (t) => services.botpress(t), output: services.output });
      case 'board':
        return new BoardController(shown.target, { botmock: () => services.botmock() });
    }
  };

  // A chat whose Local Cloud stopped ends, instead of reconnecting to nothing.
  context.subscriptions.push(
    services.botpressAccounts.store.onDidChange(() => {
      const accounts = services.botpressAccounts;
      const served = new Set([accounts.chatApiUrl(), ...accounts.store.list().flatMap((a) => a.chatApiUrl ?? [])]);
      for (const panel of panels.values()) if (panel.controller instanceof ChatController) panel.controller.endIfGone(served);
    }),
  );

  /** Binds a webview panel (new, or restored after a reload) to what it shows. */
  const attach = (webviewPanel: vscode.WebviewPanel, shown: Shown): ConversationPanel => {
    const controller = controllerFor(shown);
    const panel = new ConversationPanel(webviewPanel, controller, {
      extensionUri: context.extensionUri,
      output: services.output,
      restore: shown,
      openLogs: shown.kind === 'board' ? undefined : () => openLogs(shown, controller),
      openAnalytics: shown.kind === 'board' ? undefined : () => openAnalytics(shown),
    });
    const key = keyOf(shown);
    panels.set(key, panel);
    if (shown.kind === 'chat') lastChat = panel;
    panel.onDidDispose(() => {
      if (panels.get(key) === panel) panels.delete(key);
      if (lastChat === panel) lastChat = undefined;
    });
    panel.panel.onDidChangeViewState(() => {
      if (panel.panel.active && shown.kind === 'chat') lastChat = panel;
    });
    return panel;
  };

  const show = (shown: Shown): ConversationPanel => {
    const existing = panels.get(keyOf(shown));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(WebviewPanel.conversation, titleOf(shown), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
    });
    return attach(webviewPanel, shown);
  };

  const chatWithBot = async (args?: Partial<BotTarget>) => {
    const target = isBotTarget(args) ? args : await askBot(services);
    if (target) show({ kind: 'chat', target: { workspaceId: target.workspaceId, botId: target.botId, name: target.name } });
  };

  const openConversation = async (args?: Partial<ConversationTarget>) => {
    if (isConversationTarget(args)) {
      show({
        kind: 'conversation',
        target: {
          workspaceId: args.workspaceId,
          botId: args.botId,
          conversationId: args.conversationId,
          botName: args.botName,
          title: typeof args.title === 'string' ? args.title : undefined,
        },
      });
      return;
    }
    const bot = await askBot(services, 'Open Conversation');
    const picked = bot && (await pickConversation(services, bot));
    if (bot && picked)
      show({
        kind: 'conversation',
        target: { workspaceId: bot.workspaceId, botId: bot.botId, botName: bot.name, conversationId: picked.id, title: picked.label },
      });
  };

  const openBoard = (args?: Partial<BoardTarget>) => {
    if (!isBoardTarget(args)) {
      void vscode.window.showInformationMessage('Open a board from the Botmock explorer: team › project › Boards.');
      return;
    }
    const { teamId, projectId, boardId, name, projectType, projectName } = args;
    show({ kind: 'board', target: { teamId, projectId, boardId, name, projectType, projectName } });
  };

  const newConversation = async () => {
    const panel = lastChat ?? [...panels.values()].find((p) => p.controller instanceof ChatController);
    if (!panel) return chatWithBot();
    panel.reveal();
    try {
      await panel.controller.handle({ method: 'newConversation' });
    } catch (err) {
      handleApiError(services, err, 'Could not start a new conversation');
    }
  };

  services.contributions.webviewPanelSerializer(WebviewPanel.conversation, {
    deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
      const shown = restored(state);
      if (!shown || panels.has(keyOf(shown))) webviewPanel.dispose();
      else attach(webviewPanel, shown);
    },
  });
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.chatWithBot, chatWithBot),
    vscode.commands.registerCommand(Command.newConversation, newConversation),
    vscode.commands.registerCommand(Command.openConversation, openConversation),
    vscode.commands.registerCommand(Command.openBoard, openBoard),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );
}

/** What a panel shows; also what it keeps to come back after a reload. */
type Shown =
  | { readonly kind: 'chat'; readonly target: BotTarget }
  | { readonly kind: 'conversation'; readonly target: ConversationTarget }
  | { readonly kind: 'board'; readonly target: BoardTarget };

function keyOf(shown: Shown): string {
  switch (shown.kind) {
    case 'chat':
      return `chat/${shown.target.botId}`;
    case 'conversation':
      return `conversation/${shown.target.botId}/${shown.target.conversationId}`;
    case 'board':
      return `board/${shown.target.teamId}/${shown.target.projectId}/${shown.target.boardId}`;
  }
}

function titleOf(shown: Shown): string {
  switch (shown.kind) {
    case 'chat':
      return `Chat: ${shown.target.name ?? shown.target.botId}`;
    case 'conversation':
      return shown.target.title ? `Conversation: ${shown.target.title}` : `Conversation ${shown.target.conversationId.slice(-8)}`;
    case 'board': {
      // Boards of the same name in two projects open as two tabs: the project tells them apart.
      const { name, boardId, projectName } = shown.target;
      return `Board: ${name ?? boardId}${projectName ? ` (${projectName})` : ''}`;
    }
  }
}

/** The log tail of a panel's bot, filtered to its conversation. */
function openLogs(shown: Shown, controller: PanelController): Thenable<unknown> {
  if (shown.kind === 'board') return Promise.resolve();
  const { workspaceId, botId } = shown.target;
  const name = (shown.kind === 'chat' ? shown.target.name : shown.target.botName) ?? botId;
  const conversationId = shown.kind === 'chat' ? (controller as ChatController).currentConversationId : shown.target.conversationId;
  return vscode.commands.executeCommand(Command.openLogs, { workspaceId, botId, name, conversationId });
}

/** The analytics of a panel's bot. */
function openAnalytics(shown: Exclude<Shown, { kind: 'board' }>): Thenable<unknown> {
  const { workspaceId, botId } = shown.target;
  const name = (shown.kind === 'chat' ? shown.target.name : shown.target.botName) ?? botId;
  return vscode.commands.executeCommand(Command.showBotAnalytics, { workspaceId, botId, name });
}

/** A panel's saved state, checked: it comes back from the webview. */
function restored(state: unknown): Shown | undefined {
  const shown = (state as { restore?: { kind?: unknown; target?: unknown } } | undefined)?.restore;
  const target = shown?.target as Record<string, unknown> | undefined;
  if (shown?.kind === 'chat' && isBotTarget(target)) return { kind: 'chat', target };
  if (shown?.kind === 'conversation' && isConversationTarget(target)) return { kind: 'conversation', target };
  if (shown?.kind === 'board' && isBoardTarget(target)) return { kind: 'board', target };
  return undefined;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function isBotTarget(args: Partial<BotTarget> | undefined): args is BotTarget {
  return isText(args?.workspaceId) && isText(args.botId);
}

function isConversationTarget(args: Partial<ConversationTarget> | undefined): args is ConversationTarget {
  return isText(args?.workspaceId) && isText(args.botId) && isText(args.conversationId);
}

function isBoardTarget(args: Partial<BoardTarget> | undefined): args is BoardTarget {
  return isText(args?.teamId) && isText(args.projectId) && isText(args.boardId);
}

/** Palette use: which workspace (when the account has several), then which bot. */
async function askBot(services: Services, title = 'Chat with Bot'): Promise<BotTarget | undefined> {
  try {
    return await pickBot(await services.botpress(), { title, placeHolder: 'Which bot?' }, services);
  } catch (err) {
    handleApiError(services, err, 'Could not list the bots');
    return undefined;
  }
}

async function pickConversation(services: Services, bot: BotTarget): Promise<{ id: string; label: string } | undefined> {
  try {
    const client = await services.botpress({ workspaceId: bot.workspaceId, botId: bot.botId });
    const picked = await vscode.window.showQuickPick(conversationItems(client), {
      title: `Open Conversation of ${bot.name ?? bot.botId}`,
      placeHolder: 'Which conversation? (newest first)',
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    return picked;
  } catch (err) {
    handleApiError(services, err, 'Could not list the conversations');
    return undefined;
  }
}
