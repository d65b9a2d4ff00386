// A bot's runtime issues (listBotIssues, getBotIssue, listBotIssueEvents) as the editor shows them: the issue as a
// readable document, the source lines its stacks name, and the bot JSON in a stable form. No `vscode` here.

/** A value of an issue's `groupedData` or an event's `data`. */
export type IssueValue = { raw: string; pretty?: string };
export interface IssueLike {
  id: string;
  code: string;
  title: string;
  description: string;
  category: string;
  createdAt: string;
  lastSeenAt: string;
  eventsCount: number;
  resolutionLink?: string | null;
  groupedData: Record<string, IssueValue>;
}
export interface IssueEventLike {
  id: string;
  createdAt: string;
  data: Record<string, IssueValue>;
}

const shown = (v: IssueValue) => v.pretty ?? v.raw;
const values = (data: Record<string, IssueValue>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, shown(v)]));

/**
 * The document of an issue: its facts first, then its grouped data, then its events newest first, each with
 * its data flattened (`conversationId`, `userId`, `stack`…), what a reader scans for.
 */
export function issueDocument(issue: IssueLike, events: IssueEventLike[]): Record<string, unknown> {
  return {
    title: issue.title,
    category: issue.category,
    code: issue.code,
    description: issue.description,
    resolutionLink: issue.resolutionLink ?? null,
    eventsCount: issue.eventsCount,
    firstSeen: issue.createdAt,
    lastSeen: issue.lastSeenAt,
    id: issue.id,
    groupedData: values(issue.groupedData),
    events: [...events]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((e) => ({ at: e.createdAt, id: e.id, ...values(e.data) })),
  };
}

/** A source location a stack names: `at fn (/var/task/src/index.ts:4:9)` or `at /path/file.js:10:2`. */
export interface StackFrame {
  path: string;
  /** 1-based, as stacks print them. */
  line: number;
  column: number;
}

/** The frames of a stack that name a file, outermost last; node's own (`node:…`) left out. */
export function stackFrames(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const m of stack.matchAll(/^\s*at (?:.*? \()?((?:[A-Za-z]:)?[^():\s][^():]*):(\d+):(\d+)\)?\s*$/gm)) {
    if (m[1].startsWith('node:') || m[1].startsWith('internal/')) continue;
    frames.push({ path: m[1], line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

/**
 * The path, inside a project, of a file a deployed bot's stack names: the Cloud runs the bundle from `/var/task`,
 * and a bundle with source maps names its sources relative to it (`/var/task/src/index.ts`); a local path inside
 * the project is taken as it is. Undefined for anything else (the SDK's own files, node_modules).
 */
export function projectRelative(framePath: string, projectRoot: string): string | undefined {
  const posix = framePath.replace(/\\/g, '/');
  const root = projectRoot.replace(/\\/g, '/').replace(/\/$/, '');
  let relative: string | undefined;
  if (posix.startsWith('/var/task/')) relative = posix.slice('/var/task/'.length).replace(/^(\.\.\/)+/, '');
  else if (posix.startsWith(`${root}/`)) relative = posix.slice(root.length + 1);
  if (!relative || /(^|\/)(node_modules|\.botpress|bp_modules)\//.test(relative) || relative.endsWith('.cjs')) return undefined;
  return relative;
}

/** Every key of every object in `value`, sorted: the same JSON always prints the same, whatever order it came in. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/** A bot JSON as a file keeps it: keys sorted, two-space indents, a final newline (git diffs show real changes only). */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
