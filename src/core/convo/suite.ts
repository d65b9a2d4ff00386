/**
 * A suite: every file of a folder read together, as Botium reads a test set. Partial convos
 * (`*.pconvo.txt`) and utterance lists (`*.utterances.txt`) are found by name from any file; each convo
 * becomes one test, or one per utterance when a #me section names an utterance list (Botium's default
 * expansion, "all": one test per combination, named `<name>/<LIST>-L<n>`).
 */
import { convoFileKind, type ConvoDocument, type ConvoProblem, type ConvoTest, type Step, type UtteranceList } from './model';
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

export function buildSuite(files: readonly SuiteFile[]): Suite {
  const problems: ConvoProblem[] = [];
  const partials = new Map<string, ConvoDocument>();
  const lists = new Map<string, UtteranceList>();
  const convos: { doc?: ConvoDocument; file: string; problems: ConvoProblem[] }[] = [];

  for (const { file, text, unreadable } of files) {
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

  const entries = convos.map(({ doc, file, problems: own }): SuiteEntry => {
    if (!doc) return { file, name: nameFromFile(file), tests: [], problems: own };
    const steps = expandIncludes(doc.steps, partials, [], own);
    const tests = own.length ? [] : expandUtterances(doc, steps, lists, own);
    return { file, name: doc.name, tests: own.length ? [] : tests, problems: own };
  });
  return { entries, problems, tests: entries.flatMap((e) => e.tests) };
}

/** Replaces each #include (section or INCLUDE hook) by the partial convo's steps, recursively; #begin/#end of partials are left out. */
function expandIncludes(
  steps: readonly Step[],
  partials: ReadonlyMap<string, ConvoDocument>,
  stack: string[],
  problems: ConvoProblem[],
): Step[] {
  const out: Step[] = [];
  for (const step of steps) {
    const includes = step.hooks.filter((h) => h.name === 'INCLUDE');
    const placeholder = step.from === '#include';
    if (!placeholder && (!stack.length || (step.sender !== 'begin' && step.sender !== 'end'))) {
      const rest = includes.length ? { ...step, hooks: step.hooks.filter((h) => h.name !== 'INCLUDE') } : step;
      const from = stack.length ? { from: stack.join('/') } : {};
      if (!includes.length || rest.text !== undefined || rest.asserters.length || rest.inputs.length || rest.hooks.length)
        out.push({ ...rest, ...from });
    }
    for (const hook of includes) {
      const name = hook.args[0] ?? '';
      const partial = partials.get(name);
      if (stack.includes(name)) {
        problems.push({
          file: step.file,
          line: hook.line,
          message: `Partial convos include each other in a circle: ${[...stack, name].join(' → ')}.`,
        });
      } else if (!partial) {
        const known = [...partials.keys()];
        const knownNames = known.length ? ` (known: ${known.join(', ')})` : ' (no *.pconvo.txt file defines one)';
        problems.push({
          file: step.file,
          line: hook.line,
          message: `No partial convo named "${name}"${knownNames}.`,
        });
      } else {
        out.push(...expandIncludes(partial.steps, partials, [...stack, name], problems));
      }
    }
  }
  return out;
}

/** The utterance list a #me text stands for (`UTT_NAME`, or `UTT_NAME arg…` filling its %s), if any. */
function utteranceReference(
  text: string | undefined,
  lists: ReadonlyMap<string, UtteranceList>,
): { list: UtteranceList; args: string[] } | undefined {
  if (!text) return undefined;
  const whole = lists.get(text.trim());
  if (whole) return { list: whole, args: [] };
  const [first, ...args] = text.trim().split(' ');
  const list = lists.get(first!);
  return list ? { list, args } : undefined;
}

const fill = (utterance: string, args: string[]) =>
  args.length ? utterance.replace(/%[sd]/g, (m) => (args.length ? args.shift()! : m)) : utterance;

function expandUtterances(
  doc: ConvoDocument,
  steps: Step[],
  lists: ReadonlyMap<string, UtteranceList>,
  problems: ConvoProblem[],
): ConvoTest[] {
  // Bot texts naming a list match any of its utterances.
  const resolved = steps.map((s) => {
    if (s.sender !== 'bot' || !s.text) return s;
    const list = lists.get(s.text.trim());
    return list ? { ...s, utterances: list.utterances } : s;
  });
  let variants: { name: string; steps: Step[] }[] = [{ name: doc.name, steps: [] }];
  for (const step of resolved) {
    const ref = step.sender === 'me' ? utteranceReference(step.text, lists) : undefined;
    if (!ref) {
      variants = variants.map((v) => ({ ...v, steps: [...v.steps, step] }));
      continue;
    }
    const { list, args } = ref;
    const width = String(list.utterances.length).length;
    variants = variants.flatMap((v) =>
      list.utterances.map((utterance, i) => ({
        name: list.utterances.length > 1 ? `${v.name}/${list.name}-L${String(i + 1).padStart(width, '0')}` : v.name,
        steps: [...v.steps, { ...step, text: fill(utterance, [...args]) }],
      })),
    );
    if (variants.length > MAX_EXPANSIONS) {
      problems.push({
        file: doc.file,
        line: step.textLine ?? step.line,
        message: `The utterance lists of this convo make more than ${MAX_EXPANSIONS} tests.`,
      });
      return [];
    }
  }
  return variants.map((v, i) => ({
    id: variants.length > 1 ? `${doc.file}#${i + 1}` : doc.file,
    name: v.name,
    file: doc.file,
    line: doc.nameLine,
    steps: v.steps,
  }));
}
