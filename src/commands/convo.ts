/**
 * Botmock boards as conversation tests:
 *   botmock.exportBoardAsTests   a board's paths written as *.convo.txt files to a folder the user picks
 *   botmock.runBoardAsTest       the same tests run at once in the Test Explorer, without files
 * Both take a board node of the Botmock explorer (or `{ teamId, projectId, boardId, name?, projectType? }`);
 * from the palette they ask for the team, project and board.
 */
import * as vscode from 'vscode';
import type { BotmockClient } from '../api/botmock';
import { describeError } from '../api/errors';
import { isQuiet } from '../auth/access';
import { exportBoard, type BoardExport } from '../core/convo';
import type { Services } from '../services';
import type { BotmockNode } from '../views/botmock/tree';
import type { BoardTarget } from '../webviews/chat/boardController';
import { BotmockNotSignedInError } from '../auth/botmock';
import type { PickItem } from '../ui/pick';
import { askIrreversible } from '../ui/confirm';
import { escapeMarkdownLinks, isSafeFileName, quoteText } from '../core/text';
import { Command } from '../ids';

export function registerConvoCommands(context: vscode.ExtensionContext, services: Services): void {
  const guarded =
    (action: string, body: (target: BoardTarget, client: BotmockClient) => Promise<void>) =>
    async (arg?: BotmockNode | Partial<BoardTarget>) => {
      try {
        const client = await services.botmock();
        const target = boardTarget(arg) ?? (await pickBoard(client, action));
        if (target) await body(target, client);
      } catch (err) {
        if (isQuiet(err) || err instanceof BotmockNotSignedInError) return;
        services.output.error(`${action}: ${describeError(err)}`);
        void vscode.window.showErrorMessage(escapeMarkdownLinks(`${action}: ${describeError(err)}`));
      }
    };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      Command.exportBoardAsTests,
      guarded('Export Board as Conversation Tests', async (target, client) => {
        const exported = await load(client, target);
        if (!exported) return;
        const folder = await vscode.window.showOpenDialog({
          title: `Export "${target.name ?? target.boardId}" as conversation tests`,
          canSelectFolders: true,
          canSelectFiles: false,
          canSelectMany: false,
          openLabel: 'Export Here',
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        });
        if (!folder?.[0]) return;
        const written = await write(folder[0], exported);
        if (written === undefined) return;
        const notes = exported.notes.length ? ` ${exported.notes.join(' ')}` : '';
        const choice = await vscode.window.showInformationMessage(
          escapeMarkdownLinks(
            `Exported ${written} of ${exported.files.length} files ` +
              `(${exported.tests} conversation test${exported.tests === 1 ? '' : 's'}) ` +
              `from "${target.name ?? target.boardId}" to ${vscode.workspace.asRelativePath(folder[0])}.${notes}`,
          ),
          'Show Tests',
        );
        if (choice === 'Show Tests') await vscode.commands.executeCommand('workbench.view.testing.focus');
      }),
    ),
    vscode.commands.registerCommand(
      Command.runBoardAsTest,
      guarded('Run Board as Test', async (target, client) => {
        const exported = await load(client, target);
        if (!exported) return;
        void vscode.commands.executeCommand('workbench.view.testing.focus');
        await services.convoTests.runBoard(
          target.boardId,
          target.name ?? target.boardId,
          exported.files.map((f) => ({ file: f.name, text: f.text })),
        );
      }),
    ),
  );
}

/** The board exported in memory; undefined (after saying so) when it holds no conversation. */
async function load(client: BotmockClient, target: BoardTarget): Promise<BoardExport | undefined> {
  const bundle = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading the board "${target.name ?? target.boardId}"…` },
    () => client.readBoard(target, { projectType: target.projectType }),
  );
  const exported = exportBoard({ ...bundle, boardName: target.name ?? target.boardId });
  if (bundle.problems.length)
    void vscode.window.showWarningMessage(
      escapeMarkdownLinks(
        `Some of the project could not be read, so user turns may name intents instead of saying them: ${bundle.problems.join('; ')}.`,
      ),
    );
  if (!exported.tests) {
    void vscode.window.showInformationMessage(
      escapeMarkdownLinks(`The board "${target.name ?? target.boardId}" holds no conversation to test.`),
    );
    return undefined;
  }
  return exported;
}

/** Writes the files, asking before replacing any; the number written, or undefined when cancelled. */
async function write(folder: vscode.Uri, exported: BoardExport): Promise<number | undefined> {
  const exists = async (uri: vscode.Uri) =>
    vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
  // Names come from remote data: each must stay one file of the folder, or nothing is written.
  const unsafe = exported.files.find((f) => !isSafeFileName(f.name));
  if (unsafe) {
    void vscode.window.showErrorMessage(escapeMarkdownLinks(`Nothing was written: "${quoteText(unsafe.name)}" is not a plain file name.`));
    return undefined;
  }
  const targets = exported.files.map((f) => ({ uri: vscode.Uri.joinPath(folder, f.name), text: f.text }));
  const present = (await Promise.all(targets.map(async (t) => ((await exists(t.uri)) ? t : undefined)))).filter((t) => !!t);
  let skip = new Set<vscode.Uri>();
  if (present.length) {
    const names = present.slice(0, 5).map((t) => vscode.workspace.asRelativePath(t.uri));
    const choice = await askIrreversible({
      message: `${present.length} of the ${targets.length} files already exist in the folder.`,
      detail: `${names.join('\n')}${present.length > names.length ? `\n… and ${present.length - names.length} more` : ''}`,
      keep: 'Keep Them',
      action: 'Replace Them',
    });
    if (!choice) return undefined;
    if (choice === 'Keep Them') skip = new Set(present.map((t) => t.uri));
  }
  let written = 0;
  for (const t of targets) {
    if (skip.has(t.uri)) continue;
    await vscode.workspace.fs.writeFile(t.uri, new TextEncoder().encode(t.text));
    written++;
  }
  return written;
}

function boardTarget(arg: BotmockNode | Partial<BoardTarget> | undefined): BoardTarget | undefined {
  if (arg && 'kind' in arg) return arg.kind === 'board' ? { ...arg.ref, name: arg.board.name, projectType: arg.project.type } : undefined;
  return arg?.teamId && arg.projectId && arg.boardId
    ? { teamId: arg.teamId, projectId: arg.projectId, boardId: arg.boardId, name: arg.name, projectType: arg.projectType }
    : undefined;
}

/** Palette use: which team (when there are several), project and board. */
async function pickBoard(client: BotmockClient, title: string): Promise<BoardTarget | undefined> {
  const pick = async <T>(step: string, items: Promise<PickItem<T>[]>): Promise<T | undefined> => {
    const list = await items;
    const picked =
      list.length === 1
        ? list[0]
        : await vscode.window.showQuickPick(list, { title: `${title}: ${step}`, ignoreFocusOut: true, matchOnDescription: true });
    return picked?.value;
  };
  const teamId = await pick(
    'Team',
    client.listTeams().then((teams) => teams.map((t) => ({ label: t.name, description: t.id, value: t.id }))),
  );
  if (!teamId) return undefined;
  const project = await pick(
    'Project',
    client.listProjects(teamId).then((ps) => ps.map((p) => ({ label: p.name, description: `${p.type} · ${p.id}`, value: p }))),
  );
  if (!project) return undefined;
  const ref = { teamId, projectId: project.id };
  const board = await pick(
    'Board',
    client.listBoards(ref).then((bs) => bs.map((b) => ({ label: b.name, description: b.id, value: b }))),
  );
  return board && { ...ref, boardId: board.id, name: board.name, projectType: project.type };
}
