/**
 * Botium's text convo format, read line by line as Botium's own compiler reads it:
 *
 *   Test name                  first line (unless the file starts with a section tag)
 *   more lines                 description, up to the first tag
 *   #me                        the user says the text below (or BUTTON payload|text, MEDIA url)
 *   hello
 *   #bot                       the bot's next message: its text matches (ignoring case, `*` any text)
 *   Hi *                       and asserter lines check the rest: BUTTONS a|b, MEDIA url, CARDS title
 *   !BUTTONS Cancel            `!` negates a line, `?` makes the step optional
 *   #include Greeting          steps of a partial convo (`*.pconvo.txt`, named by its first line)
 *   #begin / #end              logic hooks before the first and after the last turn (PAUSE 500)
 *
 * A line is an asserter, user input or logic hook when its first word is one Botium defines; anything
 * else is text. A `#word` that is not a section tag is text too. Every problem names its 1-based line.
 */
import {
  SUPPORTED_ASSERTERS,
  SUPPORTED_HOOKS,
  SUPPORTED_INPUTS,
  UNSUPPORTED_ASSERTERS,
  UNSUPPORTED_HOOKS,
  UNSUPPORTED_INPUTS,
  type Check,
  type ConvoDocument,
  type ConvoProblem,
  type Hook,
  type Sender,
  type Step,
  type UtteranceList,
} from './model';
import { compileTextRegexp } from './regexp';

const SENDERS = new Set(['me', 'bot', 'begin', 'end', 'include']);
const asserters = new Set<string>(SUPPORTED_ASSERTERS);
const allAsserters = new Set<string>([...SUPPORTED_ASSERTERS, ...UNSUPPORTED_ASSERTERS]);
const hooks = new Set<string>(SUPPORTED_HOOKS);
const allHooks = new Set<string>([...SUPPORTED_HOOKS, ...UNSUPPORTED_HOOKS]);
const inputs = new Set<string>(SUPPORTED_INPUTS);
const allInputs = new Set<string>([...SUPPORTED_INPUTS, ...UNSUPPORTED_INPUTS]);

export interface Parsed<T> {
  readonly value?: T;
  readonly problems: ConvoProblem[];
}

/** Lines of a file, whatever its line ends. */
export const splitLines = (text: string): string[] => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);

/** Botium's trimExceptSpaceEnd: trailing newlines and tabs go, trailing spaces stay. */
const trimEnd = (s: string) => s.replace(/[\n\t\r]+$/, '');

/** Arguments after an asserter's name: split on `|` (`\|` keeps one), each trimmed. */
export function parseArgs(rest: string): string[] {
  if (!rest.length) return [];
  return rest
    .replace(/\\\|/g, '\u0000')
    .split('|')
    .map((s) => s.replace(/\u0000/g, '|').trim());
}

/** Formats arguments the way parseArgs reads them back. */
export function formatArgs(args: readonly string[]): string {
  return args.length ? ` ${args.map((a) => a.replace(/\|/g, '\\|')).join('|')}` : '';
}

/** The tag of a section line (`#bot`, `#include Greeting`), or undefined for text. */
function sectionTag(line: string): { sender: string; channel?: string } | undefined {
  if (!line.startsWith('#')) return undefined;
  const sender = line.slice(1).split(' ')[0]!;
  if (!SENDERS.has(sender)) return undefined;
  const channel = line.slice(1 + sender.length).trim();
  return { sender, channel: channel || undefined };
}

/** One file of a suite: a convo (`.convo.txt`) or a partial convo (`.pconvo.txt`). */
export function parseConvo(text: string, file: string, fallbackName = nameFromFile(file)): Parsed<ConvoDocument> {
  const problems: ConvoProblem[] = [];
  const problem = (line: number, message: string, severity?: 'warning') =>
    problems.push({ file, line, message, ...(severity && { severity }) });
  const warn = (line: number, message: string) => problem(line, message, 'warning');
  const lines = splitLines(text);
  const header: string[] = [];
  const steps: Step[] = [];
  let section: { sender: string; channel?: string; line: number; body: { text: string; line: number }[] } | undefined;

  const close = () => {
    if (!section) return;
    if (section.sender === 'include') {
      const names = [section.channel, ...section.body.map((l) => l.text.trim())].filter((n): n is string => !!n);
      if (!names.length)
        warn(section.line, '#include names no partial convo (Botium ignores it): write "#include <name>" or the names on the lines below.');
      steps.push(includeStep(section.line, names, file));
    } else {
      steps.push(parseSection(section.sender as Sender, section.line, section.body, file, problem, warn));
    }
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const tag = sectionTag(raw);
    if (tag) {
      close();
      section = { ...tag, line: lineNo, body: [] };
    } else if (section) {
      section.body.push({ text: raw, line: lineNo });
    } else {
      header.push(raw);
    }
  });
  close();

  // Botium: the first line names the test, as it is; none (or an empty one): the file's name, suffix included.
  const name = header[0] || fallbackName;
  const description = header.slice(1).join('\n').trim() || undefined;
  if (!steps.some((s) => s.sender === 'me' || s.sender === 'bot' || s.hooks.some((h) => h.name === 'INCLUDE'))) {
    warn(
      Math.max(1, lines.length - (lines.at(-1) === '' ? 1 : 0)),
      'No #me or #bot section: as in Botium, this is an empty conversation, which passes without talking to the bot.',
    );
  }
  return { value: { file, name, nameLine: 1, description, steps }, problems };
}

/** A file's name, suffix included (`smalltalk.convo.txt`): as Botium, the test's name when the file has no name line. */
export function nameFromFile(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** The placeholder step of an `#include` section; the suite replaces it with the partial convos' steps. */
function includeStep(line: number, names: string[], file: string): Step {
  return {
    sender: 'begin',
    line,
    not: false,
    optional: false,
    asserters: [],
    inputs: [],
    hooks: names.map((name) => ({ name: 'INCLUDE', args: [name], line })),
    from: '#include',
    file,
  };
}

function parseSection(
  sender: Sender,
  tagLine: number,
  body: { text: string; line: number }[],
  file: string,
  problem: (line: number, message: string) => void,
  warn: (line: number, message: string) => void,
): Step {
  const checks: Check[] = [];
  const userInputs: Check[] = [];
  const logicHooks: Hook[] = [];
  const textLines: { text: string; line: number }[] = [];
  let pending: { text: string; line: number }[] = [];
  let textAllowed = true;

  for (const { text: raw, line } of body) {
    const { rest: logic, optional, not } = prefixes(raw);
    const name = logic.split(' ')[0]!;
    const args = () => parseArgs(logic.slice(name.length + 1));
    if (sender !== 'me' && allAsserters.has(name)) {
      const check = { name, args: args(), not, optional, line };
      if (!asserters.has(name)) problem(line, `${name} is a Botium asserter that cannot be checked over the Chat API.`);
      else if (sender === 'begin' || sender === 'end') problem(line, `${name}: asserters belong in #bot sections, not #${sender}.`);
      else checkAsserterArgs(check, problem);
      checks.push(check);
    } else if (sender === 'me' && allInputs.has(name)) {
      const input = { name, args: args(), not, optional, line };
      if (!inputs.has(name)) problem(line, `${name} is a Botium user input that cannot be sent over the Chat API.`);
      else checkInputArgs(input, problem);
      userInputs.push(input);
      textAllowed = false;
    } else if (allHooks.has(name)) {
      const hook = { name, args: args(), line };
      if (!hooks.has(name)) problem(line, `${name} is a Botium logic hook that cannot run over the Chat API.`);
      else checkHookArgs(hook, problem);
      logicHooks.push(hook);
      textAllowed = false;
    } else if (sender === 'me' && !textAllowed) {
      if (raw.trim().length)
        problem(line, `No text expected here: "${raw.trim()}" comes after a user input or logic hook of this #me section.`);
    } else {
      pending.push({ text: raw, line });
    }
    // Text lines count once a line with content follows them: trailing blank lines are no text.
    if (pending.length && raw.trim().length) {
      textLines.push(...pending);
      pending = [];
    }
  }
  // Botium: a section of blank lines only is an empty text (a #me sends an empty message); no line at all, no text.
  if (!textLines.length) textLines.push(...pending);

  let text: string | undefined;
  let data: unknown;
  let textLine: number | undefined;
  let optional = false;
  let not = false;
  if (textLines.length) {
    const first = prefixes(textLines[0]!.text);
    ({ optional, not } = first);
    const rest = textLines.slice(1).map((l) => l.text);
    textLine = textLines[0]!.line;
    const content = [first.rest, ...rest].join(' ');
    if (looksLikeJson(content)) {
      try {
        data = JSON.parse(content);
      } catch (err) {
        problem(
          textLine,
          `This text looks like JSON (Botium reads it as structured data) but is not valid JSON: ${(err as Error).message}.`,
        );
      }
      if (sender === 'me' && data !== undefined && !isTypedPayload(data))
        problem(
          textLine,
          'A JSON #me text is sent as the Chat API message payload: it must be an object with a "type" (text, image, choice, …).',
        );
    }
    if (data === undefined) text = trimEnd([first.rest, ...rest].join('\n'));
    if (textLines.length > 1 && !textLines[0]!.text.trim().length && textLines.some((l) => l.text.trim().length))
      warn(
        textLine,
        sender === 'me'
          ? 'The text starts with a blank line, which Botium sends as a newline, and a "?" or "!" on the next line is text.'
          : 'The text starts with a blank line: as in Botium, a "?" or "!" on the next line is text, not a mark.',
      );
    if (text && (sender === 'begin' || sender === 'end')) problem(textLine, `#${sender} holds logic hooks only (PAUSE <ms>), not text.`);
  }

  // Botium: every line of a step optional, or none (the text counts when it has content); only the text's `?` makes it so.
  const flags = new Set<boolean>();
  if (text) flags.add(optional);
  for (const c of checks) flags.add(c.optional);
  if (flags.size > 1) problem(tagLine, 'Every line of a step must be optional ("?") or none: mixed optional flags in this section.');
  else if (!text)
    for (const c of checks.filter((c) => c.optional))
      warn(c.line, '"?" on an asserter line is ignored: Botium makes a step optional only by a "?" on its text.');

  return {
    sender,
    line: tagLine,
    text,
    ...(data !== undefined && { data }),
    textLine,
    not,
    optional,
    asserters: checks,
    inputs: userInputs,
    hooks: logicHooks,
    file,
  };
}

const isTypedPayload = (v: unknown) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string';

/**
 * Botium's test for a JSON text (the is-json package): whitespace dropped, an object with a quoted key
 * (`{…"key":…}`), or an array whose last element is one. Linear: the arrays' `},{` are found once.
 */
export function looksLikeJson(content: string): boolean {
  const s = content.replace(/\s/g, '');
  const splits: number[] = [];
  for (let i = s.indexOf('},{'); i >= 0; i = s.indexOf('},{', i + 1)) splits.push(i);
  let a = 0;
  let b = s.length;
  while (b - a >= 2) {
    if (s[a] === '{' && s[b - 1] === '}') {
      const quote = s.indexOf('"', a);
      const key = quote >= 0 && quote < b ? s.indexOf('":', quote + 1) : -1;
      return key >= 0 && key + 2 <= b;
    }
    if (s[a] !== '[' || s[b - 1] !== ']') return false;
    a++;
    b--;
    // The array's last element: after its last `},{`.
    while (splits.length && splits.at(-1)! + 3 > b) splits.pop();
    if (splits.length && splits.at(-1)! >= a) a = splits.at(-1)! + 2;
  }
  return false;
}

/** A line's `?` (optional) and `!` (negated) marks, in that order; a doubled mark stands for one literal character. */
function prefixes(line: string): { rest: string; optional: boolean; not: boolean } {
  let rest = line;
  let optional = false;
  let not = false;
  if (rest.startsWith('?')) {
    optional = !rest.startsWith('??');
    rest = rest.slice(1);
  }
  if (rest.startsWith('!')) {
    not = !rest.startsWith('!!');
    rest = rest.slice(1);
  }
  return { rest, optional, not };
}

const COUNT = /^(>=|<=|>|<|=)?\s*(\d+)$/;

function checkAsserterArgs(check: Check, problem: (line: number, message: string) => void): void {
  if (check.name.endsWith('_COUNT')) {
    if (check.args.length !== 1 || !COUNT.test(check.args[0]!))
      problem(check.line, `${check.name} takes one count: a number, or a comparison such as >=2.`);
  } else if (check.name.startsWith('TEXT_REGEXP')) {
    for (const arg of check.args) {
      const re = compileTextRegexp(arg, check.name.endsWith('_IC'));
      if ('error' in re) problem(check.line, `${check.name}: "${arg}" is not a regular expression the tests can run: ${re.error}.`);
    }
  } else if (check.name.startsWith('TEXT') && !check.args.length) {
    problem(check.line, `${check.name} needs at least one text to compare.`);
  }
}

function checkInputArgs(input: Check, problem: (line: number, message: string) => void): void {
  if (input.name === 'BUTTON' && (input.args.length < 1 || input.args.length > 2 || !input.args[0])) {
    problem(input.line, 'BUTTON takes the button payload, and optionally its text: BUTTON payload|text.');
  }
  if (input.name === 'MEDIA' && (input.args.length !== 1 || !input.args[0]))
    problem(input.line, 'MEDIA in a #me section takes one URL to send.');
}

function checkHookArgs(hook: Hook, problem: (line: number, message: string) => void): void {
  if ((hook.name === 'PAUSE' || hook.name === 'WAITFORBOT') && (hook.args.length !== 1 || !/^\d+$/.test(hook.args[0]!))) {
    problem(hook.line, `${hook.name} takes one duration in milliseconds, e.g. ${hook.name} 500.`);
  }
  if (hook.name === 'INCLUDE' && (hook.args.length !== 1 || !hook.args[0]))
    problem(hook.line, 'INCLUDE takes the name of one partial convo.');
}

/** An utterances file: its name on the first line, one utterance a line after it (blank lines skipped). */
export function parseUtterances(text: string, file: string): Parsed<UtteranceList> {
  const lines = splitLines(text);
  const name = lines[0]?.trim();
  if (!name) return { problems: [{ file, line: 1, message: 'The first line must name the utterance list (e.g. UTT_GREETING).' }] };
  const utterances = lines
    .slice(1)
    .map(trimEnd)
    .filter((u) => u.trim().length > 0);
  if (!utterances.length)
    return {
      value: { file, name, utterances },
      problems: [{ file, line: 1, message: `Utterance list ${name} has no utterances: write one a line below its name.` }],
    };
  return { value: { file, name, utterances }, problems: [] };
}
