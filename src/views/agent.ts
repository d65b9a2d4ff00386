/**
 * The Agent view: each ADK agent of the workspace with what its runtime made of it: the config's state,
 * tags, configuration and integrations, then conversations (by channel), workflows, actions, tables,
 * knowledge bases and triggers; each row opens its file at its definition. While an evaluation runs, the
 * agent's row says so.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AdkEvaluation, OutlinePrimitive } from '../adk/evaluator';
import type { PrimitiveKind } from '../adk/project';
import { ContextValue } from '../ids';
import { folderLabel, type AdkProjects, type WorkspaceAdkProject } from '../workspace/adkProjects';

export interface AgentState {
  evaluating?: boolean;
  last?: AdkEvaluation;
  error?: string;
}

type Node =
  | { type: 'project'; project: WorkspaceAdkProject }
  | { type: 'section'; project: WorkspaceAdkProject; label: string; kind?: PrimitiveKind; icon: string }
  | { type: 'primitive'; project: WorkspaceAdkProject; primitive: OutlinePrimitive }
  | { type: 'leaf'; label: string; description?: string; icon?: string; file?: string; line?: number; tooltip?: string; children?: Node[] };

const SECTIONS: { kind: PrimitiveKind; label: string; icon: string }[] = [
  { kind: 'conversation', label: 'Conversations', icon: 'comment-discussion' },
  { kind: 'workflow', label: 'Workflows', icon: 'type-hierarchy' },
  { kind: 'action', label: 'Actions', icon: 'zap' },
  { kind: 'table', label: 'Tables', icon: 'table' },
  { kind: 'knowledge', label: 'Knowledge', icon: 'book' },
  { kind: 'trigger', label: 'Triggers', icon: 'bell' },
];

const open = (file: string, line: number): vscode.Command => ({
  title: 'Open',
  command: 'vscode.open',
  arguments: [vscode.Uri.file(file), { selection: new vscode.Range(line - 1, 0, line - 1, 0) }],
});

const ms = (n: unknown) => {
  if (typeof n !== 'number') return undefined;
  if (n % 3_600_000 === 0) return `${n / 3_600_000} h`;
  if (n % 60_000 === 0) return `${n / 60_000} min`;
  return n % 1000 === 0 ? `${n / 1000} s` : `${n} ms`;
};

/** What a primitive's row says beside its name. */
export function describePrimitive(p: OutlinePrimitive): string {
  const d = p.definition;
  const parts: string[] = [];
  if (p.kind === 'workflow') {
    if (typeof d.schedule === 'string') parts.push(`schedule ${d.schedule}`);
    const t = ms(d.timeout);
    if (t) parts.push(`timeout ${t}`);
  } else if (p.kind === 'table') {
    const columns = Object.keys((d.schema as { properties?: object } | undefined)?.properties ?? {});
    parts.push(`${columns.length} column${columns.length === 1 ? '' : 's'}`);
    if (typeof d.keyColumn === 'string') parts.push(`key ${d.keyColumn}`);
  } else if (p.kind === 'knowledge') {
    const n = p.details?.sources?.length ?? 0;
    parts.push(`${n} source${n === 1 ? '' : 's'}`);
  } else if (p.kind === 'trigger' && Array.isArray(d.events)) parts.push(`on ${d.events.join(', ')}`);
  else if (p.kind === 'conversation' && Array.isArray(d.events) && d.events.length) parts.push(`events ${d.events.join(', ')}`);
  if (p.exportName !== 'default') parts.push(`export ${p.exportName}`);
  return parts.join(' · ');
}

function primitiveChildren(p: OutlinePrimitive): Node[] {
  const d = p.definition;
  const leaf = (label: string, description?: string, icon?: string): Node => ({
    type: 'leaf',
    label,
    description,
    icon,
    file: p.file,
    line: p.line,
  });
  if (p.kind === 'table') {
    const props = (d.schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties ?? {};
    return Object.entries(props).map(([name, s]) => {
      const tags = [
        String(s?.type ?? ''),
        name === d.keyColumn ? 'key' : '',
        p.details?.searchable?.includes(name) ? 'searchable' : '',
        p.details?.computed?.includes(name) ? 'computed' : '',
      ].filter(Boolean);
      return leaf(name, tags.join(' · '), 'symbol-field');
    });
  }
  if (p.kind === 'knowledge')
    return (p.details?.sources ?? []).map((s) => leaf(s.directoryPath ?? s.url ?? s.id, s.type, s.directoryPath ? 'folder' : 'globe'));
  if (p.kind === 'trigger' && Array.isArray(d.events)) return d.events.map((e) => leaf(String(e), 'event', 'bell'));
  if (p.kind === 'workflow' || p.kind === 'action')
    return ['input', 'output', 'state']
      .filter((k) => d[k] !== undefined)
      .map((k) => {
        const n = Object.keys((d[k] as { properties?: object }).properties ?? {}).length;
        return leaf(k, `${n} field${n === 1 ? '' : 's'}`, 'json');
      });
  return [];
}

function configChildren(project: WorkspaceAdkProject, e: AdkEvaluation): Node[] {
  const cfg = e.outline?.config;
  if (!cfg) return [];
  const file = project.project.configFile;
  const text = e.texts?.get(file) ?? '';
  const lineOf = (word: string) => {
    const i = text.search(new RegExp(`\\b${word}\\s*:`));
    return i < 0 ? 1 : text.slice(0, i).split('\n').length;
  };
  const out: Node[] = [];
  for (const [key, schema] of Object.entries(cfg.schemas)) {
    const n = Object.keys((schema as { properties?: object }).properties ?? {}).length;
    out.push({
      type: 'leaf',
      label: key,
      description: `${n} field${n === 1 ? '' : 's'}`,
      icon: 'json',
      file,
      line: lineOf(key.split('.').pop()!),
    });
  }
  for (const [owner, tags] of Object.entries(cfg.tags)) {
    const names = Object.keys(tags);
    if (names.length)
      out.push({ type: 'leaf', label: `${owner}.tags`, description: names.join(', '), icon: 'tag', file, line: lineOf('tags') });
  }
  const integrations = Object.entries(cfg.integrations);
  if (integrations.length)
    out.push({
      type: 'leaf',
      label: 'integrations',
      description: `${integrations.length}`,
      icon: 'plug',
      file,
      line: lineOf('integrations'),
      children: integrations.map(([alias, dep]) => ({
        type: 'leaf',
        label: alias,
        description: [dep.version, dep.enabled === false ? 'disabled' : ''].filter(Boolean).join(' · '),
        icon: 'plug',
        file,
        line: lineOf(alias),
      })),
    });
  return out;
}

export class AgentTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changes = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changes.event;

  constructor(
    private readonly projects: AdkProjects,
    private readonly stateOf: (root: string) => AgentState | undefined,
  ) {}

  refresh(): void {
    this.changes.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return (await this.projects.list()).map((project) => ({ type: 'project', project }));
    if (node.type === 'project') {
      const state = this.stateOf(node.project.project.root);
      const e = state?.last;
      if (!e?.outline) {
        if (!vscode.workspace.isTrusted)
          return [{ type: 'leaf', label: 'Not evaluated: trust this workspace to see the agent', icon: 'shield' }];
        const first = e?.problems[0];
        if (first)
          return [
            {
              type: 'leaf',
              label: first.problem.message.split('\n')[0],
              description: `${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}`,
              icon: 'error',
              file: first.file,
              line: (e.texts?.get(first.file) ?? '').slice(0, first.problem.start).split('\n').length,
            },
          ];
        return [{ type: 'leaf', label: state?.error ?? 'evaluating…', icon: state?.error ? 'error' : 'loading~spin' }];
      }
      const out: Node[] = [];
      if (configChildren(node.project, e).length)
        out.push({ type: 'section', project: node.project, label: 'Config', icon: 'settings-gear' });
      for (const s of SECTIONS)
        if (e.outline.primitives.some((p) => p.kind === s.kind)) out.push({ type: 'section', project: node.project, ...s });
      return out;
    }
    if (node.type === 'section') {
      const e = this.stateOf(node.project.project.root)?.last;
      if (!e) return [];
      if (!node.kind) return configChildren(node.project, e);
      return (e.outline?.primitives ?? [])
        .filter((p) => p.kind === node.kind)
        .map((primitive) => ({ type: 'primitive', project: node.project, primitive }));
    }
    if (node.type === 'primitive') return primitiveChildren(node.primitive);
    return node.children ?? [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'project': {
        const state = this.stateOf(node.project.project.root);
        const e = state?.last;
        const item = new vscode.TreeItem(e?.outline?.name ?? folderLabel(node.project), vscode.TreeItemCollapsibleState.Expanded);
        const errors = e?.problems.filter((p) => p.problem.severity === 'error').length ?? 0;
        const count = e?.outline?.primitives.length;
        item.description = state?.evaluating
          ? 'evaluating…'
          : [
              e?.outline?.name === folderLabel(node.project) ? '' : folderLabel(node.project),
              count !== undefined ? `${count} primitives` : '',
              errors ? `${errors} error${errors === 1 ? '' : 's'}` : '',
            ]
              .filter(Boolean)
              .join(' · ');
        const link = node.project.project.link;
        const linked = !!(link.botId || link.devId);
        item.contextValue = linked ? ContextValue.linkedAdkProject : ContextValue.adkProject;
        item.resourceUri = vscode.Uri.file(node.project.project.configFile);
        item.iconPath = new vscode.ThemeIcon(state?.evaluating ? 'loading~spin' : 'hubot');
        item.tooltip = [
          node.project.project.root,
          link.botId ? `Bot: ${link.botId}` : 'No production bot (agent.json)',
          link.devId ? `Dev bot: ${link.devId}` : 'No dev bot (agent.local.json)',
          e?.outline?.runtimeVersion ? `@botpress/runtime ${e.outline.runtimeVersion}` : '',
        ]
          .filter(Boolean)
          .join('\n');
        item.command = open(node.project.project.configFile, 1);
        return item;
      }
      case 'section': {
        const e = this.stateOf(node.project.project.root)?.last;
        const n = node.kind ? (e?.outline?.primitives.filter((p) => p.kind === node.kind).length ?? 0) : undefined;
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        if (n !== undefined) item.description = String(n);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
      case 'primitive': {
        const p = node.primitive;
        const children = primitiveChildren(p).length > 0;
        const item = new vscode.TreeItem(
          p.name,
          children ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.description = describePrimitive(p);
        item.tooltip = `${p.kind} ${p.name}\n${path.relative(node.project.project.root, p.file)}:${p.line}`;
        item.iconPath = new vscode.ThemeIcon(SECTIONS.find((s) => s.kind === p.kind)?.icon ?? 'symbol-misc');
        item.command = open(p.file, p.line);
        return item;
      }
      case 'leaf': {
        const item = new vscode.TreeItem(
          node.label,
          node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.description = node.description;
        item.tooltip = node.tooltip;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.file) item.command = open(node.file, node.line ?? 1);
        return item;
      }
    }
  }
}
