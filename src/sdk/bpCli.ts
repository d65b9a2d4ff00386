/**
 * The official `bp` command line (`@botpress/cli`) as the toolkit runs it for an SDK project: which
 * executable, which arguments, and what its output lines mean. Written against @botpress/cli 7.1.2:
 * its logger prints `<symbol> <message>` lines (`○` started, `✓` success, `⚠` warning, `×` error on
 * stderr; `✖` for `×` on macOS), and esbuild failures arrive inside an error's message as
 * `file:line:col: ERROR: text` lines, paths relative to the project folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BP_CLI_VERSION = '7.1.2';

export const bpCommands = ['build', 'gen', 'deploy', 'dev', 'add'] as const;
export type BpCommand = (typeof bpCommands)[number];

export const bpCommandDescriptions: Record<BpCommand, string> = {
  build: 'Generate typings and bundle the project',
  gen: 'Generate the typings in .botpress/',
  deploy: 'Deploy the project to Botpress Cloud',
  dev: 'Run the project as a dev bot or integration, rebuilt on change',
  add: 'Install an integration, interface or plugin into bp_modules/',
};

/** The command line after `bp`: credentials never appear here (they travel in BP_* variables). */
export function bpArgs(command: BpCommand, options: { package?: string; args?: readonly string[] } = {}): string[] {
  const args: string[] = [command];
  if (command === 'add') {
    if (!options.package?.trim()) throw new Error('bp add needs the package to install (for example "telegram" or "telegram@1.0.0").');
    args.push(options.package.trim());
  }
  return [...args, ...(options.args ?? [])];
}

/**
 * Options of the official CLI (packages/cli/src/config.ts) that would send the account's token elsewhere,
 * put a credential on the command line (visible in `ps`, shell history, tasks.json) or move the project:
 * by name in any spelling yargs accepts (`--apiUrl`, `--api-url`, `--apiUrl=…`, `--no-…`), and `-p`, the
 * alias of `--profile`, alone or in a group of short flags (`-yp`).
 */
const FORBIDDEN_OPTIONS = new Set(['apiurl', 'token', 'workspaceid', 'profile', 'botpresshome', 'workdir']);
const FORBIDDEN_SHORT = new Set(['p']);

/** The forbidden option an argument names, if any. */
export function credentialFlag(args: readonly string[]): string | undefined {
  return args.find((a) => {
    if (typeof a !== 'string') return false;
    const long = /^--(?:no-)?([^=.]+)/.exec(a);
    if (long) return FORBIDDEN_OPTIONS.has(long[1].replace(/[-_]/g, '').toLowerCase());
    const short = /^-([^-=][^=]*)/.exec(a);
    return !!short && [...short[1]].some((c) => FORBIDDEN_SHORT.has(c));
  });
}

/** What a `bp` task definition (tasks.json, or a caller) may hold: `undefined` when it may run, else why not. */
export function checkBpTask(definition: { command?: unknown; project?: unknown; package?: unknown; args?: unknown }): string | undefined {
  const { command, project, package: pkg, args } = definition;
  if (!bpCommands.includes(command as BpCommand)) return `"command" must be one of ${bpCommands.join(', ')}.`;
  if (project !== undefined) {
    if (typeof project !== 'string') return '"project" must be a folder path (a string).';
    if (project.startsWith('-')) return `"project" must be a folder, not an option ("${project}").`;
  }
  if (pkg !== undefined) {
    if (typeof pkg !== 'string') return '"package" must be a package name (a string).';
    const name = pkg.trim();
    if (name.startsWith('-')) return `"package" must name a package, not an option ("${name}").`;
    if (/[\s\x00-\x1f\x7f]/.test(name)) return `"package" must be one name, without spaces or control characters ("${name}").`;
  }
  if (args !== undefined && (!Array.isArray(args) || args.some((a) => typeof a !== 'string'))) return '"args" must be a list of strings.';
  const flag = credentialFlag([...((args as string[] | undefined) ?? []), ...(typeof pkg === 'string' ? [pkg.trim()] : [])]);
  if (flag)
    return (
      `"${flag}" is not accepted: the account, workspace and project come from the signed-in Botpress account and the task's ` +
      'folder, never from the command line or tasks.json.'
    );
  return undefined;
}

/**
 * A command line for `cmd.exe` (Windows runs `bp.cmd` through it): every argument quoted and its
 * metacharacters escaped, so that none of them (`&`, `|`, `%`, `^`, quotes…) is read by the shell. A
 * batch file reads its arguments through cmd once more, hence the second escape.
 */
export function windowsCommandLine(file: string, args: readonly string[]): string {
  const meta = /([()\][%!^"`<>&|;, *?])/g;
  const quote = (arg: string) => {
    const quoted = `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`;
    return quoted.replace(meta, '^$1').replace(meta, '^$1');
  };
  return [file.replace(meta, '^$1'), ...args.map(quote)].join(' ');
}

/**
 * The process that runs `bp gen` in a project (what deploy offers when `.botpress/` is missing or stale):
 * the project's own CLI and its arguments, run as a process, never typed into a shell.
 */
export function bpGenProcess(root: string, platform: NodeJS.Platform = process.platform): { file: string; args: string[] } | undefined {
  const local = path.join(root, 'node_modules', '.bin', platform === 'win32' ? 'bp.cmd' : 'bp');
  return fs.existsSync(local) ? { file: local, args: ['gen'] } : undefined;
}

/**
 * The project's own `bp` (`node_modules/.bin/bp` in its folder or a parent, as npm, pnpm and yarn
 * workspaces install it), else one on PATH.
 */
export function findBp(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const names = platform === 'win32' ? ['bp.cmd', 'bp.exe', 'bp'] : ['bp'];
  const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    for (const name of names) {
      const candidate = path.join(dir, 'node_modules', '.bin', name);
      if (isFile(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) break;
  }
  const pathVar = env.PATH ?? env.Path ?? '';
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

export const BP_INSTALL_COMMAND = 'npm install --save-dev @botpress/cli';

/**
 * Line patterns. The problem matchers contributed in package.json (`bp-esbuild`, `bp-dev`) carry the
 * same regular expressions (a unit test holds them equal).
 */
export const outputPatterns = {
  /** esbuild's failure lines: `src/index.ts:4:17: ERROR: Could not resolve "./handlers"` (a plugin's name may follow ERROR:). */
  esbuild: /^([^\s×✖].*?):(\d+):(\d+): ERROR: (?:\[plugin: [^\]]+\] )?(.*)$/,
  /** The CLI's error line: `× Could not deploy bot: …` (`✖` on macOS). */
  error: /^\s*[×✖] (.+)$/,
  /** `bp dev` after each deploy: `✓ Dev Bot deployed with id "…" at "…"` (also `Dev Integration`). */
  devDeployed: /Dev (Bot|Integration) deployed with id "([^"]+)"/,
  /** `bp dev` begins a cycle when a source file changes. */
  devBegins: /^Changes detected, rebuilding$/,
  /** …and ends it deployed, unchanged, or failed. */
  devEnds: /Dev (Bot|Integration) deployed with id|Skipping deployment step|^\s*[×✖] /,
} as const;

export type OutputEvent =
  | { kind: 'esbuild'; file: string; line: number; column: number; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'devDeployed'; what: 'bot' | 'integration'; id: string }
  | { kind: 'devBegins' };

// CSI sequences (colours, cursor moves, line clears) and OSC sequences.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
export const stripAnsi = (text: string) => text.replace(ANSI, '');

/** What one output line (colours allowed) says, if anything the toolkit acts on. */
export function parseLine(raw: string): OutputEvent | undefined {
  const line = stripAnsi(raw).replace(/\r$/, '');
  let m = outputPatterns.esbuild.exec(line);
  if (m) return { kind: 'esbuild', file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[4] };
  m = outputPatterns.devDeployed.exec(line);
  if (m) return { kind: 'devDeployed', what: m[1] === 'Bot' ? 'bot' : 'integration', id: m[2] };
  if (outputPatterns.devBegins.test(line)) return { kind: 'devBegins' };
  m = outputPatterns.error.exec(line);
  if (m) return { kind: 'error', message: m[1].trim() };
  return undefined;
}

/**
 * A compiler line naming a file relative to the project (esbuild `file:line:col: …`, tsc
 * `file(line,col): …` or `file:line:col - …`) rewritten relative to the workspace folder, so that the
 * problem matchers (which resolve against the folder) and the terminal's links find the file when the
 * project sits in a subfolder. Other lines are returned unchanged.
 */
export function relocateLine(line: string, projectFromFolder: string): string {
  if (!projectFromFolder || projectFromFolder === '.') return line;
  const m = /^([^\s×✖/\\][^:(]*?)(:\d+:\d+: |\(\d+,\d+\): |:\d+:\d+ - )/.exec(line);
  if (!m || path.isAbsolute(m[1]) || m[1].startsWith('..')) return line;
  return `${path.posix.join(projectFromFolder.split(path.sep).join('/'), m[1])}${line.slice(m[1].length)}`;
}
