// Remembering a folder → knowledge base mapping in botpress.knowledge.json, in a real extension host: a new
// file is created, a valid one gets the mapping appended, and the file as the user has it (unsaved edits,
// text that is not a mapping file) is never written over.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { saveMapping } from '../../src/commands/knowledge';
import { activateProduct, test } from './harness';

const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

test(
  'knowledge mapping: created, appended; a malformed or unsaved botpress.knowledge.json is left as the user has it',
  async () => {
    await activateProduct();
    const root = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `.host-knowledge-${Date.now()}`);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(root, 'docs'));
    const file = vscode.Uri.joinPath(root, 'botpress.knowledge.json');
    const mapping = (kb: string) => ({ folder: 'docs', folderPath: vscode.Uri.joinPath(root, 'docs').fsPath, bot: 'bot-1', kb });
    try {
      assert.equal(await saveMapping(root, mapping('Docs')), undefined);
      assert.deepEqual(JSON.parse(await read(file)), { mappings: [{ folder: 'docs', bot: 'bot-1', kb: 'Docs' }] });
      assert.equal(await saveMapping(root, mapping('More')), undefined);
      assert.deepEqual(
        JSON.parse(await read(file)).mappings.map((m: { kb: string }) => m.kb),
        ['Docs', 'More'],
      );

      const malformed = '{ "mappings": [ { "folder": "docs", "bot": "bot-1", "kb": "Docs" }, ';
      await write(file, malformed);
      assert.match((await saveMapping(root, mapping('Lost?'))) ?? '', /left as it is: fix its problems first/);
      assert.equal(await read(file), malformed);

      const saved = '{ "mappings": [] }\n';
      await write(file, saved);
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.insert(new vscode.Position(1, 0), '// typing\n'));
      assert.match((await saveMapping(root, mapping('Lost?'))) ?? '', /unsaved changes/);
      assert.equal(await read(file), saved);
      assert.ok(doc.getText().includes('// typing') && doc.isDirty, 'the unsaved edit is still in the editor');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(root, { recursive: true, useTrash: false });
    }
  },
  { timeout: 30_000 },
);
