// Commands on a bot's files in the explorer: open one read-only (downloaded: Markdown rendered, text, image),
// show its passages in order, copy its key or id, delete it (asking first).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { escapeMarkdownLinks } from '../core/text';
import { handleApiError } from '../ui/errors';
import { FileNode } from '../views/botpress/knowledge';
import { Command, UriScheme } from '../ids';

/** The text of downloaded files and passage lists, by URI path, served read-only under `botpress-file:`. */
export class FileTexts implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? 'This file is no longer loaded: open it again from the Botpress explorer.';
  }
  set(botId: string, fileId: string, name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: UriScheme.botpressFile, path: `/${botId}/${fileId}/${name}` });
    this.texts.set(uri.path, text);
    this.changed.fire(uri);
    return uri;
  }
}

const isText = (contentType: string, key: string) =>
  /^text\/|json|xml|yaml|javascript/i.test(contentType) || /\.(md|markdown|txt|csv|json|ya?ml|html?|xml)$/i.test(key);

export function registerFiles(context: vscode.ExtensionContext, services: Services): void {
  const texts = new FileTexts();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(UriScheme.botpressFile, texts),
    vscode.commands.registerCommand(Command.openFile, (node?: FileNode) => node instanceof FileNode && openFile(services, texts, node)),
    vscode.commands.registerCommand(
      Command.showFilePassages,
      (node?: FileNode) => node instanceof FileNode && showPassages(services, texts, node),
    ),
    vscode.commands.registerCommand(Command.copyFileKey, (node?: FileNode) => node instanceof FileNode && copy(node.key)),
    vscode.commands.registerCommand(Command.copyFileId, (node?: FileNode) => node instanceof FileNode && copy(node.fileId)),
    vscode.commands.registerCommand(Command.deleteFile, (node?: FileNode) => node instanceof FileNode && deleteFile(services, node)),
  );
}

async function copy(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${escapeMarkdownLinks(text)}`, 3000);
}

/** Downloads a file and shows it read-only: Markdown rendered, other text in an editor, images and the rest by VS Code. */
async function openFile(services: Services, texts: FileTexts, node: FileNode): Promise<void> {
  const name = path.posix.basename(node.key) || node.fileId;
  try {
    const client = await services.botpress({ workspaceId: node.workspaceId, botId: node.botId });
    const bytes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Downloading ${name}…` }, async () =>
      client.downloadFile((await client.getFile({ id: node.fileId })).file.url),
    );
    const { contentType } = node.file;
    if (isText(contentType, node.key) && !/^image\//.test(contentType)) {
      const uri = texts.set(node.botId, node.fileId, name, bytes.toString('utf8'));
      if (/markdown/.test(contentType) || /\.(md|markdown)$/i.test(node.key))
        await vscode.commands.executeCommand('markdown.showPreview', uri);
      else await vscode.window.showTextDocument(uri, { preview: true });
      return;
    }
    // Images and binaries: a copy in the extension's storage, opened by VS Code's own viewers.
    const target = vscode.Uri.joinPath(services.context.globalStorageUri, 'files', node.botId, node.fileId, name);
    await vscode.workspace.fs.writeFile(target, bytes);
    await vscode.commands.executeCommand('vscode.open', target, { preview: true });
  } catch (err) {
    handleApiError(services, err, `Could not open file ${node.key}`);
  }
}

/** The passages of an indexed file, in order, as a read-only Markdown document. */
async function showPassages(services: Services, texts: FileTexts, node: FileNode): Promise<void> {
  try {
    const client = await services.botpress({ workspaceId: node.workspaceId, botId: node.botId });
    const lines = [`# Passages of ${node.key}`, ''];
    let count = 0;
    for await (const p of client.iterate('listFilePassages', { id: node.fileId })) {
      count++;
      lines.push(`## ${p.meta.position ?? count - 1} · ${p.meta.subtype ?? p.meta.type ?? 'passage'}`, '', '```text', p.content, '```', '');
    }
    if (!count) lines.push(node.failed ? `No passages: ${node.file.failedStatusReason ?? 'indexing failed'}.` : 'No passages (yet).');
    const uri = texts.set(node.botId, node.fileId, `${path.posix.basename(node.key)}.passages.md`, lines.join('\n'));
    await vscode.window.showTextDocument(uri, { preview: true });
  } catch (err) {
    handleApiError(services, err, `Could not list the passages of ${node.key}`);
  }
}

async function deleteFile(services: Services, node: FileNode): Promise<void> {
  const keep: vscode.MessageItem = { title: 'Keep File', isCloseAffordance: true };
  const remove: vscode.MessageItem = { title: 'Delete' };
  const answer = await vscode.window.showWarningMessage(
    escapeMarkdownLinks(`Delete file "${node.key}"?`),
    {
      modal: true,
      detail: `File ${node.fileId} is deleted from the bot with its passages: the bot can no longer find it. This cannot be undone.`,
    },
    keep,
    remove,
  );
  if (answer !== remove) return;
  try {
    const client = await services.botpress({ workspaceId: node.workspaceId, botId: node.botId });
    await client.deleteFile({ id: node.fileId });
    services.output.info(`Deleted file ${node.key} (${node.fileId}) of bot ${node.botId}.`);
    services.explorer.refresh(node.parent);
  } catch (err) {
    handleApiError(services, err, `Could not delete file ${node.key}`);
  }
}
