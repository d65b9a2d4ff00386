/** The `botpress-toolkit` command line: `validate` checks definition files with the editor's own core. */
import * as fs from 'node:fs';
import { cloudCommand } from './cli/cloud';
import { kbCommand } from './cli/kb';
import { testCommand } from './cli/test';
import { definitionFileKind, lineIndex, validateDefinition, type Problem, type Severity } from './core/definitions';
import { BadInput, findDefinitionFiles, isDefinitionFile, readDefinitionFile } from './core/definitions/files';
import { SdkEvaluator } from './sdk/evaluator';
import { sdkDefinitionKind } from './sdk/project';
import { AdkEvaluator } from './adk/evaluator';
import { AGENT_CONFIG, findAdkProjects } from './adk/project';
import * as path from 'node:path';

const USAGE = `usage: botpress-toolkit validate <files or folders…> [--format text|json]

Checks bot.definition.(yaml|yml|json) and integration.definition.(yaml|yml|json) files against the
official Botpress request schemas, and SDK definitions (bot.definition.ts, integration.definition.ts,
plugin.definition.ts), evaluated with the project's own @botpress/sdk, and ADK agents (a folder whose
agent.config.ts imports @botpress/runtime), evaluated with the project's own runtime. Folders are searched
for definition files and agents (node_modules, bp_modules, .botpress, .adk and .git are skipped). Nothing
is written.

  --format text   one problem a line: path:line:col: error|warning|info CODE message, then a summary
                  (default); a path that cannot be read: path: error cannot read: <reason>
                  and one summary line per ADK agent
  --format json   one JSON document with every file's problems; an agent's entry (its agent.config.ts)
                  carries agent: { name, primitives: [{ kind, name, file, line }] }

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage.

       botpress-toolkit test --help     conversation tests against a bot (see there)
       botpress-toolkit cloud --help    a local Botpress Cloud for CI: cloud start, cloud deploy (see there)
       botpress-toolkit kb --help       knowledge bases: sync a folder, retrieval tests (see there)`;

/** A file's problems; a problem about the path itself (cannot read it, a symlink skipped) has no code and no position. */
interface Report {
  path: string;
  /** An ADK agent's entry (its agent.config.ts): what its runtime made of it. */
  agent?: {
    name?: string;
    runtimeVersion?: string;
    evaluated?: false;
    primitives: { kind: string; name: string; file: string; line: number }[];
  };
  problems: (Pick<Problem, 'severity' | 'message'> &
    Partial<Pick<Problem, 'code'> & { line: number; column: number; endLine: number; endColumn: number }>)[];
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`botpress-toolkit: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    console.log(USAGE);
    return 0;
  }
  const [command, ...rest] = argv;
  if (command !== 'validate') throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  let format = 'text';
  const inputs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format') format = rest[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a.startsWith('-')) throw new UsageError(`unknown option "${a}"`);
    else inputs.push(a);
  }
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  if (!inputs.length) throw new UsageError('no files or folders given');

  let found: ReturnType<typeof findDefinitionFiles>;
  try {
    found = findDefinitionFiles(inputs, isDefinition);
  } catch (err) {
    if (err instanceof BadInput) throw new UsageError(err.message);
    throw err;
  }
  const { files, notes } = found;
  const agents = findAgents(inputs);
  if (!files.length && !notes.length && !agents.length) throw new UsageError(`no definition files found in ${inputs.join(', ')}`);

  const evaluator = new SdkEvaluator();
  const adk = new AdkEvaluator();
  let reports: Report[];
  try {
    reports = [
      ...notes.map((n): Report => ({ path: n.path, problems: [{ severity: n.severity, message: n.message }] })),
      ...(await Promise.all(files.map(async (f) => (sdkDefinitionKind(f) ? checkSdk(f, evaluator) : check(f))))),
      ...(await Promise.all(agents.map((root) => checkAgent(root, adk)))).flat(),
    ];
  } finally {
    evaluator.dispose();
    adk.dispose();
  }
  const all = reports.flatMap((r) => r.problems);
  const count = (severity: Severity) => all.filter((p) => p.severity === severity).length;
  const [errors, warnings, notices] = [count('error'), count('warning'), count('info')];
  if (format === 'json') {
    console.log(JSON.stringify({ files: reports, errors, warnings, ...(notices ? { notices } : {}) }, null, 2));
  } else {
    for (const r of reports) {
      if (r.agent) console.log(`${printable(r.path)}: ${printable(agentSummary(r.agent))}`);
      for (const p of r.problems) {
        const where = p.line === undefined ? '' : `:${p.line}:${p.column}`;
        console.log(`${printable(r.path)}${where}: ${p.severity}${p.code ? ` ${p.code}` : ''} ${printable(p.message)}`);
      }
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    console.log(
      `${plural(errors, 'error')}, ${plural(warnings, 'warning')}${notices ? `, ${plural(notices, 'notice')}` : ''} ` +
        `in ${plural(files.length, 'file')}${agents.length ? ` and ${plural(agents.length, 'agent')}` : ''}.`,
    );
  }
  return errors ? 1 : 0;
}

/** A YAML/JSON definition, or an SDK definition the validator evaluates (interfaces are not checked). */
const isDefinition = (file: string) => isDefinitionFile(file) || (sdkDefinitionKind(file) ?? 'interface') !== 'interface';

/**
 * Text as one line of a terminal: control characters, line and paragraph separators escaped, so
 * nothing read from a file (a key, a value, a file name) can start a line of its own or move the cursor.
 */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Why a file could not be read, as its one problem (not UTF-8 is a syntax error at its start). */
function unreadable(file: string, read: { error: string; code?: Problem['code'] }): Report {
  return {
    path: file,
    problems: [
      { severity: 'error', message: read.error, ...(read.code ? { code: read.code, line: 1, column: 1, endLine: 1, endColumn: 1 } : {}) },
    ],
  };
}

function check(file: string): Report {
  const kind = definitionFileKind(file)!.kind;
  const read = readDefinitionFile(file);
  if ('error' in read) return unreadable(file, read);
  const { text } = read;
  const { problems } = validateDefinition(text, {
    kind,
    fileName: file,
    fileExists: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
  });
  return report(file, text, problems);
}

/** An SDK definition, evaluated in a child process with the project's own SDK. */
async function checkSdk(file: string, evaluator: SdkEvaluator): Promise<Report> {
  const read = readDefinitionFile(file);
  if ('error' in read) return unreadable(file, read);
  const { text } = read;
  const { problems } = await evaluator.evaluate(file, { text });
  return report(file, text, problems);
}

/** The ADK agents the inputs name: folders searched, an agent.config.ts taken as its folder. */
function findAgents(inputs: string[]): string[] {
  const roots = new Set<string>();
  for (const input of inputs) {
    const stat = fs.statSync(input, { throwIfNoEntry: false });
    const dir = stat?.isDirectory() ? input : stat?.isFile() && path.basename(input) === AGENT_CONFIG ? path.dirname(input) : undefined;
    if (dir) for (const p of findAdkProjects(dir)) roots.add(p.root);
  }
  return [...roots].sort();
}

/** An agent: its entry (agent.config.ts, with the outline), then one entry per other file with problems. */
async function checkAgent(root: string, evaluator: AdkEvaluator): Promise<Report[]> {
  const e = await evaluator.evaluate(root);
  const config = e.project.configFile;
  const byFile = new Map<string, Problem[]>([[config, []]]);
  for (const { file, problem } of e.problems) byFile.set(file, [...(byFile.get(file) ?? []), problem]);
  return [...byFile].map(([file, problems]) => {
    const r = report(file, e.texts?.get(file) ?? '', problems);
    if (file !== config) return r;
    return {
      path: r.path,
      agent: {
        ...(e.outline?.name ? { name: e.outline.name } : {}),
        ...(e.outline?.runtimeVersion ? { runtimeVersion: e.outline.runtimeVersion } : {}),
        ...(e.outline ? {} : { evaluated: false as const }),
        primitives: (e.outline?.primitives ?? []).map((p) => ({
          kind: p.kind,
          name: p.name,
          file: path.relative(root, p.file).split(path.sep).join('/'),
          line: p.line,
        })),
      },
      problems: r.problems,
    };
  });
}

/** One line about an agent: its name and how many primitives of each kind. */
function agentSummary(agent: NonNullable<Report['agent']>): string {
  const counts = new Map<string, number>();
  for (const p of agent.primitives) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  if (agent.evaluated === false) return 'agent not evaluated: see its problems';
  const kinds = [...counts].map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`).join(', ') || 'no primitives';
  return `agent ${agent.name ?? '(unnamed)'}: ${kinds}${agent.runtimeVersion ? ` (@botpress/runtime ${agent.runtimeVersion})` : ''}`;
}

function report(file: string, text: string, problems: Problem[]): Report {
  const lines = lineIndex(text);
  return {
    path: file,
    problems: problems.map((p) => {
      const start = lines.position(p.start);
      const end = lines.position(p.end);
      return {
        code: p.code,
        severity: p.severity,
        message: p.message,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
      };
    }),
  };
}

const args = process.argv.slice(2);
const commands: Record<string, (argv: string[]) => Promise<number>> = { test: testCommand, cloud: cloudCommand, kb: kbCommand };
void (commands[args[0]] ?? main)(commands[args[0]] ? args.slice(1) : args).then((code) => (process.exitCode = code));
