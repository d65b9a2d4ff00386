/** `botpress-toolkit test`: runs conversation tests (Botium's `*.convo.txt`) against a bot over the Chat API. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChatClient } from '../api/chat';
import { ApiError, describeError, InsecureUrlError } from '../api/errors';
import { HttpClient } from '../api/http';
import {
  buildSuite,
  convoFileKind,
  errorsOf,
  runTests,
  type ConvoProblem,
  type ConvoTest,
  type Suite,
  type SuiteFile,
  type TestResult,
} from '../core/convo';
import { filesUnder, parseArgs, UsageError } from './args';

export const TEST_USAGE = `usage: botpress-toolkit test <files or folders…> --chat-url <url> [options]
       botpress-toolkit test <files or folders…> --list [--format text|json]

Runs conversation tests written in Botium's text format (*.convo.txt, with *.pconvo.txt partial convos
and *.utterances.txt utterance lists) against a bot, over the Chat API of its chat integration. Folders
are searched (node_modules and .git skipped); a file brings the partial convos and utterance lists of
its folder with it.

  --chat-url <url>     the bot's Chat API: https://chat.botpress.cloud/<webhookId>
  --concurrency <n>    tests run at once (default 4)
  --timeout <seconds>  how long each #bot step waits for the bot (default 10)
  --junit <file>       also write a JUnit XML report
  --list               parse and list the tests without running them (no --chat-url needed)
  --format text|json   with --list: one test a line, or every test's turns as JSON

Output: one line per test, "ok" or "not ok" with its file (and for a failure, the line, what was
expected and what the bot said), then "N passed, N failed".
Exit status: 0 all passed, 1 a test failed or a file is malformed, 2 bad usage or the bot unreachable.`;

interface Options {
  inputs: string[];
  chatUrl?: string;
  concurrency: number;
  timeoutMs: number;
  junit?: string;
  list: boolean;
  format: 'text' | 'json';
}

/** Runs the subcommand with the arguments after `test`; resolves to the exit status. */
export async function testCommand(
  argv: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  let options: Options;
  let suite: Suite;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      out(TEST_USAGE);
      return 0;
    }
    options = parseOptions(argv);
    suite = buildSuite(readSuite(options.inputs));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`botpress-toolkit: ${e.message}\n\n${TEST_USAGE}`);
    return 2;
  }
  const problems = [...suite.problems, ...suite.entries.flatMap((e) => e.problems)];
  if (options.list) return list(suite, problems, options.format, out, err);

  const http = new HttpClient();
  try {
    let chat: ChatClient;
    try {
      chat = chatClient(options.chatUrl!, http);
      await chat.createUser({});
    } catch (e) {
      const webhookHint = e instanceof ApiError && e.status === 404 ? ' (is the webhook id that of the bot’s chat integration?)' : '';
      err(`botpress-toolkit: cannot reach the bot at ${options.chatUrl}: ${describeError(e)}${webhookHint}`);
      return 2;
    }
    return await run(suite, chat, options, out);
  } finally {
    await http.close();
  }
}

function parseOptions(argv: string[]): Options {
  const args = parseArgs(argv, ['--chat-url', '--concurrency', '--timeout', '--junit', '--format'], ['--list']);
  const count = (flag: string, max: number, otherwise: number) => {
    const v = args.value(flag);
    if (v === undefined) return otherwise;
    if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0 || Number(v) > max)
      throw new UsageError(`${flag} must be a number from 1 to ${max}, not "${v}"`);
    return Number(v);
  };
  const format = args.value('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const options: Options = {
    inputs: args.positional,
    chatUrl: args.value('--chat-url'),
    concurrency: Math.floor(count('--concurrency', 256, 4)),
    timeoutMs: count('--timeout', 3600, 10) * 1000,
    junit: args.value('--junit'),
    list: args.has('--list'),
    format,
  };
  if (!options.inputs.length) throw new UsageError('no files or folders given');
  if (!options.list && !options.chatUrl) throw new UsageError('--chat-url is required to run tests (or --list to only parse them)');
  if (options.list && (options.chatUrl || options.junit)) throw new UsageError('--list only parses: it takes no --chat-url or --junit');
  if (!options.list && options.format === 'json') throw new UsageError('--format json goes with --list');
  return options;
}

/** `https://chat.botpress.cloud/<webhookId>` → a Chat API client for that webhook. */
function chatClient(url: string, http: HttpClient): ChatClient {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InsecureUrlError(url);
  }
  const segments = parsed.pathname.split('/').filter(Boolean);
  const webhookId = segments.pop();
  if (!webhookId) throw new Error('the URL must end with the webhook id of the bot’s chat integration');
  parsed.pathname = segments.join('/');
  return new ChatClient({
    webhookId: decodeURIComponent(webhookId),
    chatApiUrl: `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname}`,
    http,
  });
}

/** The suite's files: each folder searched, each file given with its folder's partial convos and utterance lists. */
function readSuite(inputs: string[]): SuiteFile[] {
  const files = new Map<string, SuiteFile>();
  const add = (file: string) => {
    const key = path.resolve(file);
    if (files.has(key)) return;
    try {
      files.set(key, { file, text: new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file)) });
    } catch {
      files.set(key, { file, text: '', unreadable: 'The file is not valid UTF-8 text.' });
    }
  };
  for (const input of inputs) {
    const stat = fs.statSync(input, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`${input}: no such file or folder`);
    if (stat.isDirectory()) {
      const found = filesUnder(input, (name) => !!convoFileKind(name));
      if (!found.some((f) => convoFileKind(f) === 'convo')) throw new UsageError(`no *.convo.txt files found in ${input}`);
      found.forEach(add);
    } else if (convoFileKind(input) === 'convo') {
      add(input);
      const dir = path.dirname(input);
      for (const name of fs.readdirSync(dir).sort()) {
        const kind = convoFileKind(name);
        if (kind === 'partial' || kind === 'utterances') add(path.join(dir, name));
      }
    } else if (convoFileKind(input)) {
      add(input);
    } else {
      throw new UsageError(`${input}: not a conversation test (*.convo.txt, *.pconvo.txt or *.utterances.txt)`);
    }
  }
  return [...files.values()];
}

const where = (p: { file: string; line: number }) => `${p.file}:${p.line}`;

function list(
  suite: Suite,
  problems: ConvoProblem[],
  format: 'text' | 'json',
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  if (format === 'json') {
    out(JSON.stringify({ tests: suite.tests.map(testJson), problems }, null, 2));
  } else {
    for (const test of suite.tests)
      out(`${test.name} (${test.file}, ${test.steps.filter((s) => s.sender === 'me' || s.sender === 'bot').length} turns)`);
    for (const p of problems) err(`${where(p)}: ${p.severity ? `${p.severity}: ` : ''}${p.message}`);
    const errors = errorsOf(problems).length;
    const warnings = problems.length - errors;
    out(
      `${suite.tests.length} test${suite.tests.length === 1 ? '' : 's'}, ${errors} problem${errors === 1 ? '' : 's'}` +
        (warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''),
    );
  }
  return errorsOf(problems).length ? 1 : 0;
}

function testJson(test: ConvoTest) {
  return {
    name: test.name,
    file: test.file,
    line: test.line,
    turns: test.steps.map((s) => ({
      sender: s.sender,
      line: s.line,
      ...(s.file !== test.file ? { file: s.file } : {}),
      ...(s.text !== undefined ? { text: s.text } : {}),
      ...(s.data !== undefined ? { data: s.data } : {}),
      ...(s.utterances ? { utterances: s.utterances } : {}),
      not: s.not,
      optional: s.optional,
      asserters: s.asserters.map(({ name, args, not, optional, line }) => ({ name, args, not, optional, line })),
      inputs: s.inputs.map(({ name, args, line }) => ({ name, args, line })),
      hooks: s.hooks.map(({ name, args, line }) => ({ name, args, line })),
    })),
  };
}

async function run(suite: Suite, chat: ChatClient, options: Options, out: (line: string) => void): Promise<number> {
  const started = Date.now();
  // Malformed files fail without running; the rest print in the suite's order as they finish.
  // Warnings do not stop a file: they are said first, as comments.
  for (const p of [...suite.problems, ...suite.entries.flatMap((e) => e.problems)].filter((p) => p.severity === 'warning'))
    out(`# warning ${where(p)}: ${p.message}`);
  const malformed = suite.entries.map((e) => ({ ...e, problems: errorsOf(e.problems) })).filter((e) => e.problems.length);
  for (const e of malformed)
    out(`not ok - ${e.name} (${e.file}:${e.problems[0]!.line}): ${e.problems.map((p) => `${where(p)}: ${p.message}`).join('; ')}`);
  const broken = errorsOf(suite.problems);
  for (const p of broken) out(`not ok - ${p.file} (${where(p)}): ${p.message}`);
  const done = new Map<number, TestResult>();
  let printed = 0;
  const index = new Map(suite.tests.map((t, i) => [t, i]));
  const results = await runTests(suite.tests, chat, { concurrency: options.concurrency, turnTimeoutMs: options.timeoutMs }, (result) => {
    done.set(index.get(result.test)!, result);
    while (done.has(printed)) out(resultLine(done.get(printed++)!));
  });
  const failed = results.filter((r) => r.status !== 'passed').length + malformed.length + broken.length;
  const passed = results.length - results.filter((r) => r.status !== 'passed').length;
  if (options.junit) fs.writeFileSync(options.junit, junit(results, malformed, (Date.now() - started) / 1000));
  out(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

function resultLine(r: TestResult): string {
  if (r.status === 'passed') return `ok - ${r.test.name} (${r.test.file})`;
  const f = r.failure;
  if (!f) return `not ok - ${r.test.name} (${r.test.file}): ${r.status}`;
  if (r.status === 'errored') return `not ok - ${r.test.name} (${where(f)}): ${describeError(r.error)}`;
  const detail =
    f.expected !== undefined
      ? `expected ${JSON.stringify(f.expected)}, actual ${JSON.stringify(f.actual ?? '')}`
      : f.message.split('\n')[0];
  return `not ok - ${r.test.name} (${where(f)}): ${detail}`;
}

/**
 * Text for an XML 1.0 attribute or element: markup escaped, and every character XML 1.0 forbids dropped
 * (controls but tab and line ends, U+FFFE, U+FFFF, and UTF-16 surrogates not in a pair).
 */
export const xml = (s: string) =>
  s
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');

/** A JUnit report: one suite, a test case per test (class name: its file), failures with expected and actual. */
export function junit(results: TestResult[], malformed: Suite['entries'], seconds: number): string {
  const cases = results.map((r) => {
    const head = `<testcase name="${xml(r.test.name)}" classname="${xml(r.test.file)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    if (r.status === 'passed') return `  ${head}/>`;
    const f = r.failure;
    const kind = r.status === 'failed' ? 'failure' : 'error';
    const body = f
      ? [f.message, ...(f.expected !== undefined ? [`expected:\n${f.expected}`, `actual:\n${f.actual ?? ''}`] : []), `at ${where(f)}`].join(
          '\n\n',
        )
      : r.status;
    return `  ${head}>\n    <${kind} message="${xml(f?.message.split('\n')[0] ?? r.status)}">${xml(body)}</${kind}>\n  </testcase>`;
  });
  for (const e of malformed) {
    const message = e.problems.map((p) => `${where(p)}: ${p.message}`).join('\n');
    cases.push(
      `  <testcase name="${xml(e.name)}" classname="${xml(e.file)}" time="0">\n` +
        `    <error message="${xml(e.problems[0]!.message)}">${xml(message)}</error>\n` +
        `  </testcase>`,
    );
  }
  const failures = results.filter((r) => r.status === 'failed').length;
  const errors = results.filter((r) => r.status !== 'failed' && r.status !== 'passed').length + malformed.length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}" time="${seconds.toFixed(3)}"`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites ${counts}>\n` +
    `<testsuite name="conversation tests" ${counts}>\n` +
    `${cases.join('\n')}\n` +
    `</testsuite>\n` +
    `</testsuites>\n`
  );
}
