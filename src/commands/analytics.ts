import * as vscode from 'vscode';
import type { Services } from '../services';
import { ChartsPanel, chartsKey, chartsTitle } from '../webviews/analytics/panel';
import type { ChartsTarget } from '../webviews/analytics/protocol';
import { handleApiError } from '../ui/errors';
import { pickBot, pickWorkspace } from '../ui/pick';
import { Command, WebviewPanel } from '../ids';

type Args = { workspaceId?: unknown; botId?: unknown; name?: unknown } | undefined;

/**
 * `botpress.showBotAnalytics` { workspaceId, botId, name? } (a bot's menu, the chat panel; the palette asks) and
 * `botpress.showUsageHistory` { workspaceId, name? } (the workspace's Usage node): one charts panel per bot or
 * workspace, opening it again reveals it; panels come back after a reload.
 */
export function registerAnalytics(context: vscode.ExtensionContext, services: Services): void {
  const panels = new Map<string, ChartsPanel>();
  const deps = {
    extensionUri: context.extensionUri,
    output: services.output,
    client: (workspaceId: string) => services.botpress({ workspaceId }),
  };
  const attach = (webviewPanel: vscode.WebviewPanel, target: ChartsTarget) => {
    const panel = new ChartsPanel(webviewPanel, target, deps);
    panels.set(chartsKey(target), panel);
    panel.onDidDispose(() => panels.get(chartsKey(target)) === panel && panels.delete(chartsKey(target)));
  };
  const open = (target: ChartsTarget) => {
    const existing = panels.get(chartsKey(target));
    if (existing) return existing.reveal();
    const webviewPanel = vscode.window.createWebviewPanel(WebviewPanel.analytics, chartsTitle(target), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
    });
    attach(webviewPanel, target);
  };
  services.contributions.webviewPanelSerializer(WebviewPanel.analytics, {
    async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
      const target = asTarget((state as { target?: unknown } | undefined)?.target);
      if (!target || panels.has(chartsKey(target))) return webviewPanel.dispose();
      attach(webviewPanel, target);
    },
  });

  context.subscriptions.push(
    vscode.commands.registerCommand(Command.showBotAnalytics, async (args: Args) => {
      let target = asTarget({ kind: 'analytics', workspaceId: args?.workspaceId, botId: args?.botId, name: args?.name });
      if (!target) {
        try {
          const bot = await pickBot(await services.botpress(), { title: 'Show Bot Analytics', placeHolder: 'Which bot?' }, services);
          if (!bot) return;
          target = { kind: 'analytics', workspaceId: bot.workspaceId, botId: bot.botId, name: bot.name };
        } catch (err) {
          return handleApiError(services, err, 'Could not list the bots');
        }
      }
      open(target);
    }),
    vscode.commands.registerCommand(Command.showUsageHistory, async (args: Args) => {
      let target = asTarget({ kind: 'usage', workspaceId: args?.workspaceId, name: args?.name });
      if (!target) {
        try {
          const workspaceId = await pickWorkspace(await services.botpress(), 'Show Usage History', services);
          if (!workspaceId) return;
          target = { kind: 'usage', workspaceId, name: workspaceId };
        } catch (err) {
          return handleApiError(services, err, 'Could not list the workspaces');
        }
      }
      open(target);
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );
}

/** A target from a command's arguments or a restored panel's state, checked. */
function asTarget(v: unknown): ChartsTarget | undefined {
  const o = v as Record<string, unknown> | undefined;
  if (!o || typeof o.workspaceId !== 'string') return undefined;
  if (o.kind === 'analytics' && typeof o.botId === 'string')
    return { kind: 'analytics', workspaceId: o.workspaceId, botId: o.botId, name: typeof o.name === 'string' ? o.name : o.botId };
  if (o.kind === 'usage') return { kind: 'usage', workspaceId: o.workspaceId, name: typeof o.name === 'string' ? o.name : o.workspaceId };
  return undefined;
}
