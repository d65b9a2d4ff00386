/** The `botpress-toolkit` command line: `validate` checks definition files with the editor's own core. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { testCommand } from './cli/test';
import { definitionFileKind, lineIndex, validateDefinition, type Problem } from './core/definitions';
import { SdkEvaluator } from './sdk/evaluator';
import { sdkDefinitionKind } from './sdk/project';

const USAGE = `usage: botpress-toolkit validate <files or folders…> [--format text|json]

Checks bot.definition.(yaml|yml|json) and integration.definition.(yaml|yml|json) files against the
official Botpress request schemas, and SDK definitions (bot.definition.ts, integration.definition.ts,
plugin.definition.ts), evaluated with the project's own @botpress/sdk. Folders are searched for
definition files (node_modules, bp_modules, .botpress and .git are skipped). Nothing is written.

  --format text   one problem a line: path:line:col: error|warning CODE message, then a summary (default)
  --format json   one JSON document with every file's problems

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage.

       botpress-toolkit test --help     conversation tests against a bot (see there)`;

interface Report {
  path: string;
  problems: (Pick<Problem, 'code' | 'severity' | 'message'> & { line: number; column: number; endLine: number; endColumn: number })[];
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

  const files: string[] = [];
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      throw new UsageError(`${input}: no such file or folder`);
    }
    if (stat.isDirectory()) files.push(...findDefinitions(input));
    else if (isDefinition(input)) files.push(input);
    else throw new UsageError(`${input}: not a definition file (bot.definition.*, integration.definition.* or plugin.definition.ts)`);
  }
  if (!files.length) throw new UsageError(`no definition files found in ${inputs.join(', ')}`);

  const evaluator = new SdkEvaluator();
  let reports: Report[];
  try {
    reports = await Promise.all(files.map((f) => (sdkDefinitionKind(f) ? checkSdk(f, evaluator) : check(f))));
  } finally {
    evaluator.dispose();
  }
  const all = reports.flatMap((r) => r.problems);
  const errors = all.filter((p) => p.severity === 'error').length;
  const warnings = all.length - errors;
  if (format === 'json') {
    console.log(JSON.stringify({ files: reports, errors, warnings }, null, 2));
  } else {
    for (const r of reports) {
      for (const p of r.problems) console.log(`${r.path}:${p.line}:${p.column}: ${p.severity} ${p.code} ${p.message}`);
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    console.log(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files.length, 'file')}.`);
  }
  return errors ? 1 : 0;
}

/** Folders never searched: installed packages, what `bp add` and `bp gen` write, version control. */
const SKIPPED = new Set(['node_modules', 'bp_modules', '.botpress', '.git']);

/** A YAML/JSON definition, or an SDK definition the validator evaluates (interfaces are not checked). */
const isDefinition = (file: string) => !!definitionFileKind(file) || (sdkDefinitionKind(file) ?? 'interface') !== 'interface';

/** Definition files under a folder, in a stable order, each path starting with the folder as given; node_modules and .git are skipped. */
function findDefinitions(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = `${dir}${path.sep}${e.name}`;
      if (e.isDirectory()) {
        if (!SKIPPED.has(e.name)) walk(child);
      } else if (e.isFile() && isDefinition(e.name)) out.push(child);
    }
  };
  walk(folder.length > 1 ? folder.replace(/[\\/]+$/, '') : folder);
  return out;
}

function check(file: string): Report {
  const kind = definitionFileKind(file)!.kind;
  const bytes = fs.readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { path: file, problems: [{ code: 'BP101', severity: 'error', message: 'The file is not valid UTF-8 text.', line: 1, column: 1, endLine: 1, endColumn: 1 }] };
  }
  const { problems } = validateDefinition(text, {
    kind,
    fileName: file,
    fileExists: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
  });
  return report(file, text, problems);
}

/** An SDK definition, evaluated in a child process with the project's own SDK. */
async function checkSdk(file: string, evaluator: SdkEvaluator): Promise<Report> {
  const text = fs.readFileSync(file, 'utf8');
  const { problems } = await evaluator.evaluate(file, { text });
  return report(file, text, problems);
}

function report(file: string, text: string, problems: Problem[]): Report {
  const lines = lineIndex(text);
  return {
    path: file,
    problems: problems.map((p) => {
      const start = lines.position(p.start);
      const end = lines.position(p.end);
      return { code: p.code, severity: p.severity, message: p.message, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
    }),
  };
}

const args = process.argv.slice(2);
void (args[0] === 'test' ? testCommand(args.slice(1)) : main(args)).then((code) => (process.exitCode = code));
