import * as path from 'node:path';
import * as vscode from 'vscode';
import { traceFiles, type TraceFile } from '../core/traces/files';
import type { Services } from '../services';
import { TracesPanel } from '../webviews/traces/panel';
import { Command, WebviewPanel } from '../ids';

type Pick = vscode.QuickPickItem & { file?: TraceFile; browse?: true };

/**
 * `botpress.openTraces`: a trace view of an NDJSON file of spans, from the explorer's context menu (the file's
 * Uri) or the palette, which offers the trace files the ADK runtime wrote in the workspace (`traces/live.ndjson`,
 * followed live, and the day files) and any other file. One view per file; opening it again reveals it.
 */
export function registerTraces(context: vscode.ExtensionContext, services: Services): void {
  const panels = new Map<string, TracesPanel>();

  const attach = (webviewPanel: vscode.WebviewPanel, file: string, live: boolean) => {
    webviewPanel.title = title(file);
    const panel = new TracesPanel(webviewPanel, file, live, context.extensionUri);
    panels.set(file, panel);
    panel.onDidDispose(() => panels.get(file) === panel && panels.delete(file));
  };

  const show = (file: string, live: boolean) => {
    const existing = panels.get(file);
    if (existing) return existing.reveal();
    attach(
      vscode.window.createWebviewPanel(WebviewPanel.traces, title(file), vscode.ViewColumn.Active, { enableScripts: true }),
      file,
      live,
    );
  };

  // After a window reload: the same file, live as it was (the page keeps both in its state).
  services.contributions.webviewPanelSerializer(WebviewPanel.traces, {
    async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
      const s = state as { file?: unknown; live?: unknown } | undefined;
      if (typeof s?.file !== 'string' || panels.has(s.file)) return webviewPanel.dispose();
      attach(webviewPanel, s.file, s.live === true);
    },
  });

  const open = async (arg?: unknown) => {
    if (arg instanceof vscode.Uri) return show(arg.fsPath, path.basename(arg.fsPath) === 'live.ndjson');
    const picked = await pick();
    if (picked) show(picked.path, picked.live);
  };

  context.subscriptions.push(vscode.commands.registerCommand(Command.openTraces, open), {
    dispose: () => [...panels.values()].forEach((p) => p.dispose()),
  });
}

function title(file: string): string {
  return `Traces: ${path.basename(file)}`;
}

async function pick(): Promise<{ path: string; live: boolean } | undefined> {
  const found = await vscode.workspace.findFiles('**/traces/*.ndjson', '**/node_modules/**', 500);
  const files = traceFiles(found.map((u) => u.fsPath));
  const items: Pick[] = [];
  let folder: string | undefined;
  for (const file of files) {
    if (file.folder !== folder) {
      folder = file.folder;
      items.push({ label: await folderLabel(folder), kind: vscode.QuickPickItemKind.Separator });
    }
    items.push({
      label: file.kind === 'live' ? '$(pulse) live.ndjson' : `$(history) ${file.day}`,
      description: file.kind === 'live' ? 'what the running agent writes, followed live' : 'the day’s spans',
      detail: vscode.workspace.asRelativePath(file.path),
      file,
    });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(folder-opened) Choose a File…', browse: true });
  const choice =
    files.length === 0
      ? items[items.length - 1]
      : await vscode.window.showQuickPick(items, {
          title: 'Open Traces',
          placeHolder: 'Spans the ADK runtime wrote in development (adk dev)',
          matchOnDetail: true,
        });
  if (!choice) return undefined;
  if (choice.file) return { path: choice.file.path, live: choice.file.kind === 'live' };
  const uris = await vscode.window.showOpenDialog({
    title: files.length ? 'Open Traces' : 'Open Traces: no traces/ folder in this workspace yet (adk dev writes one as the agent runs)',
    canSelectMany: false,
    filters: { 'Trace files (NDJSON)': ['ndjson', 'jsonl'], 'All files': ['*'] },
  });
  const uri = uris?.[0];
  return uri && { path: uri.fsPath, live: path.basename(uri.fsPath) === 'live.ndjson' };
}

/** The folder's name, said to be an ADK agent's when an `agent.config.ts` is there or up to two levels above (`.adk/bot`). */
async function folderLabel(folder: string): Promise<string> {
  for (let dir = folder, i = 0; i < 3; dir = path.dirname(dir), i++) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(path.join(dir, 'agent.config.ts')));
      return `ADK agent ${path.basename(dir)}${dir === folder ? '' : ` (${path.relative(dir, folder)})`}`;
    } catch {
      /* not here */
    }
  }
  return vscode.workspace.asRelativePath(folder);
}
