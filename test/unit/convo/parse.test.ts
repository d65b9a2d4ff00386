import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSuite, parseArgs, parseConvo, parseUtterances, type Step } from '../../../src/core/convo';

const parse = (text: string, file = 'a.convo.txt') => parseConvo(text, file);
const steps = (text: string) => {
  const { value, problems } = parse(text);
  assert.deepEqual(problems, []);
  return value!.steps;
};
const brief = (s: Step) => ({ sender: s.sender, line: s.line, text: s.text, textLine: s.textLine, not: s.not, optional: s.optional });

test('name, description, #me and #bot with their lines; CRLF and a BOM are read as any line end', () => {
  const { value, problems } = parse(
    '\uFEFFGreeting\r\nSays hello.\r\nTwice.\r\n\r\n#me\r\nhello\r\n\r\n#bot\r\nHi *\r\nhow can I help?\r\n\r\n',
  );
  assert.deepEqual(problems, []);
  assert.equal(value!.name, 'Greeting');
  assert.equal(value!.description, 'Says hello.\nTwice.');
  assert.deepEqual(value!.steps.map(brief), [
    { sender: 'me', line: 5, text: 'hello', textLine: 6, not: false, optional: false },
    { sender: 'bot', line: 8, text: 'Hi *\nhow can I help?', textLine: 9, not: false, optional: false },
  ]);
});

test('a file starting with a section (or an empty line) is named after the file, suffix included, as Botium names it', () => {
  const { value } = parseConvo('#me\nhi\n#bot\nhello', 'suite/smalltalk.convo.txt');
  assert.equal(value!.name, 'smalltalk.convo.txt');
  assert.equal(parseConvo('\n#me\nhi', 'suite/blank.convo.txt').value!.name, 'blank.convo.txt');
  assert.equal(value!.steps.length, 2);
});

test('asserters with arguments, `|` escaped, negation and optional; the text keeps its own flags', () => {
  const [, bot, bot2, bot3] = steps(
    'T\n#me\nx\n#bot\n!Goodbye\nBUTTONS Yes|No\\|maybe| Later \n!MEDIA https://x/a.png\nCARDS Plan\n#bot\n?Maybe\n?BUTTONS\n#bot\nok\n',
  );
  assert.equal(bot3!.text, 'ok');
  assert.equal(bot!.text, 'Goodbye');
  assert.equal(bot!.not, true);
  assert.deepEqual(
    bot!.asserters.map((a) => [a.name, a.args, a.not, a.optional, a.line]),
    [
      ['BUTTONS', ['Yes', 'No|maybe', 'Later'], false, false, 6],
      ['MEDIA', ['https://x/a.png'], true, false, 7],
      ['CARDS', ['Plan'], false, false, 8],
    ],
  );
  assert.equal(bot2!.optional, true);
  assert.deepEqual(
    bot2!.asserters.map((a) => [a.name, a.args, a.optional]),
    [['BUTTONS', [], true]],
  );
});

test('`?` on an asserter line alone does not make the step optional (Botium honours it on the text only): a warning says so', () => {
  const { value, problems } = parse('T\n#me\nx\n#bot\n?BUTTONS a\n\n#me\ny\n');
  assert.equal(value!.steps[1]!.optional, false);
  assert.equal(value!.steps[1]!.asserters[0]!.optional, true);
  assert.deepEqual(
    problems.map((p) => [p.line, p.severity, p.message]),
    [[5, 'warning', '"?" on an asserter line is ignored: Botium makes a step optional only by a "?" on its text.']],
  );
});

test('`!!` and `??` keep one literal character; an unknown #word and a lowercase asserter name are text', () => {
  const [, bot] = steps('T\n#me\nx\n#bot\n!!important\n#hashtag\nbuttons are text\n');
  assert.equal(bot!.text, '!important\n#hashtag\nbuttons are text');
  assert.equal(bot!.not, false);
  const [, q] = steps('T\n#me\nx\n#bot\n??what\n');
  assert.equal(q!.text, '?what');
  assert.equal(q!.optional, false);
});

test('#me user inputs (BUTTON payload|text, MEDIA url) and logic hooks; #begin and #end hold hooks', () => {
  const all = steps(
    'T\n#begin\nPAUSE 10\n#me\nBUTTON track|Track an order\n#me\nMEDIA https://x/photo.jpg\n' +
      '#me\nWAITFORBOT 500\n#bot\nok\nPAUSE 5\n#end\nPAUSE 1\n',
  );
  assert.deepEqual(
    all.map((s) => s.sender),
    ['begin', 'me', 'me', 'me', 'bot', 'end'],
  );
  assert.deepEqual(
    all[1]!.inputs.map((i) => [i.name, i.args, i.line]),
    [['BUTTON', ['track', 'Track an order'], 5]],
  );
  assert.deepEqual(
    all[2]!.inputs.map((i) => [i.name, i.args]),
    [['MEDIA', ['https://x/photo.jpg']]],
  );
  assert.deepEqual(
    all[3]!.hooks.map((h) => [h.name, h.args, h.line]),
    [['WAITFORBOT', ['500'], 9]],
  );
  assert.deepEqual(
    all[4]!.hooks.map((h) => h.name),
    ['PAUSE'],
  );
  assert.deepEqual(
    all[0]!.hooks.map((h) => [h.name, h.args]),
    [['PAUSE', ['10']]],
  );
  assert.equal(all[5]!.hooks[0]!.line, 14);
  // MEDIA is a user input in #me and an asserter in #bot.
  assert.deepEqual(
    steps('T\n#me\nhi\n#bot\nMEDIA a.png')[1]!.asserters.map((a) => a.name),
    ['MEDIA'],
  );
});

test('trailing blank lines are no text; blank lines inside a text are kept, a leading one too (as Botium: with a warning)', () => {
  const { value, problems } = parse('T\n\n#me\n\nfirst\n\nsecond\n\n\n#bot\n\n\n#me\n#bot\nok');
  const [me, bot, me2] = value!.steps;
  assert.equal(me!.text, '\nfirst\n\nsecond');
  assert.equal(me!.textLine, 4);
  assert.deepEqual(
    problems.map((p) => [p.line, p.severity]),
    [[4, 'warning']],
  );
  assert.equal(bot!.text, '', 'a section of blank lines is an empty text (a #me sends an empty message)');
  assert.equal(me2!.text, undefined, 'no line at all: no text');
});

test('malformed files: every problem names its line', () => {
  const problems = (text: string) => parse(text).problems.map((p) => [p.line, p.message]);
  assert.deepEqual(parse('Only a name\nand a description\n').problems, [
    {
      file: 'a.convo.txt',
      line: 2,
      message: 'No #me or #bot section: as in Botium, this is an empty conversation, which passes without talking to the bot.',
      severity: 'warning',
    },
  ]);
  assert.match(problems('T\n#me\nBUTTON go\nthen text\n')[0]![1] as string, /^No text expected here: "then text"/);
  assert.equal(problems('T\n#me\nBUTTON go\nthen text\n')[0]![0], 4);
  assert.deepEqual(
    problems('T\n#me\nx\n#bot\n?hello\nBUTTONS a\n').map((p) => p[0]),
    [4],
  );
  assert.match(
    problems('T\n#me\nx\n#bot\nINTENT greet\n')[0]![1] as string,
    /INTENT is a Botium asserter that cannot be checked over the Chat API/,
  );
  assert.deepEqual(problems('T\n#me\nx\n#bot\nBUTTONS_COUNT lots\n'), [
    [5, 'BUTTONS_COUNT takes one count: a number, or a comparison such as >=2.'],
  ]);
  assert.match(
    problems('T\n#me\nx\n#bot\nTEXT_REGEXP_ANY (unclosed\n')[0]![1] as string,
    /not a regular expression the tests can run: .*missing closing \)/,
  );
  const re2 = ': conversation tests run regular expressions with RE2, which has none (see the README).';
  assert.deepEqual(problems('T\n#me\nx\n#bot\nok\nTEXT_REGEXP_ALL (a)\\1|x(?=y)|(?<!a)b|[(?=\\]]\n'), [
    [6, `TEXT_REGEXP_ALL: "(a)\\1" is not a regular expression the tests can run: uses a backreference (\\1)${re2}`],
    [6, `TEXT_REGEXP_ALL: "x(?=y)" is not a regular expression the tests can run: uses a lookahead ((?=…)${re2}`],
    [6, `TEXT_REGEXP_ALL: "(?<!a)b" is not a regular expression the tests can run: uses a lookbehind ((?<!…)${re2}`],
  ]);
  assert.deepEqual(
    problems('T\n#me\nx\n#bot\nok\nPAUSE soon\n').map((p) => p[0]),
    [6],
  );
  assert.deepEqual(
    problems('T\n#me\nBUTTON\n').map((p) => p[0]),
    [3],
  );
  assert.deepEqual(
    problems('T\n#me\nFORM name|Ann\n').map((p) => p[0]),
    [3],
  );
  assert.deepEqual(
    problems('T\n#me\nx\n#bot\nok\n#begin\nhello\n').map((p) => p[0]),
    [7],
  );
  assert.deepEqual(
    problems('T\n#me\nx\n#end\nBUTTONS a\n').map((p) => p[0]),
    [5],
  );
  assert.deepEqual(
    problems('T\n#include\n\n#me\nx\n').map((p) => p[0]),
    [2],
  );
  assert.deepEqual(
    problems('T\n#me\nx\n#bot\nUPDATE_CUSTOM a|b\n').map((p) => p[0]),
    [5],
  );
});

test('arguments: split on |, \\| kept, trimmed', () => {
  assert.deepEqual(parseArgs(' a | b\\|c |'), ['a', 'b|c', '']);
  assert.deepEqual(parseArgs(''), []);
});

test('utterance files: a name, then one utterance a line', () => {
  assert.deepEqual(parseUtterances('UTT_HELLO\nhello\n\nhi there  \n', 'u.utterances.txt').value!.utterances, ['hello', 'hi there  ']);
  assert.deepEqual(
    parseUtterances('\nhello\n', 'u.utterances.txt').problems.map((p) => p.line),
    [1],
  );
  assert.match(parseUtterances('UTT_EMPTY\n\n', 'u.utterances.txt').problems[0]!.message, /has no utterances/);
});

test('suite: #me naming an utterance list expands into one test per utterance, named as Botium names them', () => {
  const suite = buildSuite([
    { file: 'greet.convo.txt', text: 'Greet\n#me\nUTT_HELLO\n#bot\nUTT_ANSWER\n#me\nUTT_BYE Ann\n#bot\nbye' },
    { file: 'hello.utterances.txt', text: 'UTT_HELLO\nhello\nhi\n' },
    { file: 'answer.utterances.txt', text: 'UTT_ANSWER\nYou said: *\nWelcome\n' },
    { file: 'bye.utterances.txt', text: 'UTT_BYE\nbye %s\n' },
  ]);
  assert.deepEqual(suite.problems, []);
  assert.deepEqual(
    suite.tests.map((t) => [t.id, t.name, t.steps[0]!.text, t.steps[2]!.text]),
    [
      ['greet.convo.txt#1', 'Greet/UTT_HELLO-L1', 'hello', 'bye Ann'],
      ['greet.convo.txt#2', 'Greet/UTT_HELLO-L2', 'hi', 'bye Ann'],
    ],
  );
  assert.deepEqual(suite.tests[0]!.steps[1]!.utterances, ['You said: *', 'Welcome'], 'a bot text naming a list matches any of it');
  const filled = buildSuite([
    { file: 'bye.convo.txt', text: 'Bye\n#me\nbye\n#bot\nUTT_BYE Ann now\n' },
    { file: 'bye.utterances.txt', text: 'UTT_BYE\nbye %s\nsee you\n' },
  ]);
  assert.deepEqual(filled.tests[0]!.steps[1]!.utterances, ['bye Ann now', 'see you Ann now'], 'as util.format fills them');
});

test('suite: #include and INCLUDE bring a partial convo’s steps; unknown and circular includes are problems at their line', () => {
  const suite = buildSuite([
    { file: 'a.convo.txt', text: 'A\n#include Login\n#me\nmenu\n#bot\nINCLUDE Outro\n' },
    { file: 'login.pconvo.txt', text: 'Login\n#begin\nPAUSE 1\n#me\nlog me in\n#bot\nwelcome\n' },
    { file: 'outro.pconvo.txt', text: 'Outro\n#bot\nbye\n' },
    { file: 'b.convo.txt', text: 'B\n#me\nx\n#include\nMissing\n' },
    { file: 'c.convo.txt', text: 'C\n#include Loop1\n' },
    { file: 'loop1.pconvo.txt', text: 'Loop1\n#include Loop2\n' },
    { file: 'loop2.pconvo.txt', text: 'Loop2\n#include Loop1\n' },
  ]);
  const [a, b, c] = suite.entries;
  assert.deepEqual(a!.problems, []);
  assert.deepEqual(
    a!.tests[0]!.steps.map((s) => [s.sender, s.text, s.from, s.file]),
    [
      ['me', 'log me in', 'Login', 'login.pconvo.txt'],
      ['bot', 'welcome', 'Login', 'login.pconvo.txt'],
      ['me', 'menu', undefined, 'a.convo.txt'],
      ['bot', 'bye', 'Outro', 'outro.pconvo.txt'],
    ],
  );
  assert.deepEqual(
    b!.problems.map((p) => [p.file, p.line]),
    [['b.convo.txt', 4]],
  );
  assert.match(b!.problems[0]!.message, /No partial convo named "Missing" \(known: Login, Outro, Loop1, Loop2\)/);
  assert.equal(b!.tests.length, 0);
  assert.match(c!.problems[0]!.message, /circle: Loop1 → Loop2 → Loop1/);
});

test('suite: duplicate utterance lists and unreadable files are problems', () => {
  const suite = buildSuite([
    { file: 'x.convo.txt', text: '', unreadable: 'The file is not valid UTF-8 text.' },
    { file: 'one.utterances.txt', text: 'UTT\na' },
    { file: 'two.utterances.txt', text: 'UTT\nb' },
  ]);
  assert.deepEqual(suite.entries[0]!.problems, [{ file: 'x.convo.txt', line: 1, message: 'The file is not valid UTF-8 text.' }]);
  assert.match(suite.problems[0]!.message, /UTT is also defined in one.utterances.txt/);
});
