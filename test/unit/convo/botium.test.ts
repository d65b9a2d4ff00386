// The toolkit reads conversation tests as Botium does: botium-core's own compiler (its ScriptingProvider,
// which reads a folder, resolves partial convos and expands utterance lists) and the toolkit's suite are
// run on the same files, Botium's compiler fixtures (read from the installed package) and ours, and
// must give the same tests: names, and each step's sender, line, text or JSON, flags, asserters, user
// inputs and logic hooks. Where Botium refuses a file, the toolkit must report an error on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSuite, errorsOf, parseConvo, type ConvoTest, type SuiteFile } from '../../../src/core/convo';

const botiumRoot = path.dirname(require.resolve('botium-core/package.json'));
const ScriptingProvider = require(path.join(botiumRoot, 'src/scripting/ScriptingProvider'));
const botiumDefaults = require(path.join(botiumRoot, 'src/Defaults')).Capabilities;

/** One shape both sides are written into. */
interface Shape {
  name: string;
  steps: {
    sender: string;
    tag: string;
    text: string | null;
    data?: unknown;
    not: boolean;
    optional: boolean;
    asserters: { name: string; args: string[]; not: boolean; optional: boolean }[];
    inputs: { name: string; args: string[] }[];
    hooks: { name: string; args: string[] }[];
  }[];
}

interface BotiumStep {
  sender: string;
  stepTag: string;
  messageText?: string | null;
  sourceData?: unknown;
  not: boolean;
  optional: boolean;
  asserters: { name: string; args: string[]; not: boolean; optional: boolean }[];
  userInputs: { name: string; args: string[] }[];
  logicHooks: { name: string; args: string[] }[];
}

/** Botium's tests of a folder, expanded as `botium-cli run` expands them (or the error it stops with). */
async function botium(dir: string): Promise<Shape[] | { error: string }> {
  const provider = new ScriptingProvider({ ...botiumDefaults });
  await provider.Build();
  try {
    provider.ReadScriptsFromDirectory(dir);
    provider.ExpandConvos();
  } catch (err) {
    return { error: (err as Error).message };
  }
  return (provider.convos as { header: { name: string }; conversation: BotiumStep[] }[]).map((c) => ({
    name: c.header.name,
    steps: c.conversation.map((s) => ({
      sender: s.sender,
      tag: s.stepTag,
      text: s.messageText ?? null,
      ...(s.sourceData !== undefined && { data: s.sourceData }),
      not: !!s.not,
      optional: !!s.optional,
      asserters: s.asserters.map(({ name, args, not, optional }) => ({ name, args, not: !!not, optional: !!optional })),
      inputs: s.userInputs.map(({ name, args }) => ({ name, args })),
      // The toolkit replaces INCLUDE hooks by the partial's steps; Botium leaves them on the step too.
      hooks: s.logicHooks.filter((h) => h.name !== 'INCLUDE').map(({ name, args }) => ({ name, args })),
    })),
  }));
}

const toolkitShape = (t: ConvoTest): Shape => ({
  name: t.name,
  steps: t.steps.map((s) => ({
    sender: s.sender,
    tag: `${s.from ? `${s.from}/` : ''}Line ${s.line}`,
    text: s.text ?? null,
    ...(s.data !== undefined && { data: s.data }),
    not: s.not,
    optional: s.optional,
    asserters: s.asserters.map(({ name, args, not, optional }) => ({ name, args, not, optional })),
    inputs: s.inputs.map(({ name, args }) => ({ name, args })),
    hooks: s.hooks.map(({ name, args }) => ({ name, args })),
  })),
});

const byName = (a: Shape, b: Shape) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Runs both on a folder of files; returns what each made. */
async function compare(files: Record<string, string | Buffer>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botium-compare-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const theirs = await botium(dir);
    const suite = buildSuite(
      Object.entries(files).map(([name, text]): SuiteFile => ({ file: path.join(dir, name), text: text.toString() })),
    );
    const errors = errorsOf([...suite.problems, ...suite.entries.flatMap((e) => e.problems)]);
    return { theirs, ours: suite.tests.map(toolkitShape).sort(byName), errors, warnings: suite.entries.flatMap((e) => e.problems) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where the toolkit refuses on purpose what Botium accepts (said in the README): a file name, and the
 * error it must give. Botium's fixture sends a JSON object with no "type", which the Chat API refuses.
 */
const refusedOnPurpose: Record<string, RegExp> = {
  'convos_jsonmessage.convo.txt': /A JSON #me text is sent as the Chat API message payload: it must be an object with a "type"/,
};

async function agree(label: string, files: Record<string, string | Buffer>): Promise<void> {
  const { theirs, ours, errors } = await compare(files);
  const convo = Object.keys(files).find((f) => f.endsWith('.convo.txt'))!;
  if ('error' in theirs) {
    assert.ok(errors.length > 0, `${label}: Botium refuses it (${theirs.error}); the toolkit must report an error`);
    return;
  }
  const onPurpose = refusedOnPurpose[convo];
  if (onPurpose) {
    assert.ok(
      errors.some((e) => onPurpose.test(e.message)),
      `${label}: expected the toolkit's documented refusal, got ${JSON.stringify(errors)}`,
    );
    return;
  }
  assert.deepEqual(errors, [], `${label}: Botium accepts it`);
  assert.deepEqual(ours, [...theirs].sort(byName), label);
}

const fixtures = path.join(botiumRoot, 'test/compiler/convos/txt');

test("Botium's own compiler fixtures (compilertxt.spec.js), as shipped in botium-core", async () => {
  const names = fs.readdirSync(fixtures).filter((f) => f.endsWith('.convo.txt'));
  assert.ok(names.length >= 20, `botium-core ships its fixtures (${names.length} found)`);
  for (const name of names) await agree(name, { [name]: fs.readFileSync(path.join(fixtures, name)) });
});

test("Botium's JSON fixture: the toolkit reads the same structured data, and refuses to send it untyped", async () => {
  const text = fs.readFileSync(path.join(fixtures, 'convos_jsonmessage.convo.txt'), 'utf8');
  const theirs = await botium(writeOne('convos_jsonmessage.convo.txt', text));
  const suite = buildSuite([{ file: 'convos_jsonmessage.convo.txt', text }]);
  assert.ok(!('error' in theirs));
  const data = (theirs as Shape[])[0]!.steps[0]!.data;
  assert.deepEqual(data, { sessionId: '1234567890876543', text: 'Text message', data: { key: 'value' } });
  assert.equal(suite.entries[0]!.problems[0]!.line, 4);
});

const dirs: string[] = [];
function writeOne(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botium-one-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
test.after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Our fixtures: every case the issue names, and the grammar around them. */
const ours: Record<string, Record<string, string>> = {
  'an empty #me row sends an empty message; spaces only are the text': {
    'empty.convo.txt': 'Empty\n\n#me\n\n#bot\nHi\n\n#me\n   \n\n#bot\nagain\n#me\n#bot\nno text at all\n',
  },
  'a JSON #me text is structured data, sent as the payload; a JSON #bot text is compared with it': {
    'json.convo.txt':
      'Json\n#me\n{ "type": "text",\n  "text": "hi" }\n\n#bot\n{"type": "text", "text": "You said: *"}\n#bot\n[{"a": 1},{"b": 2}]\n',
  },
  'a file with no valid section is an empty convo': {
    'nothing.convo.txt': 'Only a name\nand words\n# me\n#mee\nhello\n',
  },
  '`?` on an asserter line: only the text makes a step optional': {
    'optional.convo.txt': 'Optional\n#me\nhi\n#bot\n?BUTTONS a|b\n\n#bot\n?maybe\n?BUTTONS c\n#bot\n??literal\n!!not negated\n',
  },
  'a leading blank line of a #me text is kept, and a mark after it is text': {
    'leading.convo.txt': 'Leading\n#me\n\nhello\n\n#bot\n\n!hi\n#me\n\n\n?two\nlines\n\n\n',
  },
  'extra arguments of an utterance reference are appended as util.format does': {
    'args.convo.txt': 'Args\n#me\nUTT_BYE Ann extra words\n#bot\nbye *\n#me\nUTT_NUM 42 x %s\n#me\nUTT_BYE\n',
    'bye.utterances.txt': 'UTT_BYE\nbye %s\nsee you %s and %s\nno placeholder\n',
    'num.utterances.txt': 'UTT_NUM\n%d%% %j %i %f %c. %o %%s\n',
  },
  'a file with no name line is named after the file, suffix included; a blank first line too': {
    'nameless.convo.txt': '#me\nhi\n#bot\nhello\n',
    'blank.convo.txt': '\n#me\nhi\n',
  },
  'plain-text asserters (TEXT_WILDCARDEXACT_* and kin) are text matching': {
    'text.convo.txt':
      'Text\n#me\nhi\n#bot\nTEXT_WILDCARDEXACT_ANY hello *|hi\nTEXT_WILDCARDEXACT_ALL_IC * there\n!TEXT_WILDCARD_ANY_IC bye\n' +
      'TEXT_CONTAINS_ALL a|b\\|c\nTEXT_REGEXP_ANY ^h.*$\nTEXT_EQUALS_IC Hello there\nBUTTONS_COUNT >=1\n',
  },
  'partial convos: #include sections and INCLUDE hooks, nested, their #begin and #end left out': {
    'main.convo.txt': 'Main\n#begin\nPAUSE 10\n#include Login\n#me\nmenu\n#bot\nINCLUDE Outro\n#include\nLogin\nOutro\n#end\nPAUSE 5\n',
    'login.pconvo.txt': 'Login\n#begin\nPAUSE 1\n#me\nlog me in\n#bot\nwelcome\n#include Greet\n',
    'greet.pconvo.txt': 'Greet\n#bot\nhello\n',
    'outro.pconvo.txt': 'Outro\n#bot\nbye\n#end\nPAUSE 2\n',
  },
  'user inputs, logic hooks, several utterance lists multiplying, a bot text naming a list': {
    'inputs.convo.txt':
      'Inputs\n#me\nBUTTON track|Track an order\nPAUSE 100\n#bot\nUTT_ANSWER\nWAITFORBOT 500\n#me\nMEDIA https://x/a.png\n' +
      '#me\nUTT_HELLO\n#me\nUTT_ANSWER\n',
    'hello.utterances.txt': 'UTT_HELLO\nhello\nhi\n\n',
    'answer.utterances.txt': 'UTT_ANSWER\nYou said: *\nWelcome\nhowdy  \n',
  },
  'channels on tags, CRLF and CR line ends, a #word that is text': {
    'channels.convo.txt': 'Channels\r\n#me web\r\n#hashtag\r\n#bot  web  \r#include\r\n',
  },
  'text after a logic hook of a #me section is an error in both': {
    'after.convo.txt': 'After\n#me\nPAUSE 100\nHi!\n#bot\nok\n',
  },
  'mixed optional flags in one step are an error in both': {
    'mixed.convo.txt': 'Mixed\n#me\nhi\n#bot\n?hello\nBUTTONS a\n',
  },
  'a circle of partial convos is an error in both': {
    'circle.convo.txt': 'Circle\n#me\nhi\n#include A\n',
    'a.pconvo.txt': 'A\n#include B\n',
    'b.pconvo.txt': 'B\n#include A\n',
  },
};

for (const [label, files] of Object.entries(ours)) test(`ours: ${label}`, () => agree(label, files));

test('where the toolkit warns about what Botium does (said in the README), the warning is on the line', async () => {
  const { warnings } = await compare({
    'w.convo.txt': 'W\n#me\n\nhello\n#bot\n?BUTTONS a\n',
    'nothing.convo.txt': 'Just a name\n',
  });
  assert.deepEqual(
    warnings.map((w) => [path.basename(w.file), w.line, w.severity]),
    [
      ['w.convo.txt', 3, 'warning'],
      ['w.convo.txt', 6, 'warning'],
      ['nothing.convo.txt', 1, 'warning'],
    ],
  );
});

/** Every convo and partial convo botium-core ships in its tests, each file compiled alone by Botium's CompilerTxt. */
test("every *.convo.txt and *.pconvo.txt of botium-core's tests: each step read as Botium's compiler reads it", () => {
  const CompilerTxt = require(path.join(botiumRoot, 'src/scripting/CompilerTxt'));
  const hooks = require(path.join(botiumRoot, 'src/scripting/logichook/LogicHookConsts'));
  const names = (list: { name: string }[]) => new Set(list.map((l) => l.name));
  const [asserters, logicHooks, userInputs] = [
    names(hooks.DEFAULT_ASSERTERS),
    names(hooks.DEFAULT_LOGIC_HOOKS),
    names(hooks.DEFAULT_USER_INPUTS),
  ];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.p?convo\.txt$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(botiumRoot, 'test'));
  assert.ok(files.length > 150, `${files.length} files`);
  let compared = 0;
  for (const file of files) {
    const context = {
      IsAsserterValid: (n: string) => asserters.has(n),
      IsLogicHookValid: (n: string) => logicHooks.has(n),
      IsUserInputValid: (n: string) => userInputs.has(n),
      AddConvos: () => undefined,
      AddPartialConvos: () => undefined,
    };
    const text = fs.readFileSync(file, 'utf8');
    let theirs: { header: { name?: string }; conversation: (BotiumStep & { channel?: string })[] };
    try {
      [theirs] = new CompilerTxt(context, { ...botiumDefaults }).Compile(text, 'SCRIPTING_TYPE_CONVO');
    } catch {
      assert.ok(errorsOf(parseConvo(text, file).problems).length, `${file}: Botium refuses it, the toolkit must too`);
      continue;
    }
    const doc = parseConvo(text, file).value!;
    const label = path.relative(botiumRoot, file);
    assert.equal(doc.name, theirs.header.name || path.basename(file), label);
    // Include sections: Botium keeps them as steps of their own; the toolkit as placeholders naming the partials.
    const ours = doc.steps.map((s) =>
      s.from === '#include'
        ? { sender: 'include', tag: `Line ${s.line}`, names: s.hooks.map((h) => h.args[0]) }
        : {
            ...toolkitShape({ id: '', name: '', file, line: 1, steps: [s] }).steps[0]!,
            hooks: s.hooks.map(({ name, args }) => ({ name, args })),
          },
    );
    const expected = theirs.conversation.map((s) =>
      s.sender === 'include'
        ? {
            sender: 'include',
            tag: s.stepTag,
            names: [s.channel, ...(s.messageText ?? '').split('\n').map((l) => l.trim())].filter((n) => !!n),
          }
        : {
            sender: s.sender,
            tag: s.stepTag,
            text: s.messageText ?? null,
            ...(s.sourceData !== undefined && { data: s.sourceData }),
            not: !!s.not,
            optional: !!s.optional,
            asserters: s.asserters.map(({ name, args, not, optional }) => ({ name, args, not: !!not, optional: !!optional })),
            inputs: s.userInputs.map(({ name, args }) => ({ name, args })),
            hooks: s.logicHooks.map(({ name, args }) => ({ name, args })),
          },
    );
    assert.deepEqual(ours, expected, label);
    compared++;
  }
  assert.ok(compared > 150, `${compared} compared`);
});
