import * as vscode from 'vscode';
import { deletions, formatBytes, previewDetail, type PreviewSummary } from '../core/deploy';
import type { Contributions } from '../activation';
import { escapeMarkdownLinks } from '../core/text';
import { UriScheme } from '../ids';
import { askIrreversible } from '../ui/confirm';

/** What the preview shows of one deploy. */
export interface PreviewInput extends PreviewSummary {
  /** The definition file, as the user knows it (relative path). */
  file: string;
  /** "bot "support-bot"", "a new integration weather@0.1.0"… */
  target: string;
  /** The remote resource and the body to send, as YAML (built only when the user asks for the diff). */
  diff: () => { remote: string; local: string } | Promise<{ remote: string; local: string }>;
}

/** What the user chose: to deploy, or not. */
export type PreviewAnswer = 'deploy' | 'cancel';

/**
 * The deploy preview: a modal dialog listing what changes remotely. A deploy that deletes entries says how
 * many of which kind, and its button says so ("Deploy and Delete 3"); the dialog's default button is then
 * "Show Diff", so Enter never deletes anything. "Show Diff" opens VS Code's diff editor between the remote
 * resource and the body to send (read-only YAML documents), asks again in a modal with the same safe default
 * ("Don't Deploy" when it deletes), and closes the diff's tab once answered.
 */
export class DeployPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly documents = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[];
  private count = 0;

  constructor(contributions: Contributions) {
    contributions.textDocumentContentProvider(UriScheme.deployPreview, this);
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === UriScheme.deployPreview && this.documents.delete(d.uri.toString())),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString()) ?? '# This preview is gone: deploy again to see it.\n';
  }

  async ask(input: PreviewInput, options: { preview: boolean }): Promise<PreviewAnswer> {
    const removed = deletions(input.plan.changes);
    const message = `Deploy ${input.file} to ${input.target}?`;
    const deploy = removed.total > 0 ? `Deploy and Delete ${removed.total}` : 'Deploy';
    const showDiff = 'Show Diff';
    const buttons = options.preview ? (removed.total > 0 ? [showDiff, deploy] : [deploy, showDiff]) : [deploy];
    const answer = await vscode.window.showWarningMessage(
      escapeMarkdownLinks(message),
      { modal: true, detail: previewDetail(input, options.preview) },
      ...buttons,
    );
    if (answer === deploy) return 'deploy';
    if (answer !== showDiff) return 'cancel';
    const diff = await this.showDiff(input);
    // Modal again, so that the question cannot slip into the notification center; the diff stays readable behind it.
    const detail = removed.total ? `It deletes ${removed.summary} (marked − in the diff).` : undefined;
    const again = removed.total
      ? await askIrreversible({ message, detail, keep: "Don't Deploy", action: deploy })
      : await vscode.window.showWarningMessage(escapeMarkdownLinks(message), { modal: true }, deploy);
    await closeTab(diff);
    return again === deploy ? 'deploy' : 'cancel';
  }

  private async showDiff(input: PreviewInput): Promise<vscode.Uri> {
    const { remote, local } = await input.diff();
    const n = ++this.count;
    const name = input.file
      .split('/')
      .pop()!
      .replace(/\.(ya?ml|json)$/, '');
    const uri = (side: string, text: string) => {
      const u = vscode.Uri.from({ scheme: UriScheme.deployPreview, path: `/${n}/${side}/${name}.yaml` });
      this.documents.set(u.toString(), text);
      return u;
    };
    const modified = uri('deploy', local);
    await vscode.commands.executeCommand('vscode.diff', uri('remote', remote), modified, `${name}: remote ↔ to deploy`, {
      preview: true,
    });
    return modified;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.documents.clear();
  }
}

/** Closes the diff tab whose right side is `modified`, wherever it is. */
async function closeTab(modified: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === modified.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

/** The preview's lines for an integration's readme and icon: the file each comes from and its size. */
export function sentFiles(definition: { readme?: unknown; icon?: unknown }, sizes: { readme?: number; icon?: number } = {}): string[] {
  return (['readme', 'icon'] as const).flatMap((key) => {
    const size = sizes[key];
    return size === undefined
      ? []
      : [`${key === 'readme' ? 'Readme' : 'Icon'}: ${String(definition[key])}, ${formatBytes(size)}, sent with it.`];
  });
}
