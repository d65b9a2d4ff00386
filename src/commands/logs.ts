import * as vscode from 'vscode';
import type { BotpressClient } from '../api/botpress';
import { NotSignedInError } from '../auth/access';
import type { FetchPage } from '../core/logs/types';
import type { Services } from '../services';
import { LogsPanel, targetKey } from '../webviews/logs/panel';
import type { LogsViewState, LogTarget, RangePreset } from '../webviews/logs/protocol';
import { resolveRange, type LogRange } from '../core/logs/range';
import { handleApiError } from '../ui/errors';
import { botItems, integrationItems, pickInWorkspace, separator, type PickItem } from '../ui/pick';
import { Command, SettingSection, WebviewPanel } from '../ids';

/** What `botpress.openLogs` takes: a target, and optionally a conversation to filter on. */
type OpenLogsArgs = Partial<LogTarget> & { conversationId?: string; version?: string; range?: LogRange };

/**
 * `botpress.openLogs`: one live log panel per bot or integration (opening it again reveals it), from the
 * explorer's Logs nodes and menus (`{ workspaceId, botId | integrationId, name, conversationId? }`) or
 * the palette (asks which); panels come back after a window reload.
 */
export function registerLogs(context: vscode.ExtensionContext, services: Services): void {
  const panels = new Map<string, LogsPanel>();
  const deps = {
    extensionUri: context.extensionUri,
    output: services.output,
    fetchPage: (target: LogTarget) => logsFetcher(services, target),
  };

  const attach = (webviewPanel: vscode.WebviewPanel, state: LogsViewState): LogsPanel => {
    const panel = new LogsPanel(webviewPanel, state, deps);
    const key = targetKey(state.target);
    panels.set(key, panel);
    panel.onDidDispose(() => panels.get(key) === panel && panels.delete(key));
    return panel;
  };

  const open = async (args?: OpenLogsArgs) => {
    const target = asTarget(args) ?? (await pickTarget(services));
    if (!target) return;
    const filters = args?.conversationId ? { conversationId: args.conversationId } : undefined;
    const existing = panels.get(targetKey(target));
    const range = args?.range && resolveRange(args.range, Date.now()).ok ? args.range : undefined;
    if (existing) return existing.reveal(filters, range);
    const preset = vscode.workspace.getConfiguration(SettingSection.logs).get<RangePreset>('defaultRange', '15m');
    const webviewPanel = vscode.window.createWebviewPanel(WebviewPanel.logs, `Logs: ${target.name}`, vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    attach(webviewPanel, { target, filters: filters ?? {}, range: range ?? { preset }, clientFilter: { text: '' } });
  };

  services.contributions.webviewPanelSerializer(WebviewPanel.logs, {
    async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
      if (!isViewState(state) || panels.has(targetKey(state.target))) {
        webviewPanel.dispose();
        return;
      }
      attach(webviewPanel, state);
    },
  });
  context.subscriptions.push(vscode.commands.registerCommand(Command.openLogs, open), {
    dispose: () => [...panels.values()].forEach((p) => p.dispose()),
  });
}

function asTarget(args: OpenLogsArgs | undefined): LogTarget | undefined {
  if (!args || typeof args.workspaceId !== 'string' || !(args.botId || args.integrationId)) return undefined;
  const { workspaceId, botId, integrationId } = args;
  const name = args.name ? (args.version ? `${args.name}@${args.version}` : args.name) : (botId ?? integrationId!);
  return botId ? { workspaceId, botId, name } : { workspaceId, integrationId, name };
}

function isViewState(state: unknown): state is LogsViewState {
  const s = state as LogsViewState | undefined;
  return !!s && !!asTarget(s.target) && typeof s.filters === 'object' && typeof s.range?.preset === 'string';
}

/** getBotLogs / getIntegrationLogs of one target; not being signed in is an error a retry may fix. */
function logsFetcher(services: Services, target: LogTarget): FetchPage {
  let client: Promise<BotpressClient> | undefined;
  return async ({ signal, ...query }) => {
    client ??= services.botpress({ workspaceId: target.workspaceId });
    let api: BotpressClient;
    try {
      api = await client;
    } catch (err) {
      client = undefined;
      if (err instanceof NotSignedInError) throw Object.assign(new Error(err.message), { status: 401 });
      throw err;
    }
    return target.botId
      ? api.getBotLogs({ id: target.botId, ...query }, { signal })
      : api.getIntegrationLogs({ id: target.integrationId!, ...query }, { signal });
  };
}

/** Asks which bot or integration of which workspace, listing them from the API. */
async function pickTarget(services: Services): Promise<LogTarget | undefined> {
  try {
    const items = async (client: BotpressClient, workspaceId: string): Promise<PickItem<LogTarget>[]> => {
      const [bots, integrations] = await Promise.all([botItems(client, workspaceId), integrationItems(client, workspaceId)]);
      return [separator('Bots'), ...bots, separator('Integrations'), ...integrations];
    };
    return await pickInWorkspace(
      await services.botpress(),
      { title: 'Open Logs', placeHolder: 'Which bot or integration?' },
      items,
      services,
    );
  } catch (err) {
    handleApiError(services, err, 'Could not list the bots and integrations');
    return undefined;
  }
}
