import * as path from 'node:path';
import * as vscode from 'vscode';
import { ADK_EXCLUDED, AGENT_CONFIG, detectAdkProject, type AdkProject } from '../adk/project';
import type { WorkspaceSdkProject } from './sdkProjects';

const CONFIG_GLOB = `**/${AGENT_CONFIG}`;
const LINK_GLOB = '**/agent{,.local}.json';
const EXCLUDE_GLOB = '**/{node_modules,.adk,.botpress,bp_modules,.git}/**';

/** An ADK project of the workspace. */
export interface WorkspaceAdkProject {
  readonly project: AdkProject;
  readonly folder?: vscode.WorkspaceFolder;
  /** The project folder relative to its workspace folder (`.` at the root), for labels. */
  readonly relativeRoot: string;
}

/**
 * The ADK projects (`agent.config.ts` importing `@botpress/runtime`) in the workspace: found once, then kept
 * up to date from watchers on their configs and their `agent.json` / `agent.local.json`. Created once in `activate()`.
 */
export class AdkProjects implements vscode.Disposable {
  private readonly byRoot = new Map<string, WorkspaceAdkProject>();
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;
  private readonly disposables: vscode.Disposable[] = [this.changes];
  private scanned?: Promise<void>;

  constructor() {
    const configs = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
    const links = vscode.workspace.createFileSystemWatcher(LINK_GLOB);
    const refresh = (uri: vscode.Uri) => {
      if (uri.scheme !== 'file') return;
      const root = path.dirname(uri.fsPath);
      if (ADK_EXCLUDED.test(root + path.sep)) return;
      if (this.update(root)) this.changes.fire();
    };
    this.disposables.push(
      configs,
      links,
      ...[configs, links].flatMap((w) => [w.onDidCreate(refresh), w.onDidChange(refresh), w.onDidDelete(refresh)]),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.byRoot.clear();
        this.scanned = undefined;
        void this.list().then(() => this.changes.fire());
      }),
    );
  }

  async list(): Promise<WorkspaceAdkProject[]> {
    this.scanned ??= this.scan();
    await this.scanned;
    return [...this.byRoot.values()].sort((a, b) => a.project.root.localeCompare(b.project.root));
  }

  /** The project a file belongs to (its config, a primitive, any file below its root). */
  async containing(file: string): Promise<WorkspaceAdkProject | undefined> {
    return (await this.list())
      .filter((p) => file === p.project.root || file.startsWith(p.project.root + path.sep))
      .sort((a, b) => b.project.root.length - a.project.root.length)[0];
  }

  /** Projects linked to this bot, as production (`botId`) or dev bot (`devId`). */
  linkedTo(id: string): WorkspaceAdkProject[] {
    return [...this.byRoot.values()].filter((p) => p.project.link.botId === id || p.project.link.devId === id);
  }

  private async scan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(CONFIG_GLOB, EXCLUDE_GLOB);
    const roots = new Set(uris.filter((u) => u.scheme === 'file').map((u) => path.dirname(u.fsPath)));
    for (const root of [...this.byRoot.keys()]) if (!roots.has(root)) this.byRoot.delete(root);
    for (const root of roots) this.update(root);
  }

  private update(root: string): boolean {
    const before = this.byRoot.get(root);
    const project = detectAdkProject(root);
    if (!project) {
      this.byRoot.delete(root);
      return before !== undefined;
    }
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root));
    const next: WorkspaceAdkProject = { project, folder, relativeRoot: folder ? path.relative(folder.uri.fsPath, root) || '.' : root };
    this.byRoot.set(root, next);
    return JSON.stringify(before?.project) !== JSON.stringify(next.project);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** An ADK project in the shape the project-bot commands take (a bot whose "definition" is its agent.config.ts). */
export function asLinkable(p: WorkspaceAdkProject): WorkspaceSdkProject {
  return {
    project: { root: p.project.root, kind: 'bot', definitionFile: p.project.configFile },
    cache: { botId: p.project.link.botId, devId: p.project.link.devId },
    folder: p.folder,
    relativeRoot: p.relativeRoot,
  };
}

export const folderLabel = (p: { relativeRoot: string; project: { root: string } }) =>
  p.relativeRoot === '.' ? path.basename(p.project.root) : p.relativeRoot;
