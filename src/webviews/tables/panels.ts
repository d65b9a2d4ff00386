import * as vscode from 'vscode';
import type { Services } from '../../services';
import { hasStrings, registerPanels } from '../panels';
import { TablePanel } from './panel';
import type { TableTarget } from './protocol';
import { WebviewPanel } from '../../ids';

/** One panel per table (opening it again reveals it); panels come back after a window reload. */
export function registerTablePanels(context: vscode.ExtensionContext, services: Services): { open(target: TableTarget): Promise<void> } {
  const deps = {
    extensionUri: context.extensionUri,
    output: services.output,
    client: (t: TableTarget) => services.botpress({ workspaceId: t.workspaceId, botId: t.botId }),
  };
  const panels = registerPanels(context, services, {
    viewType: WebviewPanel.table,
    keyOf: (t: TableTarget) => `${t.workspaceId}/${t.botId}/${t.tableId}`,
    isTarget: (v): v is TableTarget => hasStrings(v, ['workspaceId', 'botId', 'tableId', 'name']),
    title: (t) => `Table: ${t.name}`,
    create: (webviewPanel, target) => new TablePanel(webviewPanel, target, deps),
  });
  return {
    async open(target) {
      const { panel, created } = panels.open(target);
      if (!created) panel.reveal();
    },
  };
}
