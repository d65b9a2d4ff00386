/**
 * Checking a bot's message against a #bot step, with Botium's defaults: texts are normalized (HTML tags
 * and entities, runs of whitespace), then matched as `wildcardIgnoreCase` does: case ignored, `*` any
 * text, and the expectation found anywhere in the message (Botium's regular expression is not anchored).
 */
import type { Check, Step } from './model';
import { formatArgs } from './parse';
import { compileTextRegexp } from './regexp';

/** A Botpress message as Botium sees one: its text, buttons, media and cards. */
export interface BotMessage {
  readonly text: string;
  readonly buttons: { readonly text: string; readonly payload?: string }[];
  readonly media: string[];
  readonly cards: { readonly text: string; readonly subtext?: string; readonly buttons: BotMessage['buttons']; readonly image?: string }[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A Chat API message payload (text, markdown, image, audio, video, file, location, card, carousel, choice, dropdown, bloc). */
export function botMessage(payload: unknown): BotMessage {
  const out = { texts: [] as string[], buttons: [] as BotMessage['buttons'], media: [] as string[], cards: [] as BotMessage['cards'] };
  collect(payload, out);
  return { text: out.texts.join('\n'), buttons: out.buttons, media: out.media, cards: out.cards };
}

function collect(
  payload: unknown,
  out: { texts: string[]; buttons: BotMessage['buttons']; media: string[]; cards: BotMessage['cards'] },
): void {
  if (!isObject(payload)) return;
  const text = (v: unknown) => {
    if (str(v)) out.texts.push(v as string);
  };
  switch (payload.type) {
    case 'text':
      return text(payload.text);
    case 'markdown':
      return text(payload.markdown);
    case 'image':
    case 'audio':
    case 'video':
    case 'file': {
      const url = str(payload[`${payload.type}Url`]);
      if (url) out.media.push(url);
      return text(payload.title);
    }
    case 'location':
      text(payload.title);
      return text(payload.address);
    case 'card':
      out.cards.push(card(payload));
      return;
    case 'carousel':
      for (const item of Array.isArray(payload.items) ? payload.items : []) if (isObject(item)) out.cards.push(card(item));
      return;
    case 'choice':
    case 'dropdown':
      text(payload.text);
      for (const o of Array.isArray(payload.options) ? payload.options : []) {
        if (isObject(o)) out.buttons.push({ text: str(o.label) ?? str(o.value) ?? '', payload: str(o.value) });
      }
      return;
    case 'bloc':
      for (const item of Array.isArray(payload.items) ? payload.items : []) collect(item, out);
      return;
  }
}

function card(p: Json): BotMessage['cards'][number] {
  const actions = (Array.isArray(p.actions) ? p.actions : []).filter(isObject);
  return {
    text: str(p.title) ?? '',
    subtext: str(p.subtitle),
    image: str(p.imageUrl),
    buttons: actions.map((a) => ({ text: str(a.label) ?? str(a.value) ?? '', payload: str(a.value) })),
  };
}

/** Every button of a message, its cards' too (Botium looks into cards). */
const allButtons = (m: BotMessage) => [...m.buttons, ...m.cards.flatMap((c) => c.buttons)];
const allMedia = (m: BotMessage) => [...m.media, ...m.cards.flatMap((c) => (c.image ? [c.image] : []))];
const allCardTexts = (m: BotMessage) => m.cards.flatMap((c) => [c.text, c.subtext].filter((t): t is string => !!t));

/** The message written as a #bot section would expect it: the text, then BUTTONS, MEDIA and CARDS lines. */
export function describeMessage(m: BotMessage): string {
  const lines = m.text ? [m.text] : [];
  const buttons = allButtons(m).map((b) => b.text);
  if (buttons.length) lines.push(`BUTTONS${formatArgs(buttons)}`);
  const media = allMedia(m).map((u) => (u.startsWith('data:') ? `${u.slice(0, u.indexOf(',') + 1)}…` : u));
  if (media.length) lines.push(`MEDIA${formatArgs(media)}`);
  const cards = allCardTexts(m);
  if (cards.length) lines.push(`CARDS${formatArgs(cards)}`);
  return lines.join('\n');
}

/** Botium's SCRIPTING_NORMALIZE_TEXT (on by default): HTML tags out, entities decoded, whitespace collapsed, trimmed. */
export function normalizeText(text: string): string {
  return tagsOut(tagsOut(tagsOut(tagsOut(text, /<p[^>]*>/g, ' '), /<\/p>/g, ' '), /<br[^>]*>/g, ' '), /<[^>]*>/g, '')
    .replace(/[\x00-\x1F\x7F]/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A tag pattern (`<…>`) replaced as `String.replace` would, in linear time: only up to the last `>`, past
 * which no tag closes (the regular expression alone rescans the rest from every `<`: quadratic).
 */
function tagsOut(text: string, tag: RegExp, by: string): string {
  const end = text.lastIndexOf('>') + 1;
  return end ? text.slice(0, end).replace(tag, by) + text.slice(end) : text;
}

/**
 * Botium's `wildcardIgnoreCase`: `expected`, with `*` standing for any text, occurs somewhere in
 * `actual`, case ignored. Each fixed part is found after the previous one (the leftmost place is always
 * the best one), so long texts and many wildcards stay linear.
 */
export function wildcardMatch(actual: string, expected: string, ignoreCase = true): boolean {
  const haystack = ignoreCase ? actual.toLowerCase() : actual;
  let from = 0;
  for (const part of (ignoreCase ? expected.toLowerCase() : expected).split('*')) {
    const at = haystack.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** Botium's `wildcardExact`: as wildcardMatch, but `expected` covers the whole of `actual`. */
export function wildcardExactMatch(actual: string, expected: string, ignoreCase = true): boolean {
  const haystack = ignoreCase ? actual.toLowerCase() : actual;
  const parts = (ignoreCase ? expected.toLowerCase() : expected).split('*');
  if (parts.length === 1) return haystack === parts[0];
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (haystack.length < first.length + last.length || !haystack.startsWith(first) || !haystack.endsWith(last)) return false;
  const end = haystack.length - last.length;
  let from = first.length;
  for (const part of parts.slice(1, -1)) {
    const at = haystack.indexOf(part, from);
    if (at < 0 || at + part.length > end) return false;
    from = at + part.length;
  }
  return true;
}

/**
 * Botium's comparison of a JSON #bot text with the message: every key it names is in the payload with a
 * matching value (strings as text is matched), arrays of the same length element by element. Undefined
 * when it holds, else what differs.
 */
export function compareData(actual: unknown, expected: unknown): string | undefined {
  const stack: { actual: unknown; expected: unknown; path: string }[] = [{ actual, expected, path: 'payload' }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { actual: a, expected: e, path } = item;
    if (e === null || e === undefined) continue;
    if (Array.isArray(e)) {
      if (!Array.isArray(a)) return `${path}: expected an array, the bot sent ${JSON.stringify(a) ?? 'nothing'}.`;
      if (a.length !== e.length) return `${path}: expected ${e.length} elements, the bot sent ${a.length}.`;
      e.forEach((v, i) => stack.push({ actual: a[i], expected: v, path: `${path}[${i}]` }));
    } else if (typeof e === 'object') {
      for (const [key, v] of Object.entries(e)) {
        if (!isObject(a) && !Array.isArray(a))
          return `${path}: expected an object with "${key}", the bot sent ${JSON.stringify(a) ?? 'nothing'}.`;
        if (!Object.prototype.hasOwnProperty.call(a, key)) return `${path}: the bot's message has no "${key}".`;
        stack.push({ actual: (a as Json)[key], expected: v, path: `${path}.${key}` });
      }
    } else if (!wildcardMatch(normalizeText(jsonText(a)), normalizeText(String(e)))) {
      return `${path}: expected "${String(e)}", the bot sent "${jsonText(a)}".`;
    }
  }
  return undefined;
}

/** A value as Botium's toString gives it for matching. */
const jsonText = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : Array.isArray(v) ? v.map(jsonText).join(',') : (JSON.stringify(v) ?? '');

const equalsIgnoreCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A check that did not hold: the line to show it at, what was expected and what the bot sent. */
export interface Mismatch {
  readonly line: number;
  readonly message: string;
  readonly expected: string;
  readonly actual: string;
}

/** What a step expects, written as in the file (for a diff against describeMessage). */
export function describeStep(step: Step): string {
  const text = step.data !== undefined ? JSON.stringify(step.data) : step.text;
  const lines = text ? [`${step.not ? '!' : ''}${text}`] : [];
  for (const a of step.asserters) lines.push(`${a.not ? '!' : ''}${a.name}${formatArgs(a.args)}`);
  return lines.join('\n');
}

/** Checks a bot message (its payload for a JSON text) against a bot step; empty when all holds. An empty text checks nothing (Botium). */
export function checkMessage(step: Step, message: BotMessage, payload?: unknown): Mismatch[] {
  const expected = describeStep(step);
  const actual = describeMessage(message);
  const failures: Mismatch[] = [];
  const fail = (line: number, text: string) => failures.push({ line, message: text, expected, actual });

  if (step.data !== undefined) {
    const differs = compareData(payload, step.data);
    if (differs) fail(step.textLine ?? step.line, differs);
  } else if (step.text) {
    const response = normalizeText(message.text);
    const candidates = (step.utterances ?? [step.text]).map(normalizeText);
    const matched = candidates.some((c) => wildcardMatch(response, c));
    const line = step.textLine ?? step.line;
    if (matched && step.not) fail(line, `The bot said "${message.text}", which it should not.`);
    if (!matched && !step.not) fail(line, `Expected the bot to say "${step.text}", it said "${message.text}".`);
  }
  for (const check of step.asserters) {
    const problem = assert(check, message);
    if (problem) fail(check.line, problem);
  }
  return failures;
}

/** One asserter: undefined when it holds (negation applied), else why not. */
function assert(check: Check, m: BotMessage): string | undefined {
  const name = check.name;
  const list = (items: string[]) => (items.length ? items.map((i) => `"${i}"`).join(', ') : 'none');
  if (name === 'BUTTONS' || name === 'MEDIA' || name === 'CARDS') {
    const what = name === 'BUTTONS' ? 'button' : name === 'MEDIA' ? 'media' : 'card';
    const candidates =
      name === 'BUTTONS'
        ? allButtons(m).flatMap((b) => [normalizeText(b.text), ...(b.payload !== undefined ? [b.payload] : [])])
        : name === 'MEDIA'
          ? allMedia(m)
          : allCardTexts(m).map(normalizeText);
    const shown = name === 'BUTTONS' ? allButtons(m).map((b) => b.text) : name === 'MEDIA' ? allMedia(m) : allCardTexts(m);
    const found = check.args.filter((arg) => candidates.some((c) => wildcardMatch(c, name === 'MEDIA' ? arg : normalizeText(arg))));
    if (check.not) {
      const hit = check.args.length ? found : shown;
      return hit.length ? `Expected no ${what}${check.args.length ? ` ${list(hit)}` : ''}; the message has ${list(shown)}.` : undefined;
    }
    if (!check.args.length) return candidates.length ? undefined : `Expected some ${what}; the message has none.`;
    const missing = check.args.filter((a) => !found.includes(a));
    return missing.length ? `Expected ${what} ${list(missing)}; the message has ${list(shown)}.` : undefined;
  }
  if (name.endsWith('_COUNT')) {
    const count = name === 'BUTTONS_COUNT' ? allButtons(m).length : name === 'MEDIA_COUNT' ? allMedia(m).length : m.cards.length;
    const [, op = '=', n] = /^(>=|<=|>|<|=)?\s*(\d+)$/.exec(check.args[0] ?? '') ?? [];
    const want = Number(n);
    const ok =
      op === '>=' ? count >= want : op === '<=' ? count <= want : op === '>' ? count > want : op === '<' ? count < want : count === want;
    if (ok === !check.not) return undefined;
    const counted = name.split('_')[0]!.toLowerCase();
    return `Expected ${check.not ? 'not ' : ''}${op === '=' ? '' : `${op} `}${want} ${counted}; the message has ${count}.`;
  }
  // TEXT_* asserters: one of (ANY) or all of (ALL) the arguments match the text.
  const ignoreCase = name.endsWith('_IC');
  const base = ignoreCase ? name.slice(0, -3) : name;
  const text = normalizeText(m.text);
  const matchers: Record<string, (arg: string) => boolean> = {
    TEXT: (a) => (ignoreCase ? equalsIgnoreCase(text, normalizeText(a)) : text === normalizeText(a)),
    TEXT_CONTAINS: (a) => (ignoreCase ? text.toLowerCase().includes(normalizeText(a).toLowerCase()) : text.includes(normalizeText(a))),
    TEXT_WILDCARD: (a) => wildcardMatch(text, normalizeText(a), ignoreCase),
    TEXT_WILDCARDEXACT: (a) => wildcardExactMatch(text, normalizeText(a), ignoreCase),
    TEXT_REGEXP: (a) => {
      const re = compileTextRegexp(a, ignoreCase);
      if ('error' in re) throw new Error(`${name}: "${a}" ${re.error}.`);
      return re.test(text);
    },
  };
  const family = base === 'TEXT' || base === 'TEXT_EQUALS' ? 'TEXT' : base.replace(/_(ANY|ALL)$/, '');
  const all = base.endsWith('_ALL');
  const match = matchers[family]!;
  const hits = check.args.filter(match);
  const ok = all ? hits.length === check.args.length : hits.length > 0;
  if (ok === !check.not) return undefined;
  const which = all ? 'all of' : 'one of';
  return `Expected the text ${check.not ? 'not ' : ''}to match ${which} ${list(check.args)} (${name}); it is "${m.text}".`;
}
