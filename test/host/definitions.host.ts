// Definition files in a real extension host: diagnostics on open and as you type, the quick fix that
// clears one, hovers, completions, and New Bot Definition never overwriting a file.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateProduct, test, waitFor } from './harness';

const problemsOf = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'botpress');
/** The toolkit's problems for a file, once there are some. */
async function someProblems(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const found = await waitFor(() => (problemsOf(uri).length ? problemsOf(uri) : undefined), 10_000, 'diagnostics');
  assert.ok(found);
  return found;
}
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

async function scratchFolder(name: string): Promise<vscode.Uri> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'a workspace folder is open');
  const folder = vscode.Uri.joinPath(root, `.host-${name}-${Date.now()}`);
  await vscode.workspace.fs.createDirectory(folder);
  return folder;
}

async function cleanUp(folder: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
}

test(
  'a definition with a bad state name shows the problem, and its quick fix clears it',
  async () => {
    await activateProduct();
    const folder = await scratchFolder('fix');
    try {
      const file = vscode.Uri.joinPath(folder, 'bot.definition.yaml');
      const text = 'name: host-bot\nstates:\n  my_state:\n    type: user\n    schema: { type: object, title: S, description: S }\n';
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'botpress-definition-yaml');

      const [problem] = await someProblems(file);
      assert.equal(codeOf(problem), 'BP401');
      assert.equal(doc.getText(problem.range), 'my_state');
      assert.match(String((problem.code as { target: vscode.Uri }).target), /#bp401$/);

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, problem.range);
      const rename = actions.find((a) => a.title.startsWith('Rename to "myState"'));
      assert.ok(rename?.edit, `quick fix offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(rename.edit));
      await waitFor(() => problemsOf(file).length === 0, 10_000, 'the problem to disappear after the fix');
      assert.match(doc.getText(), /^ {2}myState:$/m);
    } finally {
      await cleanUp(folder);
    }
  },
  { timeout: 30_000 },
);

test(
  'typing an unknown key in a JSON definition reports it on the key',
  async () => {
    await activateProduct();
    const folder = await scratchFolder('json');
    try {
      const file = vscode.Uri.joinPath(folder, 'bot.definition.json');
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('{\n  "name": "host-bot"\n}\n'));
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'botpress-definition-json');
      await editor.edit((e) => e.insert(new vscode.Position(1, 21), ',\n  "stats": {}'));
      const [problem] = await someProblems(file);
      assert.equal(codeOf(problem), 'BP201');
      assert.equal(doc.getText(problem.range), '"stats"');
      assert.match(problem.message, /Did you mean "states"/);

      // The JSON language service serves the generated editor schema: hovers with the official
      // descriptions, and no problem of its own (the toolkit's are the only ones).
      const hovers = await waitFor(
        async () => {
          const found = await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            file,
            new vscode.Position(1, 4),
          );
          return found.length ? found : undefined;
        },
        10_000,
        'a hover from the JSON language service',
      );
      const text = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /Optional name for the bot/);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const all = vscode.languages.getDiagnostics(file);
      assert.deepEqual(
        all.filter((d) => d.source !== 'botpress').map((d) => `${d.source}: ${d.message}`),
        [],
      );
      assert.equal(all.length, 1);
    } finally {
      await cleanUp(folder);
    }
  },
  { timeout: 30_000 },
);

test(
  'hover and completions in a YAML definition come from the official spec',
  async () => {
    await activateProduct();
    const folder = await scratchFolder('assist');
    try {
      const file = vscode.Uri.joinPath(folder, 'bot.definition.yaml');
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('name: host-bot\nstates:\n  cart:\n    type: \n'));
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, new vscode.Position(0, 1));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /Optional name for the bot/);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        file,
        new vscode.Position(3, 10),
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      for (const value of ['conversation', 'user', 'bot']) assert.ok(labels.includes(value), `completion ${value} in ${labels.join(', ')}`);
    } finally {
      await cleanUp(folder);
    }
  },
  { timeout: 30_000 },
);

test(
  'New Bot Definition writes a valid file and never overwrites one',
  async () => {
    await activateProduct();
    const folder = await scratchFolder('new');
    try {
      await vscode.commands.executeCommand('botpress.newBotDefinition', folder);
      const file = vscode.Uri.joinPath(folder, 'bot.definition.yaml');
      const first = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      assert.match(first, /^name: /m);
      await waitFor(
        () =>
          vscode.languages.getDiagnostics(file).length === 0 && vscode.window.activeTextEditor?.document.uri.toString() === file.toString(),
        10_000,
        'the new file open without problems',
      );
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('name: mine\n'));
      await vscode.commands.executeCommand('botpress.newBotDefinition', folder);
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)), 'name: mine\n');
    } finally {
      await cleanUp(folder);
    }
  },
  { timeout: 30_000 },
);
