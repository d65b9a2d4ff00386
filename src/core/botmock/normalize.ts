/**
 * Botmock responses (v1, v2 and the 2018 boards) → the model in ./model. Called once, where a response
 * enters the product; nothing downstream looks at raw Botmock shapes. Never throws on odd data: what is
 * missing or malformed is recorded in `problems` and the original object is kept in `raw`.
 */
import {
  KNOWN_MESSAGE_TYPES,
  type Block,
  type Board,
  type BoardSummary,
  type BotmockShape,
  type Button,
  type Card,
  type Condition,
  type ContentVariant,
  type Edge,
  type Entity,
  type EntityValue,
  type Intent,
  type Message,
  type Project,
  type Segment,
  type Team,
  type Utterance,
  type Variable,
} from './model';

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const record = (v: unknown): Json => (isRecord(v) ? v : {});
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
const nonEmpty = (v: unknown): string | undefined => {
  const s = text(v);
  return s && s.trim() ? s : undefined;
};
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(text).filter((s): s is string => s !== undefined) : []);

/** A list response: an array, or an array under a usual wrapper key; anything else is no items. */
export function listOf(body: unknown, ...keys: string[]): unknown[] {
  if (Array.isArray(body)) return body;
  for (const key of [...keys, 'data', 'items', 'results']) {
    const inner = record(body)[key];
    if (Array.isArray(inner)) return inner;
  }
  return [];
}

// ---------------------------------------------------------------------------------------------- dates

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Minutes east of UTC for a fixed offset (`+02:00`, `-0500`, `Z`, `UTC`), else undefined. */
function fixedOffset(zone: string): number | undefined {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : undefined;
}

/** Minutes east of UTC of an IANA zone at a given instant, else undefined for an unknown zone. */
function zoneOffset(zone: string, instant: number): number | undefined {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(instant));
  } catch {
    return undefined;
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60000);
}

/**
 * A Botmock date → ISO 8601 in UTC. Accepts `"2017-08-24 02:54:09"` (UTC), ISO strings, and the v2
 * object `{ date: "2017-01-10 20:45:21.000000", timezone_type: 3, timezone: "UTC" }` with a UTC,
 * fixed-offset or IANA zone. Undefined when absent or unreadable.
 */
export function normalizeDate(value: unknown): string | undefined {
  const source = isRecord(value) ? text(value.date) : text(value);
  const m = source ? DATE_RE.exec(source.trim()) : null;
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', inlineZone] = m;
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Math.floor(Number(`0.${frac}`) * 1000));
  const zone = inlineZone ?? (isRecord(value) ? text(value.timezone) : undefined) ?? 'UTC';
  let offset = fixedOffset(zone);
  if (offset === undefined) {
    const first = zoneOffset(zone, wall);
    if (first === undefined) return undefined;
    offset = zoneOffset(zone, wall - first * 60000) ?? first;
  }
  const instant = new Date(wall - offset * 60000);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

// ------------------------------------------------------------------------------------------ utterances

const SLOT_RE = /%[^%\s]+%/g;

/**
 * Cuts a text into plain parts and `%variable%` slots. The variables Botmock sends with it (name and
 * start_index) are trusted first, so names with spaces work; other `%name%` runs are found by pattern.
 */
export function parseSegments(value: string, variables: unknown = []): Segment[] {
  const known = listOf(variables).map(record);
  const spans: { start: number; end: number; variable?: Json }[] = [];
  const overlaps = (start: number, end: number) => spans.some((s) => start < s.end && end > s.start);
  for (const v of known) {
    const name = text(v.name);
    const start = typeof v.start_index === 'number' ? v.start_index : -1;
    if (!name || start < 0) continue;
    const written = name.startsWith('%') ? name : `%${name}%`;
    if (value.startsWith(written, start) && !overlaps(start, start + written.length)) {
      spans.push({ start, end: start + written.length, variable: v });
    }
  }
  for (const m of value.matchAll(SLOT_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    const variable = known.find((v) => text(v.name) === m[0] || `%${text(v.name)}%` === m[0]);
    spans.push({ start, end, variable });
  }
  spans.sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start > at) segments.push({ kind: 'text', text: value.slice(at, span.start) });
    const written = value.slice(span.start, span.end);
    segments.push({
      kind: 'slot',
      text: written,
      name: written.slice(1, -1),
      variableId: nonEmpty(span.variable?.id),
      entityId: nonEmpty(span.variable?.entity),
    });
    at = span.end;
  }
  if (at < value.length) segments.push({ kind: 'text', text: value.slice(at) });
  return segments;
}

/** [start, end) ranges of the slots in a segmented text, e.g. for tree label highlights. */
export function slotRanges(segments: Segment[]): [number, number][] {
  const ranges: [number, number][] = [];
  let at = 0;
  for (const s of segments) {
    if (s.kind === 'slot') ranges.push([at, at + s.text.length]);
    at += s.text.length;
  }
  return ranges;
}

/** `[…]` or `{ <locale>: […] }` (v2) → the items, each with its locale. */
function byLocale(value: unknown): { locale?: string; item: unknown }[] {
  if (Array.isArray(value)) return value.map((item) => ({ item }));
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([locale, items]) => (Array.isArray(items) ? items.map((item) => ({ locale, item })) : []));
}

// ------------------------------------------------------------------------ teams, projects, resources

/** Reads the id and name every resource has, noting what is missing. */
function identity(raw: unknown, kind: string): { o: Json; id: string; name: string; problems: string[] } {
  const o = record(raw);
  const problems: string[] = [];
  if (!isRecord(raw)) problems.push(`${kind} is not an object`);
  const id = text(o.id) ?? '';
  if (!id) problems.push(`${kind} has no id`);
  const name = text(o.name) ?? '';
  if (!name && isRecord(raw)) problems.push(`${kind} has no name`);
  return { o, id, name, problems };
}

export function normalizeTeam(raw: unknown): Team {
  const { o, id, name, problems } = identity(raw, 'team');
  return { id, name, photo: nonEmpty(o.photo), createdAt: normalizeDate(o.created_at), problems, raw };
}

export function normalizeProject(raw: unknown): Project {
  const { o, id, name, problems } = identity(raw, 'project');
  const type = text(o.type) ?? '';
  if (!type && isRecord(raw)) problems.push('project has no type');
  const isV2 = 'channels' in o || 'locales' in o || isRecord(o.created_at);
  const platform = nonEmpty(o.platform);
  return {
    id,
    name,
    type,
    platform,
    channels: strings(o.channels),
    locales: strings(o.locales),
    createdAt: normalizeDate(o.created_at),
    updatedAt: normalizeDate(o.updated_at),
    shape: isV2 ? 'v2' : 'v1',
    problems,
    raw,
  };
}

export function normalizeBoardSummary(raw: unknown): BoardSummary {
  const { o, id, name, problems } = identity(raw, 'board');
  return {
    id,
    name,
    projectId: nonEmpty(o.project_id),
    isPrivate: typeof o.is_private === 'boolean' ? o.is_private : undefined,
    createdAt: normalizeDate(o.created_at),
    updatedAt: normalizeDate(o.updated_at),
    problems,
    raw,
  };
}

export function normalizeIntent(raw: unknown): Intent {
  const { o, id, name, problems } = identity(raw, 'intent');
  if (!('utterances' in o) && isRecord(raw)) problems.push('intent has no utterances');
  const utterances: Utterance[] = byLocale(o.utterances).map(({ locale, item }) => {
    const u = isRecord(item) ? item : { text: item };
    const value = text(u.text) ?? '';
    return { locale, text: value, segments: parseSegments(value, u.variables) };
  });
  const slots = listOf(o.slots).map((s) => {
    const slot = record(s);
    return {
      id: nonEmpty(slot.id),
      variableId: nonEmpty(slot.variable_id),
      required: slot.is_required === true,
      prompt: nonEmpty(slot.prompt),
    };
  });
  return {
    id,
    name,
    utterances,
    slots,
    isGlobal: o.is_global === true,
    createdAt: normalizeDate(o.created_at),
    updatedAt: normalizeDate(o.updated_at),
    problems,
    raw,
  };
}

export function normalizeEntity(raw: unknown): Entity {
  const { o, id, name, problems } = identity(raw, 'entity');
  const values: EntityValue[] = byLocale(o.data).map(({ locale, item }) => {
    const v = isRecord(item) ? item : { value: item };
    const synonyms = Array.isArray(v.synonyms) ? strings(v.synonyms) : (text(v.synonyms) ?? '').split(',');
    return {
      locale,
      value: text(v.value) ?? '',
      synonyms: synonyms.map((s) => s.trim()).filter(Boolean),
    };
  });
  return { id, name, values, problems, raw };
}

export function normalizeVariable(raw: unknown): Variable {
  const { o, id, name, problems } = identity(raw, 'variable');
  return {
    id,
    name,
    type: text(o.type) ?? '',
    defaultValue: text(o.default_value),
    entity: nonEmpty(o.entity),
    createdAt: normalizeDate(o.created_at),
    updatedAt: normalizeDate(o.updated_at),
    problems,
    raw,
  };
}

// ---------------------------------------------------------------------------------------------- boards

function normalizeButton(raw: unknown): Button | undefined {
  if (typeof raw === 'string') return { title: raw };
  if (!isRecord(raw)) return undefined;
  const payload = text(raw.payload);
  return {
    title: text(raw.title) ?? text(raw.text) ?? payload ?? '',
    type: nonEmpty(raw.type) ?? nonEmpty(raw.content_type),
    payload,
    url: nonEmpty(raw.url),
  };
}

const buttons = (v: unknown): Button[] =>
  listOf(v)
    .map(normalizeButton)
    .filter((b): b is Button => b !== undefined);

function normalizeCard(raw: unknown): Card {
  const c = record(raw);
  return {
    title: text(c.title) ?? '',
    subtitle: nonEmpty(c.subtitle),
    imageUrl: nonEmpty(c.image_url),
    url: nonEmpty(c.item_url) ?? nonEmpty(c.url) ?? nonEmpty(record(c.default_action).url),
    buttons: buttons(c.buttons),
  };
}

function normalizeBlock(raw: Json, messageType: string): Block {
  const value = text(raw.text);
  return {
    type: nonEmpty(raw.component_type) ?? messageType,
    text: value,
    title: nonEmpty(raw.title),
    address: nonEmpty(raw.address),
    url: nonEmpty(raw.url) ?? nonEmpty(raw.webview_url),
    alternates: strings(raw.alternate_replies).filter((s) => s.trim()),
    buttons: [...buttons(raw.buttons), ...buttons(raw.image_buttons)],
    quickReplies: [...buttons(raw.quick_replies), ...buttons(raw.suggestions)],
    imageUrl: nonEmpty(raw.image_url) ?? nonEmpty(raw.image),
    audioUrl: nonEmpty(raw.audio_file),
    elements: listOf(raw.elements).map(normalizeCard),
    segments: value === undefined ? [] : parseSegments(value, raw.context),
    raw,
  };
}

/** A v2 payload is `{ <locale>: { <channel>: { blocks: [...] } } }`. */
function isLocalizedPayload(payload: Json): boolean {
  const locales = Object.values(payload);
  return (
    locales.length > 0 &&
    locales.every(isRecord) &&
    locales.some((channels) => Object.values(channels).some((c) => isRecord(c) && Array.isArray(c.blocks)))
  );
}

function normalizeVariants(
  payload: unknown,
  message: { id: string; type: string },
  boardMessageIds: ReadonlySet<string>,
): ContentVariant[] {
  const p = record(payload);
  if (!isLocalizedPayload(p)) {
    return [{ blocks: Object.keys(p).length ? [normalizeBlock(p, message.type)] : [] }];
  }
  // Exported v2 boards may copy blocks of connected messages into a message's payload (each block
  // then carries the other message's id): those belong to the other message and are left out.
  const ownBlock = (b: Json) => {
    const id = text(b.id);
    return id === undefined || id === message.id || !boardMessageIds.has(id);
  };
  return Object.entries(p).flatMap(([locale, channels]) =>
    Object.entries(record(channels)).map(([channel, content]) => ({
      locale,
      channel,
      blocks: listOf(record(content).blocks)
        .filter(isRecord)
        .filter(ownBlock)
        .map((b) => normalizeBlock(b, message.type)),
    })),
  );
}

function normalizeCondition(raw: unknown): Condition | undefined {
  if (!isRecord(raw)) return undefined;
  const rules = listOf(raw.rules).map((r) => {
    const rule = record(r);
    return { field: text(rule.field) ?? '', operator: text(rule.operator) ?? '', value: text(rule.value) ?? '' };
  });
  return { combinator: text(raw.combinator) ?? 'and', negated: raw.not === true, rules };
}

function normalizeEdge(raw: unknown): Edge | undefined {
  if (typeof raw === 'string') return raw ? { to: raw } : undefined;
  if (!isRecord(raw)) return undefined;
  const to = text(raw.message_id);
  if (!to) return undefined;
  const intent = isRecord(raw.intent)
    ? { id: nonEmpty(raw.intent.value), name: text(raw.intent.label) ?? text(raw.intent.value) ?? '' }
    : nonEmpty(raw.intent) !== undefined
      ? { name: text(raw.intent)! }
      : undefined;
  return {
    to,
    action: isRecord(raw.action) ? normalizeButton(raw.action) : undefined,
    intent,
    condition: normalizeCondition(raw.conditional),
    connectionId: nonEmpty(raw.connection_id),
  };
}

function normalizeMessage(raw: unknown, index: number, allIds: ReadonlySet<string>): Message {
  const o = record(raw);
  const problems: string[] = [];
  if (!isRecord(raw)) problems.push('message is not an object');
  const id = text(o.message_id) ?? text(o.id) ?? `#${index + 1}`;
  if (!text(o.message_id) && !text(o.id)) problems.push(`message ${index + 1} has no id`);
  const type = nonEmpty(o.message_type) ?? nonEmpty(o.type) ?? 'unknown';
  if (type === 'unknown') problems.push('message has no type');
  const known = (KNOWN_MESSAGE_TYPES as readonly string[]).includes(type);
  if (!known && type !== 'unknown') problems.push(`message type "${type}" is not one Botmock documents`);

  const nextRaw = listOf(o.next_message_ids);
  const next = nextRaw.map(normalizeEdge).filter((e): e is Edge => e !== undefined);
  if (next.length < nextRaw.length) problems.push(`${nextRaw.length - next.length} connection(s) without a target`);
  const previousIds = listOf(o.previous_message_ids)
    .map((p) => (isRecord(p) ? text(p.message_id) : text(p)))
    .filter((p): p is string => !!p);

  const variants = normalizeVariants(o.payload, { id, type }, allIds);
  if (o.payload !== undefined && !isRecord(o.payload)) problems.push('payload is not an object');
  const blocks = variants[0]?.blocks ?? [];
  return {
    id,
    type,
    known,
    fromUser: type === 'user_reply' || blocks[0]?.raw.is_user_reply === true,
    isRoot: o.is_root === true,
    name: nonEmpty(o.node_name) ?? nonEmpty(blocks[0]?.raw.nodeName),
    next,
    previousIds,
    blocks,
    variants,
    problems,
    raw,
  };
}

/**
 * A board response → Board. Accepts `{ board: { root_messages, messages }, created_at, … }` as the API
 * sends it, or the inner `{ root_messages, messages }` alone. `id` comes from the request (the
 * response does not carry it).
 */
export function normalizeBoard(raw: unknown, id: string): Board {
  const outer = record(raw);
  const inner = isRecord(outer.board) ? outer.board : outer;
  const problems: string[] = [];
  if (!isRecord(raw)) problems.push('board is not an object');
  if (!Array.isArray(inner.messages)) problems.push('board has no message list');
  const list = listOf(inner.messages);
  const allIds = new Set(list.map((m) => text(record(m).message_id) ?? '').filter(Boolean));
  const messages = list.map((m, i) => normalizeMessage(m, i, allIds));
  const plainEdges = list.some((m) => listOf(record(m).next_message_ids).some((e) => typeof e === 'string'));
  const localized = messages.some((m) => m.variants.some((v) => v.locale !== undefined));
  const shape: BotmockShape = localized ? 'v2' : plainEdges ? '2018' : 'v1';
  return {
    id,
    rootIds: strings(inner.root_messages),
    messages,
    slots: listOf(inner.slots),
    variables: listOf(inner.variables),
    createdAt: normalizeDate(outer.created_at),
    updatedAt: normalizeDate(outer.updated_at),
    shape,
    problems,
    raw,
  };
}
