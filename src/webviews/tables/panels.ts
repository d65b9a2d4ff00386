import * as vscode from 'vscode';
import type { Services } from '../../services';
import { TablePanel } from './panel';
import type { TableTarget } from './protocol';
import { WebviewPanel } from '../../ids';

const keyOf = (t: TableTarget) => `${t.workspaceId}/${t.botId}/${t.tableId}`;
const isTarget = (v: unknown): v is TableTarget =>
  typeof v === 'object' &&
  v !== null &&
  ['workspaceId', 'botId', 'tableId', 'name'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string');

/** One panel per table (opening it again reveals it); panels come back after a window reload. */
export function registerTablePanels(context: vscode.ExtensionContext, services: Services): { open(target: TableTarget): Promise<void> } {
  const panels = new Map<string, TablePanel>();
  const deps = {
    extensionUri: context.extensionUri,
    output: services.output,
    client: (t: TableTarget) => services.botpress({ workspaceId: t.workspaceId, botId: t.botId }),
  };
  const attach = (webviewPanel: vscode.WebviewPanel, target: TableTarget) => {
    const panel = new TablePanel(webviewPanel, target, deps);
    panels.set(keyOf(target), panel);
    panel.onDidDispose(() => panels.get(keyOf(target)) === panel && panels.delete(keyOf(target)));
  };
  services.contributions.webviewPanelSerializer(WebviewPanel.table, {
    async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
      const target = (state as { target?: unknown } | undefined)?.target;
      if (!isTarget(target) || panels.has(keyOf(target))) return webviewPanel.dispose();
      attach(webviewPanel, target);
    },
  });
  context.subscriptions.push({ dispose: () => [...panels.values()].forEach((p) => p.dispose()) });
  return {
    async open(target) {
      const existing = panels.get(keyOf(target));
      if (existing) return existing.reveal();
      const webviewPanel = vscode.window.createWebviewPanel(WebviewPanel.table, `Table: ${target.name}`, vscode.ViewColumn.Active, {
        enableScripts: true,
        retainContextWhenHidden: true,
      });
      attach(webviewPanel, target);
    },
  };
}
