import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectSdkProject, readProjectCache, sdkDefinitionFiles, type ProjectCache, type SdkProject } from '../sdk/project';

/** Definition files anywhere in the workspace, outside dependencies and generated folders. */
export const SDK_DEFINITION_GLOB = `**/{${sdkDefinitionFiles.map((f) => f.replace(/\.definition\.ts$/, '')).join(',')}}.definition.ts`;
export const SDK_EXCLUDE_GLOB = '**/{node_modules,bp_modules,.botpress,.git}/**';
const CACHE_GLOB = '**/.botpress/project.cache.json';
const EXCLUDED = /[\\/](node_modules|bp_modules|\.botpress|\.git)[\\/]/;

/** An SDK project of the workspace, with where the CLI says its bots live (`.botpress/project.cache.json`). */
export interface WorkspaceSdkProject {
  readonly project: SdkProject;
  readonly cache?: ProjectCache;
  readonly folder?: vscode.WorkspaceFolder;
  /** The project folder relative to its workspace folder (`.` at the root), for labels. */
  readonly relativeRoot: string;
}

/**
 * The SDK projects (`bp init` layouts) in the workspace: found once, then kept up to date from file
 * watchers on their definitions and project caches. Created once in `activate()`.
 */
export class SdkProjects implements vscode.Disposable {
  private readonly byRoot = new Map<string, WorkspaceSdkProject>();
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;
  private readonly disposables: vscode.Disposable[] = [this.changes];
  private scanned?: Promise<boolean>;

  constructor() {
    const definitions = vscode.workspace.createFileSystemWatcher(SDK_DEFINITION_GLOB);
    const caches = vscode.workspace.createFileSystemWatcher(CACHE_GLOB);
    const refresh = (uri: vscode.Uri, levelsUp: number) => {
      if (uri.scheme !== 'file') return;
      let root = uri.fsPath;
      for (let i = 0; i < levelsUp; i++) root = path.dirname(root);
      if (EXCLUDED.test(root + path.sep)) return;
      if (this.update(root)) this.changes.fire();
    };
    this.disposables.push(
      definitions,
      caches,
      definitions.onDidCreate((u) => refresh(u, 1)),
      definitions.onDidDelete((u) => refresh(u, 1)),
      caches.onDidCreate((u) => refresh(u, 2)),
      caches.onDidChange((u) => refresh(u, 2)),
      caches.onDidDelete((u) => refresh(u, 2)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.byRoot.clear();
        this.scanned = undefined;
        void this.list().then(() => this.changes.fire());
      }),
    );
  }

  /** Reads a project again now: the toolkit itself wrote its cache (a watcher may report it late, or never). */
  reread(root: string): void {
    if (this.update(root)) this.changes.fire();
  }

  /** Every project, once the first scan is done. */
  async list(): Promise<WorkspaceSdkProject[]> {
    this.scanned ??= this.scan();
    await this.scanned;
    return [...this.byRoot.values()].sort((a, b) => a.project.root.localeCompare(b.project.root));
  }

  /**
   * Every project, from a scan made now: for what the user asks for by hand (the task list), since a
   * watcher can miss events (folders under `files.watcherExclude`, a watcher over its limit).
   */
  async rescan(): Promise<WorkspaceSdkProject[]> {
    const scan = this.scan();
    this.scanned = scan;
    if (await scan) this.changes.fire();
    return this.list();
  }

  /** Reads every definition the workspace holds; true when what is known changed. */
  private async scan(): Promise<boolean> {
    const uris = await vscode.workspace.findFiles(SDK_DEFINITION_GLOB, SDK_EXCLUDE_GLOB);
    const roots = new Set(uris.filter((u) => u.scheme === 'file').map((u) => path.dirname(u.fsPath)));
    let changed = false;
    for (const root of [...this.byRoot.keys()]) if (!roots.has(root) && this.update(root)) changed = true;
    for (const root of roots) if (this.update(root)) changed = true;
    return changed;
  }

  /** Projects whose cache names this bot or integration, as deployed (`botId`) or in dev (`devId`). */
  linkedTo(id: string): WorkspaceSdkProject[] {
    return [...this.byRoot.values()].filter((p) => p.cache?.botId === id || p.cache?.devId === id);
  }

  /** Re-reads one folder; true when what is known about it changed. */
  private update(root: string): boolean {
    const before = this.byRoot.get(root);
    const project = detectSdkProject(root);
    if (!project) {
      this.byRoot.delete(root);
      return before !== undefined;
    }
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root));
    const next: WorkspaceSdkProject = {
      project,
      cache: readProjectCache(root),
      folder,
      relativeRoot: folder ? path.relative(folder.uri.fsPath, root) || '.' : root,
    };
    this.byRoot.set(root, next);
    return JSON.stringify({ ...before, folder: undefined }) !== JSON.stringify({ ...next, folder: undefined });
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
