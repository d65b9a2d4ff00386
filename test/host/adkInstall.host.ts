// An ADK agent whose packages are not installed, in a real extension host: its BP120 problem offers a quick fix
// that runs the project's package manager in the project's folder as a task (a process with its arguments), and
// the agent is evaluated again once it ends.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateProduct, test, waitFor } from './harness';

test(
  'ADK: a missing @botpress/runtime is a problem whose quick fix runs npm install in the agent’s folder',
  async () => {
    await activateProduct();
    const root = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `host-adk-missing-${Date.now()}`);
    const config = vscode.Uri.joinPath(root, 'agent.config.ts');
    const marker = vscode.Uri.joinPath(root, 'installed.txt');
    const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      // No dependency to download: the package's own install script shows that npm ran, and where.
      await write(
        vscode.Uri.joinPath(root, 'package.json'),
        JSON.stringify({
          name: 'host-adk-missing',
          private: true,
          scripts: { install: "node -e \"require('fs').writeFileSync('installed.txt', process.cwd())\"" },
        }),
      );
      await write(config, "import { defineConfig } from '@botpress/runtime';\n\nexport default defineConfig({ name: 'missing' });\n");
      const problem: vscode.Diagnostic = await waitFor(
        () => vscode.languages.getDiagnostics(config).find((d) => /BP120/.test(JSON.stringify(d.code)))!,
        60_000,
        'the BP120 problem',
      );
      assert.match(problem.message, /@botpress\/runtime is not installed: run npm install/);

      await vscode.workspace.openTextDocument(config); // code actions are asked of an open document
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', config, problem.range);
      const fix = actions.find((a) => a.title === 'Install @botpress/runtime (npm install)');
      assert.ok(fix?.command, actions.map((a) => a.title).join(', '));

      const ended = new Promise<vscode.TaskProcessEndEvent>((resolve) => {
        const listener = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.name !== 'npm install') return;
          listener.dispose();
          resolve(e);
        });
      });
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      const end = await Promise.race([
        ended,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('npm install did not end')), 60_000)),
      ]);
      assert.equal(end.exitCode, 0);
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(marker)), root.fsPath, 'npm ran in the agent’s folder');
      // Evaluated again: the runtime is still not there, and the problem says so again.
      await waitFor(() => vscode.languages.getDiagnostics(config).some((d) => /BP120/.test(JSON.stringify(d.code))), 30_000, 'BP120 again');
    } finally {
      await vscode.workspace.fs.delete(root, { recursive: true, useTrash: false });
    }
  },
  { timeout: 120_000 },
);
