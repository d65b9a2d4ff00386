import * as vscode from 'vscode';
import { definitionFileKind } from '../core/definitions';
import { planIdWrite, writeIdToBytes } from '../core/deploy';
import { escapeMarkdownLinks } from '../core/text';

/**
 * Writes a deployed bot's id into its definition file as the file is now (it may have changed during
 * the deploy). An open document is edited in place and keeps its dirty state: saved only when it had
 * no unsaved edits, so the user's other edits are never saved for them. A file not open keeps its
 * byte-order mark and line endings. When the id cannot go in (the file is gone, no longer a mapping,
 * or names another bot now), the user is offered to copy it or to write it anyway. Never throws: the
 * deploy succeeded whatever happens here.
 *
 * `previous`: the id the file had when the deploy read it.
 */
export async function writeDeployedId(
  uri: vscode.Uri,
  id: string,
  previous: string | undefined,
  output: vscode.LogOutputChannel,
  overwrite = false,
): Promise<void> {
  const problem = await tryWrite(uri, id, previous, overwrite).catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
  if (!problem) return;
  const name = vscode.workspace.asRelativePath(uri);
  output.warn(`Deployed to bot ${id}, but could not write its id into ${name}: ${problem}.`);
  // Not awaited: the deploy reports its success meanwhile.
  void vscode.window
    .showWarningMessage(
      escapeMarkdownLinks(`Deployed to bot ${id}, but its id could not be written into ${name}: ${problem}.`),
      'Copy Id',
      'Write Id Anyway',
    )
    .then(async (choice) => {
      if (choice === 'Copy Id') await vscode.env.clipboard.writeText(id);
      // Anyway: over whatever id the file names now.
      if (choice === 'Write Id Anyway') await writeDeployedId(uri, id, previous, output, true);
    });
}

/** Writes the id; the reason when it cannot, undefined when it is in. */
async function tryWrite(uri: vscode.Uri, id: string, previous: string | undefined, overwrite: boolean): Promise<string | undefined> {
  const format = definitionFileKind(uri.path)?.format ?? 'yaml';
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    const plan = planIdWrite(open.getText(), format, id, previous, overwrite);
    if ('impossible' in plan) return plan.impossible;
    if ('unchanged' in plan) return undefined;
    const wasDirty = open.isDirty;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(open.positionAt(plan.edit.start), open.positionAt(plan.edit.end)), plan.edit.newText);
    if (!(await vscode.workspace.applyEdit(edit))) return 'the editor refused the edit';
    if (!wasDirty && !(await open.save())) return 'the file could not be saved';
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return 'the file is gone';
  }
  const out = writeIdToBytes(bytes, format, id, previous, overwrite);
  if ('impossible' in out) return out.impossible;
  if (out.bytes) await vscode.workspace.fs.writeFile(uri, out.bytes);
  return undefined;
}
