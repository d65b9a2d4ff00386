import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { IssueNode } from '../views/botpress/issues';
import { parseResourcePath } from '../views/botpress/resources';
import { askIrreversible } from '../ui/confirm';
import { handleApiError } from '../ui/errors';
import { projectRelative, stackFrames, type IssueEventLike } from '../core/issues';
import { escapeMarkdownLinks } from '../core/text';
import { Command, InternalCommand, UriScheme } from '../ids';

/** How far before and after an issue event "Logs around this event" reaches. */
const AROUND_MS = 5 * 60_000;
/** How often the problems of linked projects' issues are read again. */
const POLL_MS = 2 * 60_000;

type EventTarget = { workspaceId: string; botId: string; at: string; conversationId?: string };

/**
 * A bot's issues in the editor: Delete (resolve) from the explorer, the issue document's code lenses and links
 * (open an event's conversation, the logs around it), and the issues whose stacks name a line of a linked local SDK
 * project as problems on that line.
 */
export function registerIssues(context: vscode.ExtensionContext, services: Services): void {
  const problems = new IssueProblems(services);
  const selector = { scheme: UriScheme.botpress };
  context.subscriptions.push(
    problems,
    vscode.commands.registerCommand(Command.deleteIssue, async (node?: IssueNode) => {
      if (!(node instanceof IssueNode)) return;
      if (await deleteIssue(services, node)) void problems.refresh();
    }),
    vscode.commands.registerCommand(InternalCommand.issueEventLogs, (target: EventTarget) => logsAround(services, target)),
    vscode.commands.registerCommand(InternalCommand.issueEventConversation, (target: EventTarget) =>
      vscode.commands.executeCommand(Command.openConversation, {
        workspaceId: target.workspaceId,
        botId: target.botId,
        conversationId: target.conversationId,
      }),
    ),
    vscode.languages.registerCodeLensProvider(selector, { provideCodeLenses: (doc) => issueLenses(doc) }),
    vscode.languages.registerDocumentLinkProvider(selector, { provideDocumentLinks: (doc) => issueLinks(doc) }),
  );
}

async function deleteIssue(services: Services, node: IssueNode): Promise<boolean> {
  const { issue } = node;
  const bot = node.issuesNode.botNode.name;
  const answer = await askIrreversible({
    message: `Resolve the issue "${issue.title}" of bot "${bot}"?`,
    detail:
      `The issue and its ${issue.eventsCount} event${issue.eventsCount === 1 ? '' : 's'} are deleted from Botpress. ` +
      'If it happens again, a new issue opens.',
    keep: 'Keep Issue',
    action: 'Delete Issue',
  });
  if (answer !== 'Delete Issue') return false;
  try {
    const client = await services.botpress({ workspaceId: node.workspaceId });
    await client.deleteBotIssue({ id: node.botId, issueId: node.issueId });
  } catch (error) {
    handleApiError(services, error, `Could not delete the issue "${issue.title}"`);
    return false;
  }
  node.issuesNode.resolved();
  services.explorer.refresh(node.issuesNode);
  vscode.window.setStatusBarMessage(escapeMarkdownLinks(`Resolved issue "${issue.title}"`), 4000);
  return true;
}

/** The logs panel on the minutes around an event, on its conversation. */
async function logsAround(services: Services, target: EventTarget): Promise<void> {
  const at = Date.parse(target.at);
  if (Number.isNaN(at)) return;
  const name = await services
    .botpress({ workspaceId: target.workspaceId })
    .then((c) => c.getBot({ id: target.botId }))
    .then(
      (r) => r.bot.name,
      () => target.botId,
    );
  await vscode.commands.executeCommand(Command.openLogs, {
    workspaceId: target.workspaceId,
    botId: target.botId,
    name,
    conversationId: target.conversationId,
    range: { preset: 'custom', since: new Date(at - AROUND_MS).toISOString(), until: new Date(at + AROUND_MS).toISOString() },
  });
}

/** The events of an issue document: where each starts, its time, and the lines of its conversation and user ids. */
function documentEvents(doc: vscode.TextDocument) {
  const parsed = parseResourcePath(doc.uri.query || doc.uri.path);
  if (parsed?.resource.kind !== 'issue') return undefined;
  const { workspaceId, botId } = parsed.resource;
  const events: { line: number; at: string; ids: { line: number; key: string; value: string; start: number }[] }[] = [];
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    const start = /^ {2}- at: "?([^"]+)"?$/.exec(text);
    if (start) events.push({ line: i, at: start[1], ids: [] });
    const id = /^(?: {4}| {2}- )(conversationId|userId): "?([^"\s]+)"?$/.exec(text);
    if (id && events.length) events[events.length - 1].ids.push({ line: i, key: id[1], value: id[2], start: text.indexOf(id[2]) });
  }
  return { workspaceId, botId, events };
}

function issueLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
  const found = documentEvents(doc);
  if (!found) return [];
  const { workspaceId, botId } = found;
  return found.events.flatMap((e) => {
    const conversationId = e.ids.find((i) => i.key === 'conversationId')?.value;
    const target: EventTarget = { workspaceId, botId, at: e.at, conversationId };
    const at = new vscode.Range(e.line, 0, e.line, 0);
    const lenses = [
      new vscode.CodeLens(at, {
        title: '$(output) Logs around this event',
        command: InternalCommand.issueEventLogs,
        arguments: [target],
        tooltip:
          `The bot's logs from ${AROUND_MS / 60_000} minutes before to ${AROUND_MS / 60_000} minutes after` +
          (conversationId ? ', on its conversation' : ''),
      }),
    ];
    if (conversationId)
      lenses.push(
        new vscode.CodeLens(at, {
          title: '$(comment-discussion) Open Conversation',
          command: InternalCommand.issueEventConversation,
          arguments: [target],
        }),
      );
    return lenses;
  });
}

/** Conversation and user ids as links: each opens the event's conversation. */
function issueLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
  const found = documentEvents(doc);
  if (!found) return [];
  return found.events.flatMap((e) => {
    const conversationId = e.ids.find((i) => i.key === 'conversationId')?.value;
    if (!conversationId) return [];
    const args = encodeURIComponent(JSON.stringify([{ workspaceId: found.workspaceId, botId: found.botId, conversationId }]));
    return e.ids.map((i) => {
      const link = new vscode.DocumentLink(
        new vscode.Range(i.line, i.start, i.line, i.start + i.value.length),
        vscode.Uri.parse(`command:${Command.openConversation}?${args}`),
      );
      link.tooltip = 'Open the conversation';
      return link;
    });
  });
}

/**
 * Issues whose stacks name a source line of a linked local SDK project (`.botpress/project.cache.json`): a problem
 * on that line of that file, the issue's title as its message. Read at start, when the projects change, after a
 * delete, and every few minutes.
 */
class IssueProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('botpress-issues');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly workspaces = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly services: Services) {
    this.disposables.push(services.sdkProjects.onDidChange(() => void this.refresh()));
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const projects = (await this.services.sdkProjects.list()).filter((p) => p.cache?.botId || p.cache?.devId);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const project of projects) {
      for (const botId of new Set([project.cache?.botId, project.cache?.devId].filter((id): id is string => !!id))) {
        const found = await this.issuesOf(botId).catch(() => []);
        for (const { title, code, events } of found) {
          for (const event of events) {
            const frame = stackFrames(event.data.stack?.raw ?? '')
              .map((f) => ({ ...f, relative: projectRelative(f.path, project.project.root) }))
              .find((f) => f.relative && fs.existsSync(path.join(project.project.root, f.relative)));
            if (!frame) continue;
            const file = path.join(project.project.root, frame.relative!);
            const line = Math.max(0, frame.line - 1);
            const diagnostic = new vscode.Diagnostic(
              new vscode.Range(line, Math.max(0, frame.column - 1), line, Number.MAX_SAFE_INTEGER),
              `${title} (Botpress issue, last seen ${event.createdAt})`,
              vscode.DiagnosticSeverity.Error,
            );
            diagnostic.source = 'Botpress';
            diagnostic.code = code;
            const list = byFile.get(file) ?? [];
            // One problem per issue and line: its newest event.
            if (!list.some((d) => d.code === code && d.message.startsWith(title) && d.range.start.line === line)) list.push(diagnostic);
            byFile.set(file, list);
          }
        }
      }
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  /** A bot's user-code issues and their events; its workspace found once among the account's. */
  private async issuesOf(botId: string): Promise<{ title: string; code: string; events: IssueEventLike[] }[]> {
    const workspaceId = await this.workspaceOf(botId);
    if (!workspaceId) return [];
    const client = await this.services.botpress({ workspaceId });
    const issues = [];
    for await (const issue of client.iterate('listBotIssues', { id: botId })) if (issue.category === 'user_code') issues.push(issue);
    return Promise.all(
      issues.map(async (i) => ({
        title: i.title,
        code: i.code,
        events: (await client.listBotIssueEvents({ id: botId, issueId: i.id })).issueEvents,
      })),
    );
  }

  private async workspaceOf(botId: string): Promise<string | undefined> {
    const known = this.workspaces.get(botId);
    if (known) return known;
    const account = await this.services.botpress();
    for await (const w of account.iterate('listWorkspaces', {})) {
      const found = await this.services
        .botpress({ workspaceId: w.id })
        .then((c) => c.getBot({ id: botId }))
        .then(
          () => true,
          () => false,
        );
      if (found) {
        this.workspaces.set(botId, w.id);
        return w.id;
      }
    }
    return undefined;
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
