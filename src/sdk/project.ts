/**
 * SDK projects (what `bp init` lays out): which definition a folder holds, its package.json, and the
 * CLI's project cache (`.botpress/project.cache.json`). No `vscode` here: the command line uses it too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type SdkProjectKind = 'integration' | 'interface' | 'bot' | 'plugin';

/** The definition files, in the order the official CLI detects a project's type. */
export const sdkDefinitionFiles: readonly string[] = [
  'integration.definition.ts',
  'interface.definition.ts',
  'bot.definition.ts',
  'plugin.definition.ts',
];

export interface SdkProject {
  root: string;
  kind: SdkProjectKind;
  definitionFile: string;
  packageJson?: Record<string, unknown>;
  /** `<workspaceHandle>/<name>` for integrations published under a handle. */
  integrationName?: string;
  /** What `bp add` installed under `bp_modules/`. */
  bpDependencies?: Record<string, string>;
}

/** The kind a definition file's name stands for, or undefined for other files. */
export function sdkDefinitionKind(fileName: string): SdkProjectKind | undefined {
  const base = path.basename(fileName);
  const i = sdkDefinitionFiles.indexOf(base);
  return i < 0 ? undefined : (base.slice(0, base.indexOf('.')) as SdkProjectKind);
}

const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

/** The SDK project whose root is `dir` (the first definition file in detection order), if any. */
export function detectSdkProject(dir: string): SdkProject | undefined {
  const root = path.resolve(dir);
  const file = sdkDefinitionFiles.find((f) => isFile(path.join(root, f)));
  if (!file) return undefined;
  const project: SdkProject = { root, kind: sdkDefinitionKind(file)!, definitionFile: path.join(root, file) };
  const pkg = readJson(path.join(root, 'package.json'));
  if (pkg) {
    project.packageJson = pkg;
    if (typeof pkg.integrationName === 'string') project.integrationName = pkg.integrationName;
    const deps = pkg.bpDependencies;
    if (deps && typeof deps === 'object' && !Array.isArray(deps)) {
      project.bpDependencies = Object.fromEntries(Object.entries(deps).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
  }
  return project;
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** What the official CLI remembers about a project folder: the bot it deploys to, its dev bot and tunnel. */
export interface ProjectCache {
  botId?: string;
  devId?: string;
  tunnelId?: string;
}

const cacheFile = (root: string) => path.join(root, '.botpress', 'project.cache.json');

export function readProjectCache(root: string): ProjectCache | undefined {
  const raw = readJson(cacheFile(root));
  if (!raw) return undefined;
  const out: ProjectCache = {};
  for (const k of ['botId', 'devId', 'tunnelId'] as const) if (typeof raw[k] === 'string') out[k] = raw[k] as string;
  return out;
}

/** Merges `patch` into the cache file, keeping every other key (the CLI keeps more there). */
export function writeProjectCache(root: string, patch: ProjectCache): void {
  const file = cacheFile(root);
  const next = { ...readJson(file), ...patch };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
  fs.renameSync(tmp, file);
}
