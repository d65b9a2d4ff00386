/**
 * A suite: every file of a folder read together, as Botium reads a test set. Partial convos
 * (`*.pconvo.txt`) and utterance lists (`*.utterances.txt`) are found by name from any file; each convo
 * becomes one test, or one per utterance when a #me section names an utterance list (Botium's default
 * expansion, "all": one test per combination, named `<name>/<LIST>-L<n>`).
 */
import {
  convoFileKind,
  errorsOf,
  type ConvoDocument,
  type ConvoProblem,
  type ConvoTest,
  type Hook,
  type Step,
  type UtteranceList,
} from './model';
import { nameFromFile, parseConvo, parseUtterances } from './parse';

export interface SuiteFile {
  readonly file: string;
  readonly text: string;
  /** Set when the file could not be read as text (e.g. not UTF-8): why. */
  readonly unreadable?: string;
}

/** What a convo file gave: its tests, or the problems that keep it from running. */
export interface SuiteEntry {
  readonly file: string;
  readonly name: string;
  readonly tests: ConvoTest[];
  readonly problems: ConvoProblem[];
}

export interface Suite {
  /** One entry per convo file, in the order given. */
  readonly entries: SuiteEntry[];
  /** Problems of partial convos and utterance files (a convo's own are in its entry). */
  readonly problems: ConvoProblem[];
  readonly tests: ConvoTest[];
}

/** At most this many tests come from one file's utterance combinations. */
export const MAX_EXPANSIONS = 1000;
/** At most this many steps in one test, partial convos' included. */
export const MAX_TEST_STEPS = 100_000;
/** At most this many steps in all the tests of one file (tests × steps). */
export const MAX_FILE_STEPS = 1_000_000;
/** Partial convos may include each other this deep. */
export const MAX_INCLUDE_DEPTH = 32;

/** What a reader of a suite may ask of buildSuite (the discovery worker: progress, and one entry at a time). */
export interface SuiteHooks {
  /** Called before each file is read, and before each convo's tests are built. */
  onFile?(file: string): void;
  /** Builds only the convo files it accepts (the others give no entry); all by default. */
  build?(file: string): boolean;
}

export function buildSuite(files: readonly SuiteFile[], hooks: SuiteHooks = {}): Suite {
  const problems: ConvoProblem[] = [];
  const partials = new Map<string, ConvoDocument>();
  const lists = new Map<string, UtteranceList>();
  const convos: { doc?: ConvoDocument; file: string; problems: ConvoProblem[] }[] = [];

  for (const { file, text, unreadable } of files) {
    if (convoFileKind(file) === 'convo' && hooks.build && !hooks.build(file)) continue;
    hooks.onFile?.(file);
    if (unreadable) {
      const problem = { file, line: 1, message: unreadable };
      if (convoFileKind(file) === 'convo') convos.push({ file, problems: [problem] });
      else problems.push(problem);
      continue;
    }
    switch (convoFileKind(file)) {
      case 'utterances': {
        const parsed = parseUtterances(text, file);
        problems.push(...parsed.problems);
        if (!parsed.value) break;
        const other = lists.get(parsed.value.name);
        if (other) problems.push({ file, line: 1, message: `Utterance list ${parsed.value.name} is also defined in ${other.file}.` });
        else lists.set(parsed.value.name, parsed.value);
        break;
      }
      case 'partial': {
        const parsed = parseConvo(text, file);
        problems.push(...parsed.problems);
        if (!parsed.value) break;
        const other = partials.get(parsed.value.name);
        if (other) problems.push({ file, line: 1, message: `Partial convo "${parsed.value.name}" is also defined in ${other.file}.` });
        else partials.set(parsed.value.name, parsed.value);
        break;
      }
      case 'convo': {
        const parsed = parseConvo(text, file);
        convos.push({ doc: parsed.value, file, problems: [...parsed.problems] });
        break;
      }
    }
  }

  const entries = convos.map(({ doc, file, problems: own }) => {
    hooks.onFile?.(file);
    return buildEntry(doc, file, own, partials, lists);
  });
  return { entries, problems, tests: entries.flatMap((e) => e.tests) };
}

/** One convo file's tests; its problems, expanding it included, stay in its entry. */
function buildEntry(
  doc: ConvoDocument | undefined,
  file: string,
  own: ConvoProblem[],
  partials: ReadonlyMap<string, ConvoDocument>,
  lists: ReadonlyMap<string, UtteranceList>,
): SuiteEntry {
  if (!doc) return { file, name: nameFromFile(file), tests: [], problems: own };
  const includes = new Includes(partials, own);
  const steps = errorsOf(own).length || !includes.check(doc) ? [] : includes.expand(doc.steps);
  const tests = errorsOf(own).length ? [] : expandUtterances(doc, steps, lists, own);
  return { file, name: doc.name, tests: errorsOf(own).length ? [] : tests, problems: own };
}

/** A count as a problem says it: `1,000,000`; past a trillion, just that. */
const amount = (n: number) => (n > 1e12 ? 'over a trillion' : n.toLocaleString('en'));

/** An #include section, or a step's INCLUDE hooks: the partial convos it names. */
const includesOf = (step: Step) => step.hooks.filter((h) => h.name === 'INCLUDE');

/**
 * Partial convos brought in by #include (a section or an INCLUDE hook), recursively; their #begin/#end
 * are left out. Sizes are counted first, each partial once (its size does not depend on where it is
 * included), so a file whose includes fan out to millions of steps is refused at the line that passes
 * the limit before any step is copied; circles and nesting past MAX_INCLUDE_DEPTH are refused too.
 */
class Includes {
  /** Steps each partial expands to; NaN: it cannot be expanded (its problem already told). */
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly partials: ReadonlyMap<string, ConvoDocument>,
    private readonly problems: ConvoProblem[],
  ) {}

  /** Whether the convo's includes resolve and it stays within MAX_TEST_STEPS; else its problems are told. */
  check(doc: ConvoDocument): boolean {
    let total = 0;
    let ok = true;
    for (const step of doc.steps) {
      if (kept(step, 0)) total += 1;
      for (const hook of includesOf(step)) {
        const size = this.size(hook, step.file, []);
        if (Number.isNaN(size)) ok = false;
        else total += size;
        if (ok && total > MAX_TEST_STEPS) {
          this.problems.push({
            file: doc.file,
            line: hook.line,
            message:
              `With this include the test has ${amount(total)} steps, more than the ${amount(MAX_TEST_STEPS)} a test may have ` +
              '(partial convos that include others several times multiply).',
          });
          return false;
        }
      }
    }
    return ok;
  }

  /** The number of steps an include brings, NaN when it cannot be expanded (a problem is told, once per partial). */
  private size(hook: Hook, file: string, stack: string[]): number {
    const name = hook.args[0] ?? '';
    const known = this.sizes.get(name);
    if (known !== undefined) return known;
    const partial = this.partials.get(name);
    const fail = (message: string) => {
      this.problems.push({ file, line: hook.line, message });
      return NaN;
    };
    if (stack.includes(name)) return fail(`Partial convos include each other in a circle: ${[...stack, name].join(' → ')}.`);
    if (!partial) {
      const names = [...this.partials.keys()];
      return fail(
        `No partial convo named "${name}"${names.length ? ` (known: ${names.join(', ')})` : ' (no *.pconvo.txt file defines one)'}.`,
      );
    }
    if (stack.length >= MAX_INCLUDE_DEPTH)
      return fail(`Partial convos include each other more than ${MAX_INCLUDE_DEPTH} deep: ${[...stack, name].join(' → ')}.`);
    let total = 0;
    for (const step of partial.steps) {
      if (kept(step, 1)) total += 1;
      for (const inner of includesOf(step)) total += this.size(inner, step.file, [...stack, name]);
    }
    this.sizes.set(name, total);
    return total;
  }

  /** The steps with every include replaced by the partial's steps (call after check). */
  expand(steps: readonly Step[], stack: string[] = [], out: Step[] = []): Step[] {
    for (const step of steps) {
      const includes = includesOf(step);
      if (kept(step, stack.length)) {
        const rest = includes.length ? { ...step, hooks: step.hooks.filter((h) => h.name !== 'INCLUDE') } : step;
        out.push(stack.length ? { ...rest, from: stack.join('/') } : rest);
      }
      for (const hook of includes) {
        const name = hook.args[0] ?? '';
        this.expand(this.partials.get(name)!.steps, [...stack, name], out);
      }
    }
    return out;
  }
}

/**
 * Whether a step stays where it is written (at an include's depth): not an #include placeholder, not a
 * partial's #begin/#end, and, when it includes, not without anything else to do (Botium's hasInteraction).
 */
function kept(step: Step, depth: number): boolean {
  if (step.from === '#include') return false;
  if (depth > 0 && (step.sender === 'begin' || step.sender === 'end')) return false;
  const includes = includesOf(step).length;
  return (
    !includes ||
    !!step.text ||
    step.data !== undefined ||
    step.asserters.length > 0 ||
    step.inputs.length > 0 ||
    step.hooks.length > includes
  );
}

/** The utterance list a #me text stands for (`UTT_NAME`, or `UTT_NAME arg…` formatting its utterances), as Botium finds it. */
function utteranceReference(
  text: string | undefined,
  lists: ReadonlyMap<string, UtteranceList>,
): { list: UtteranceList; args?: string[] } | undefined {
  if (!text) return undefined;
  const whole = lists.get(text);
  if (whole) return { list: whole };
  const [first, ...args] = text.split(' ');
  const list = lists.get(first!);
  return list ? { list, args } : undefined;
}

/**
 * Node's `util.format` for string arguments, as Botium fills an utterance (`UTT_BYE Ann`): `%s`, `%d`,
 * `%i`, `%f`, `%j`, `%o`, `%O` take the next argument, `%c` takes one and prints nothing, `%%` is `%`;
 * arguments left over are appended, each after a space.
 */
export function formatUtterance(utterance: string, args: readonly string[]): string {
  if (!args.length) return utterance;
  let next = 0;
  const quoted = (a: string) => `'${a.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  const filled = utterance.replace(/%([sdifjoOc%])/g, (m, c: string) => {
    if (c === '%') return '%';
    if (next >= args.length) return m;
    const a = args[next++]!;
    switch (c) {
      case 'd':
        return a.trim() === '' && a !== '' ? '0' : String(Number(a));
      case 'i':
        return String(parseInt(a, 10));
      case 'f':
        return String(parseFloat(a));
      case 'j':
        return JSON.stringify(a);
      case 'o':
      case 'O':
        return quoted(a);
      case 'c':
        return '';
      default:
        return a;
    }
  });
  return args.slice(next).reduce((out, a) => `${out} ${a}`, filled);
}

function expandUtterances(
  doc: ConvoDocument,
  steps: Step[],
  lists: ReadonlyMap<string, UtteranceList>,
  problems: ConvoProblem[],
): ConvoTest[] {
  // Bot texts naming a list (`UTT_NAME`, or `UTT_NAME arg…`) match any of its utterances.
  const resolved = steps.map((s) => {
    const ref = s.sender === 'bot' ? utteranceReference(s.text?.trim(), lists) : undefined;
    if (!ref) return s;
    return { ...s, utterances: ref.args ? ref.list.utterances.map((u) => formatUtterance(u, ref.args!)) : ref.list.utterances };
  });
  // Counted before anything is built: the tests are the product of the lists' lengths, each as long as the convo.
  const slots: { at: number; list: UtteranceList; args?: string[] }[] = [];
  let count = 1;
  for (const [at, step] of resolved.entries()) {
    const ref = step.sender === 'me' ? utteranceReference(step.text, lists) : undefined;
    if (!ref) continue;
    slots.push({ at, ...ref });
    count *= ref.list.utterances.length;
    const line = step.textLine ?? step.line;
    if (count > MAX_EXPANSIONS) {
      problems.push({
        file: step.file,
        line,
        message: `With the utterance list ${ref.list.name} this convo makes ${amount(count)} tests, over the ${MAX_EXPANSIONS} a file may.`,
      });
      return [];
    }
    if (count * resolved.length > MAX_FILE_STEPS) {
      problems.push({
        file: step.file,
        line,
        message:
          `With the utterance list ${ref.list.name} this convo makes ${count} tests of ${amount(resolved.length)} steps, ` +
          `more than the ${amount(MAX_FILE_STEPS)} steps a file may make.`,
      });
      return [];
    }
  }
  // Test i picks, for each list, one utterance: its digits in the mixed radix of the lists' lengths (the last list varies fastest).
  const tests: ConvoTest[] = [];
  for (let i = 0; i < count; i++) {
    const out = resolved.slice();
    let name = doc.name;
    let rest = i;
    const picks = slots.map(({ list }) => list.utterances.length);
    for (let k = slots.length - 1; k >= 0; k--) {
      picks[k] = rest % slots[k]!.list.utterances.length;
      rest = Math.floor(rest / slots[k]!.list.utterances.length);
    }
    slots.forEach(({ at, list, args }, k) => {
      const utterances = list.utterances;
      const pick = picks[k]!;
      out[at] = { ...resolved[at]!, text: args ? formatUtterance(utterances[pick]!, args) : utterances[pick]! };
      if (utterances.length > 1) name += `/${list.name}-L${String(pick + 1).padStart(String(utterances.length).length, '0')}`;
    });
    tests.push({ id: count > 1 ? `${doc.file}#${i + 1}` : doc.file, name, file: doc.file, line: doc.nameLine, steps: out });
  }
  return tests;
}
