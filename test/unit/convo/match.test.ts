import { test } from 'node:test';
import assert from 'node:assert/strict';
import { botMessage, checkMessage, describeMessage, normalizeText, parseConvo, wildcardMatch, type Step } from '../../../src/core/convo';
import { payloadExamples } from '../../../src/emulator/payloads';

/** The bot step of a two-step convo written with `lines`. */
const step = (...lines: string[]): Step => {
  const { value, problems } = parseConvo(['T', '#me', 'x', '#bot', ...lines].join('\n'), 't.convo.txt');
  assert.deepEqual(problems, []);
  return value!.steps[1]!;
};
const passes = (s: Step, payload: unknown) => checkMessage(s, botMessage(payload)).length === 0;
const text = (t: string) => ({ type: 'text', text: t });

test('wildcardIgnoreCase: case ignored, * any text, found anywhere (Botium does not anchor it)', () => {
  assert.ok(wildcardMatch('You said: Hello', 'you said: *'));
  assert.ok(wildcardMatch('Oh, hello there', 'hello'));
  assert.ok(wildcardMatch('Your order 1042 ships Monday', 'order * ships *day'));
  assert.ok(wildcardMatch('anything', '*'));
  assert.ok(wildcardMatch('', ''));
  assert.ok(!wildcardMatch('ships Monday, order 1042', 'order * ships'));
  assert.ok(!wildcardMatch('Hello', 'hello!'));
  assert.ok(!wildcardMatch('abc', 'ABC', false), 'case-sensitive when asked');
  assert.ok(wildcardMatch('a'.repeat(100_000), '*a*a*a*a*a*a*a*a*a*a*a*b'.slice(0, -1)), 'many wildcards stay fast');
});

test('texts are normalized as Botium does: tags, entities, whitespace', () => {
  assert.equal(normalizeText('<p>Hi&amp;bye</p>\n\n  <b>there</b><br/>you'), 'Hi&bye there you');
});

test('text lines: match, negation, several lines, utterance lists', () => {
  assert.ok(passes(step('You said: *'), text('you said: hi')));
  assert.ok(!passes(step('Goodbye'), text('You said: hi')));
  assert.ok(passes(step('!Goodbye'), text('You said: hi')));
  assert.ok(!passes(step('!You said'), text('You said: hi')));
  assert.ok(passes(step('Order', 'is on its way'), { type: 'markdown', markdown: 'Order\n  is on its way' }));
  const alternatives = { ...step('UTT_X'), utterances: ['First text', 'Second text'] };
  assert.ok(passes(alternatives, text('Second text')));
  assert.ok(!passes(alternatives, text('Third text')));
});

test('a failure carries its line and both sides written as a #bot section', () => {
  const [failure] = checkMessage(step('Pick one', 'BUTTONS Track an order|Refund'), botMessage(payloadExamples.choice));
  assert.equal(failure!.line, 5);
  assert.equal(failure!.expected, 'Pick one\nBUTTONS Track an order|Refund');
  assert.equal(failure!.actual, 'What can I help you with?\nBUTTONS Track an order|Return an item|Talk to a human');
  const all = checkMessage(step('Pick one', 'BUTTONS Track an order|Refund'), botMessage(payloadExamples.choice));
  assert.deepEqual(
    all.map((m) => m.line),
    [5, 6],
  );
  assert.match(all[1]!.message, /Expected button "Refund"; the message has "Track an order", "Return an item", "Talk to a human"/);
});

test('BUTTONS: by label or payload, with wildcards, in choices, dropdowns and cards; none given: some button', () => {
  assert.ok(passes(step('BUTTONS Track*|return an item'), payloadExamples.choice));
  assert.ok(passes(step('BUTTONS human'), payloadExamples.choice), 'the option value counts as the payload');
  assert.ok(passes(step('BUTTONS Canada|Japan'), payloadExamples.dropdown));
  assert.ok(passes(step('BUTTONS Choose|Details'), payloadExamples.card));
  assert.ok(passes(step('BUTTONS'), payloadExamples.carousel));
  assert.ok(!passes(step('BUTTONS'), text('plain')));
  assert.ok(passes(step('!BUTTONS'), text('plain')));
  assert.ok(!passes(step('!BUTTONS Canada'), payloadExamples.dropdown));
  assert.ok(passes(step('!BUTTONS Mexico'), payloadExamples.dropdown));
});

test('MEDIA: images, audio, video, files, card images, bloc items', () => {
  assert.ok(passes(step('MEDIA data:audio/*'), payloadExamples.audio));
  assert.ok(passes(step('MEDIA data:video/*'), payloadExamples.video));
  assert.ok(passes(step('MEDIA *invoice-1042.pdf'), payloadExamples.file));
  assert.ok(passes(step('MEDIA data:image/svg+xml*'), payloadExamples.image));
  assert.ok(passes(step('MEDIA'), payloadExamples.card));
  assert.ok(passes(step('Here is your return label', 'MEDIA data:image/svg+xml*|*label.pdf'), payloadExamples.bloc));
  assert.ok(!passes(step('MEDIA *.gif'), payloadExamples.image));
  assert.ok(passes(step('!MEDIA'), text('no media')));
});

test('CARDS: titles and subtitles of cards and carousels', () => {
  assert.ok(passes(step('CARDS Starter|Team|Enterprise'), payloadExamples.carousel));
  assert.ok(passes(step('CARDS Plan 1*'), payloadExamples.card));
  assert.ok(!passes(step('CARDS Premium'), payloadExamples.carousel));
  assert.ok(passes(step('!CARDS'), text('no cards')));
});

test('count asserters and TEXT_* asserters', () => {
  assert.ok(passes(step('BUTTONS_COUNT 3'), payloadExamples.choice));
  assert.ok(passes(step('CARDS_COUNT >=2'), payloadExamples.carousel));
  assert.ok(!passes(step('MEDIA_COUNT <1'), payloadExamples.image));
  assert.ok(passes(step('!MEDIA_COUNT 2'), payloadExamples.image));
  assert.ok(passes(step('TEXT_CONTAINS_ANY refund|orders'), payloadExamples.text));
  assert.ok(!passes(step('TEXT_CONTAINS_ALL orders|refunds'), payloadExamples.text));
  assert.ok(passes(step('TEXT_CONTAINS_ALL_IC HI!|BILLING'), payloadExamples.text));
  assert.ok(!passes(step('TEXT_CONTAINS_ANY hi!'), payloadExamples.text), 'case-sensitive without _IC');
  assert.ok(passes(step('TEXT_REGEXP_ANY ^Hi! I can \\w+'), payloadExamples.text));
  assert.ok(passes(step('TEXT_WILDCARD_ALL Hi*orders|*billing.'), payloadExamples.text));
  assert.ok(passes(step('TEXT You said: x'), text('You said: x')));
  assert.ok(!passes(step('TEXT You said'), text('You said: x')), 'TEXT is equality');
  assert.ok(passes(step('TEXT_IC you SAID: X'), text('You said: x')));
  assert.ok(passes(step('!TEXT_EQUALS nope'), text('You said: x')));
});

test('every payload type reads as text, buttons, media and cards', () => {
  assert.equal(describeMessage(botMessage(payloadExamples.location)), 'Our store\n1 Place Ville Marie, Montréal');
  assert.equal(
    describeMessage(botMessage(payloadExamples.carousel)).split('\n')[0],
    'BUTTONS Choose|Details|Ask about it|Choose|Details|Ask about it|Choose|Details|Ask about it',
  );
  assert.match(describeMessage(botMessage(payloadExamples.image)), /^MEDIA data:image\/svg\+xml;base64,…$/);
  assert.equal(describeMessage(botMessage({ type: 'custom', data: 1 })), '');
  assert.equal(describeMessage(botMessage('not an object')), '');
});
