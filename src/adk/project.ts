/**
 * ADK projects (Botpress's Agent Development Kit): a folder whose `agent.config.ts` imports
 * `@botpress/runtime`, linked to its bots by `agent.json` (shared: workspace, bot) and `agent.local.json`
 * (per developer: the dev bot; its keys win). No `vscode` here: the command line uses it too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const AGENT_CONFIG = 'agent.config.ts';

/** The folders the ADK discovers primitives in, with the kind each holds. */
export const primitiveFolders = {
  conversations: 'conversation',
  workflows: 'workflow',
  actions: 'action',
  tables: 'table',
  knowledge: 'knowledge',
  triggers: 'trigger',
} as const;
export type PrimitiveKind = (typeof primitiveFolders)[keyof typeof primitiveFolders];

/** Folders never searched for projects, nor for primitives. */
export const ADK_EXCLUDED = /[\\/](node_modules|\.adk|\.botpress|bp_modules|\.git)([\\/]|$)/;

export interface AgentLink {
  workspaceId?: string;
  botId?: string;
  devId?: string;
  apiUrl?: string;
}

export interface AdkProject {
  root: string;
  configFile: string;
  /** agent.json, then agent.local.json over it. */
  link: AgentLink;
}

const IMPORTS_RUNTIME = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]@botpress\/runtime(?:\/[\w-]+)?['"]/m;

/** Whether the text of an `agent.config.ts` imports the ADK's runtime. */
export function importsRuntime(text: string): boolean {
  return IMPORTS_RUNTIME.test(text);
}

/** The ADK project whose root is `dir`, if any. */
export function detectAdkProject(dir: string): AdkProject | undefined {
  const root = path.resolve(dir);
  if (ADK_EXCLUDED.test(root)) return undefined;
  const configFile = path.join(root, AGENT_CONFIG);
  let text: string;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch {
    return undefined;
  }
  if (!importsRuntime(text)) return undefined;
  return { root, configFile, link: readAgentLink(root) };
}

/** The link of a project: `agent.json`, with `agent.local.json`'s keys winning. Unreadable files count as absent. */
export function readAgentLink(root: string): AgentLink {
  const link: AgentLink = {};
  for (const name of ['agent.json', 'agent.local.json']) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(path.join(root, name), 'utf8'));
    } catch {
      continue;
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    for (const key of ['workspaceId', 'botId', 'devId', 'apiUrl'] as const) {
      const v = (raw as Record<string, unknown>)[key];
      if (typeof v === 'string' && v) link[key] = v;
    }
  }
  return link;
}

/** Every ADK project under `dir` (itself included), outside dependencies and generated folders. */
export function findAdkProjects(dir: string, maxDepth = 8): AdkProject[] {
  const found: AdkProject[] = [];
  const walk = (d: string, depth: number) => {
    const project = detectAdkProject(d);
    if (project) found.push(project);
    if (depth >= maxDepth) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'bp_modules') continue;
      walk(path.join(d, e.name), depth + 1);
    }
  };
  walk(path.resolve(dir), 0);
  return found.sort((a, b) => a.root.localeCompare(b.root));
}

/** The source files of a project's primitive folders (`src/<folder>/**.ts`), each with the kind it holds. */
export function primitiveFiles(root: string): { file: string; kind: PrimitiveKind }[] {
  const out: { file: string; kind: PrimitiveKind }[] = [];
  for (const [folder, kind] of Object.entries(primitiveFolders)) {
    const walk = (d: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(d, e.name);
        if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(p);
        else if (e.isFile() && /\.(ts|tsx|js|mjs)$/.test(e.name) && !/\.d\.ts$|\.(test|spec)\.[tj]sx?$/.test(e.name))
          out.push({ file: p, kind });
      }
    };
    walk(path.join(root, 'src', folder));
  }
  return out;
}

/** The installed runtime of a project: its folder and version, found by walking up from the root (its exports hide package.json). */
export function findRuntime(root: string): { dir: string; version: string } | undefined {
  for (let d = root; ; d = path.dirname(d)) {
    const pkg = path.join(d, 'node_modules', '@botpress', 'runtime', 'package.json');
    try {
      const version = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '';
      return { dir: fs.realpathSync(path.dirname(pkg)), version };
    } catch {
      if (path.dirname(d) === d) return undefined;
    }
  }
}
