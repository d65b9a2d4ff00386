// SDK projects in a real extension host: problems as you type in a TypeScript definition (evaluated with
// the official SDK installed under test/fixtures/sdk), the JSON Schema hover, and the bp tasks run with
// the signed-in account's credentials in the environment.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateProduct, fixturesDir, test, waitFor } from './harness';

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'botpress');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

/**
 * A copy of the fixture bot beside it (so that it resolves the SDK installed under test/fixtures/sdk, as
 * the fixture does), removed with its editors afterwards: the tests type into it.
 */
async function withBotCopy(fn: (file: vscode.Uri) => Promise<void>): Promise<void> {
  const copy = path.join(fixturesDir, 'sdk', `.host-bot-${Date.now()}`);
  fs.cpSync(path.join(fixturesDir, 'sdk', 'bot'), copy, { recursive: true });
  try {
    await fn(vscode.Uri.file(path.join(copy, 'bot.definition.ts')));
  } finally {
    // Its edits are dropped, never saved into a folder about to go (that would leave it behind).
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.fsPath.startsWith(copy) && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

test(
  'an SDK bot definition shows problems as you type, beside TypeScript, and they go when fixed',
  async () => {
    await activateProduct();
    await withBotCopy(async (file) => {
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'typescript', 'the definition stays TypeScript');

      // Type a state name the CLI rejects, a character at a time as a person would.
      const at = doc.getText().indexOf('    cart: {');
      assert.ok(at > 0);
      for (const [i, ch] of [...'my_'].entries()) await editor.edit((e) => e.insert(doc.positionAt(at + 4 + i), ch));
      const problem = (await waitFor(() => ours(file).find((d) => codeOf(d) === 'BP401'), 20_000, 'the camelCase problem'))!;
      assert.equal(doc.getText(problem.range), 'my_cart');
      assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);

      // Fix it: the problem goes.
      await editor.edit((e) => e.replace(problem.range, 'myCart'));
      await waitFor(() => !ours(file).some((d) => codeOf(d) === 'BP401'), 20_000, 'the problem to go once fixed');
      assert.deepEqual(
        ours(file)
          .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
          .map((d) => d.message),
        [],
        'the fixture bot is valid again',
      );
    });
  },
  { timeout: 90_000 },
);

test(
  "hovering a state's key shows the JSON Schema the SDK made of its zod schema",
  async () => {
    await activateProduct();
    await withBotCopy(async (file) => {
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const position = doc.positionAt(doc.getText().indexOf('profile:') + 2);
      const text = (await waitFor(
        async () => {
          const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, position);
          const all = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')));
          return all.find((t) => t.includes('JSON Schema'));
        },
        20_000,
        'the schema hover',
      ))!;
      assert.match(text, /"type": "object"/);
      assert.match(text, /"name"/);
    });
  },
  { timeout: 60_000 },
);

test(
  'bp tasks are listed for an SDK project and run its bp with the account in BP_* variables, never in the arguments',
  async () => {
    await activateProduct();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root);
    const project = path.join(root, `.host-sdk-${Date.now()}`);
    const recording = fs.readFileSync(path.join(fixturesDir, 'bp-cli', 'build-bundle-error.txt'), 'utf8');
    fs.mkdirSync(path.join(project, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"host-sdk","dependencies":{"@botpress/sdk":"5.4.3"}}\n');
    fs.writeFileSync(
      path.join(project, 'bot.definition.ts'),
      "import { BotDefinition } from '@botpress/sdk'\nexport default new BotDefinition({})\n",
    );
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(path.join(project, 'src', 'index.ts'), "import message from './handlers/message'\nexport default message\n");
    // The project's bp: prints what the real CLI prints when a bundle fails (recorded), then a CLI error.
    const bp = path.join(project, 'node_modules', '.bin', 'bp');
    fs.writeFileSync(
      bp,
      [
        '#!/bin/sh',
        'cd "$(dirname "$0")/../.."',
        'printf "%s\\n" "$@" > args.txt',
        'printf "%s|%s|%s\\n" "${BP_TOKEN:+token}" "$BP_API_URL" "$BP_WORKSPACE_ID" > env.txt',
        `cat <<'EOF'\n${recording}EOF`,
        'echo "× Could not deploy bot: the bot is locked" >&2',
        'exit 1',
      ].join('\n'),
      { mode: 0o755 },
    );
    try {
      const rel = path.basename(project);
      const tasks = (await waitFor(
        async () => {
          const all = await vscode.tasks.fetchTasks({ type: 'bp' });
          const mine = all.filter((t) => (t.definition as { project?: string }).project === rel);
          return mine.length === 5 ? mine : undefined;
        },
        15_000,
        'the bp tasks of the new project',
      ))!;
      assert.deepEqual(tasks.map((t) => t.name).sort(), ['add', 'build', 'deploy', 'dev', 'gen'].map((c) => `${c} (${rel})`).sort());
      assert.equal(tasks.find((t) => t.definition.command === 'dev')?.isBackground, true);

      const build = tasks.find((t) => t.definition.command === 'build')!;
      const ended = new Promise<number | undefined>((resolve) => {
        const sub = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.definition.project === rel) {
            sub.dispose();
            resolve(e.exitCode);
          }
        });
      });
      await vscode.tasks.executeTask(build);
      assert.equal(await ended, 1);

      assert.deepEqual(fs.readFileSync(path.join(project, 'args.txt'), 'utf8').trim().split('\n'), ['build']);
      const [token, apiUrl] = fs.readFileSync(path.join(project, 'env.txt'), 'utf8').trim().split('|');
      assert.equal(token, 'token', 'BP_TOKEN is set');
      assert.equal(apiUrl, process.env.BP_API_URL);

      // The CLI's error sits on the definition; esbuild's, through the problem matcher, on the source file.
      const definition = vscode.Uri.file(path.join(project, 'bot.definition.ts'));
      const cliError = (await waitFor(
        () => vscode.languages.getDiagnostics(definition).find((d) => d.source === 'bp'),
        10_000,
        'the CLI error',
      ))!;
      assert.match(cliError.message, /Could not deploy bot: the bot is locked/);
      const source = vscode.Uri.file(path.join(project, 'src', 'index.ts'));
      const bundleError = (await waitFor(
        () => vscode.languages.getDiagnostics(source).find((d) => d.source === 'esbuild'),
        10_000,
        'the esbuild error',
      ))!;
      assert.equal(bundleError.range.start.line, 3);
      assert.equal(bundleError.range.start.character, 21);
      assert.match(bundleError.message, /Could not resolve "\.\/handlers\/message"/);

      // A tasks.json entry whose package is an option that would send the token elsewhere: bp never runs.
      fs.rmSync(path.join(project, 'args.txt'));
      const hostileLabel = `hostile add ${rel}`;
      const hadSettingsFolder = fs.existsSync(path.join(root, '.vscode'));
      fs.mkdirSync(path.join(root, '.vscode'), { recursive: true });
      const tasksJson = path.join(root, '.vscode', 'tasks.json');
      const before = fs.existsSync(tasksJson) ? fs.readFileSync(tasksJson, 'utf8') : undefined;
      fs.writeFileSync(
        tasksJson,
        JSON.stringify({
          version: '2.0.0',
          tasks: [{ type: 'bp', command: 'add', project: rel, package: '--apiUrl=https://elsewhere.example', label: hostileLabel }],
        }),
      );
      try {
        const hostile = (await waitFor(
          async () => (await vscode.tasks.fetchTasks({ type: 'bp' })).find((t) => t.name === hostileLabel),
          15_000,
          'the tasks.json entry',
        ))!;
        const refused = new Promise<number | undefined>((resolve) => {
          const sub = vscode.tasks.onDidEndTaskProcess((e) => {
            if (e.execution.task.name === hostileLabel) {
              sub.dispose();
              resolve(e.exitCode);
            }
          });
        });
        await vscode.tasks.executeTask(hostile);
        assert.equal(await refused, 1);
        assert.ok(!fs.existsSync(path.join(project, 'args.txt')), 'bp was not run');
      } finally {
        if (before === undefined) fs.rmSync(tasksJson);
        else fs.writeFileSync(tasksJson, before);
        if (!hadSettingsFolder) fs.rmSync(path.join(root, '.vscode'), { recursive: true, force: true });
      }
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  },
  { timeout: 40_000 },
);
