// Writing a deployed bot's id into its definition, in a real extension host: an open document keeps its
// dirty state (the user's other unsaved edits are never saved), a closed file keeps its byte-order mark
// and CRLF line endings, and a file that cannot take the id leaves the deploy a success. Also: a file too
// large to check as you type gets one information problem while it is edited.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { writeDeployedId } from '../../src/commands/writeId';
import { activateProduct, test, waitFor } from './harness';

async function scratch(name: string): Promise<vscode.Uri> {
  const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `.host-${name}-${Date.now()}`);
  await vscode.workspace.fs.createDirectory(folder);
  return folder;
}

async function cleanUp(folder: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
}

const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

test(
  'write-back: an open document with unsaved edits gets the id in the editor and stays unsaved',
  async () => {
    await activateProduct();
    const folder = await scratch('writeback-dirty');
    const output = vscode.window.createOutputChannel('write-back test', { log: true });
    try {
      const file = vscode.Uri.joinPath(folder, 'bot.definition.yaml');
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('name: wb\nstates: {}\n'));
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.insert(new vscode.Position(2, 0), '# not saved yet\n'));
      assert.ok(doc.isDirty);
      await writeDeployedId(file, 'bot-dirty-1', undefined, output);
      assert.equal(doc.getText(), 'id: bot-dirty-1\nname: wb\nstates: {}\n# not saved yet\n');
      assert.ok(doc.isDirty, 'still dirty: nothing was saved for the user');
      assert.equal(await read(file), 'name: wb\nstates: {}\n', 'the file on disk is as the user last saved it');

      // A document without unsaved edits is saved with the id: it stays clean.
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.ok(!doc.isDirty);
      await writeDeployedId(file, 'bot-clean-2', undefined, output);
      assert.ok(!doc.isDirty);
      assert.equal(await read(file), 'id: bot-clean-2\nname: wb\nstates: {}\n');
    } finally {
      output.dispose();
      await cleanUp(folder);
    }
  },
  { timeout: 30_000 },
);

test(
  'write-back: a file not open keeps its byte-order mark and CRLF line endings; one that cannot take the id is left alone',
  async () => {
    await activateProduct();
    const folder = await scratch('writeback-crlf');
    const output = vscode.window.createOutputChannel('write-back test', { log: true });
    try {
      const file = vscode.Uri.joinPath(folder, 'bot.definition.yaml');
      const body = new TextEncoder().encode('# bot\r\nname: wb\r\n');
      await vscode.workspace.fs.writeFile(file, Uint8Array.from([0xef, 0xbb, 0xbf, ...body]));
      await writeDeployedId(file, 'bot-crlf-3', undefined, output);
      const bytes = await vscode.workspace.fs.readFile(file);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.equal(new TextDecoder().decode(bytes.subarray(3)), '# bot\r\nid: bot-crlf-3\r\nname: wb\r\n');

      // Changed meanwhile into something that holds no mapping: nothing is written, nothing thrown.
      const list = vscode.Uri.joinPath(folder, 'integration.definition.yaml');
      await vscode.workspace.fs.writeFile(list, new TextEncoder().encode('- not a mapping\n'));
      await writeDeployedId(list, 'bot-4', undefined, output);
      assert.equal(await read(list), '- not a mapping\n');
    } finally {
      output.dispose();
      await cleanUp(folder);
    }
  },
  { timeout: 30_000 },
);

test(
  'a definition over 5 MB: one information problem while typing, the full check on save',
  async () => {
    await activateProduct();
    const folder = await scratch('large');
    try {
      const file = vscode.Uri.joinPath(folder, 'bot.definition.yaml');
      const lines = ['name: large', 'states:'];
      for (let i = 0, size = 0; size < 5.2 * 1024 * 1024; i++) {
        const state = [`  state${i}:`, '    type: user', '    schema: { type: object, title: S, description: S }'];
        lines.push(...state);
        size += state.join('\n').length + 1;
      }
      lines.push('evnts: {}');
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(lines.join('\n') + '\n'));
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      const codes = () =>
        vscode.languages
          .getDiagnostics(file)
          .filter((d) => d.source === 'botpress')
          .map((d) => `${typeof d.code === 'object' ? d.code.value : d.code}:${d.severity}`);
      // Opened: checked in full (on the worker), with the notice.
      await waitFor(() => codes().includes('BP201:0'), 45_000, 'the full check on open');
      assert.ok(codes().includes('BP104:2'), codes().join());
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# typing\n'));
      await waitFor(() => codes().join() === 'BP104:2', 20_000, 'only the notice while typing');
      const notice = vscode.languages.getDiagnostics(file).find((d) => d.source === 'botpress')!;
      assert.match(
        notice.message,
        /larger than 5 MB: it is checked when opened and saved, and by `npx botpress-toolkit validate`, not as you type/,
      );
      await doc.save();
      await waitFor(() => codes().includes('BP201:0'), 45_000, 'the full check on save');
    } finally {
      await cleanUp(folder);
    }
  },
  { timeout: 120_000 },
);
