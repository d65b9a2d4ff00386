import { deletion, type BodyShape } from './shape';

type Dict = Record<string, unknown>;

export type ChangeKind = 'added' | 'changed' | 'removed';

/** One change a deploy makes remotely: an entry of a map (`states.cart`) or a plain key (`configuration`). */
export interface Change {
  path: string[];
  kind: ChangeKind;
  /** How the remote entry names itself, when its key does not (an installed integration keyed by its id). */
  name?: string;
}

export interface UpdatePlan {
  /** The body to send: the local body, plus every remote entry the file no longer has, set to its deletion value. */
  body: Dict;
  changes: Change[];
  /** What the preview says besides the changes (what is kept, what is reinstalled). */
  notes?: string[];
}

const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasMaps = (shape: BodyShape): boolean => !!shape.entries || Object.values(shape.properties ?? {}).some(hasMaps);

/** A value reduced to what the request declares, without empty or null parts (which the service may add). */
function essence(shape: BodyShape, value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? value.map((v) => essence({}, v)) : undefined;
  if (!isDict(value)) return value ?? undefined;
  const out: Dict = {};
  for (const [key, v] of Object.entries(value)) {
    const inner = shape.entries ?? shape.properties?.[key] ?? (shape.properties ? undefined : {});
    if (!inner) continue;
    const kept = essence(inner, v);
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length ? out : undefined;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (!isDict(a) || !isDict(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
}

/**
 * Whether sending `local` changes `remote`. The service merges what it is sent into what it has, so only
 * the keys the local value sets count (a remote integration entry, say, carries its own id and status).
 */
function same(shape: BodyShape, local: unknown, remote: unknown): boolean {
  const mine = essence(shape, local);
  const theirs = essence(shape, remote);
  if (!isDict(mine) || !isDict(theirs)) return equal(mine, theirs);
  return Object.entries(mine).every(([key, value]) => equal(value, theirs[key]));
}

const nameOf = (key: string, remote: unknown) =>
  isDict(remote) && typeof remote.name === 'string' && remote.name !== key ? { name: remote.name } : {};

/**
 * Walks a local value against the remote one. Returns what to send in its place (undefined: nothing),
 * with removed map entries set to null; reports changes when `report` is set (entries of entries are
 * reported as a change of the outer entry).
 */
function walk(shape: BodyShape, local: unknown, remote: unknown, path: string[], changes: Change[], report: boolean): unknown {
  const remoteDict = isDict(remote) ? remote : {};
  if (shape.entries) {
    if (local !== undefined && !isDict(local)) return local;
    const out: Dict = { ...local };
    let removed = false;
    for (const [key, value] of Object.entries(local ?? {})) {
      const before = remoteDict[key];
      if (before === undefined || before === null) {
        if (report) changes.push({ path: [...path, key], kind: 'added' });
        continue;
      }
      if (report && !same(shape.entries, value, before)) changes.push({ path: [...path, key], kind: 'changed', ...nameOf(key, before) });
      if (hasMaps(shape.entries)) out[key] = walk(shape.entries, value, before, [...path, key], changes, false);
    }
    const gone = deletion(shape.entries);
    for (const [key, value] of Object.entries(remoteDict)) {
      if (gone === undefined || value === null || (local && Object.hasOwn(local, key))) continue;
      out[key] = gone;
      removed = true;
      if (report) changes.push({ path: [...path, key], kind: 'removed', ...nameOf(key, value) });
    }
    return local === undefined && !removed ? undefined : out;
  }
  if (shape.properties && hasMaps(shape)) {
    if (local !== undefined && !isDict(local)) return local;
    const out: Dict = { ...local };
    for (const [key, inner] of Object.entries(shape.properties)) {
      const value = walkKey(inner, local?.[key], remoteDict[key], [...path, key], changes, report);
      if (value === undefined) delete out[key];
      else out[key] = value;
    }
    return local === undefined && !Object.keys(out).length ? undefined : out;
  }
  return local;
}

/** A key of an object: a section with maps inside is walked; any other value is compared whole. */
function walkKey(shape: BodyShape, local: unknown, remote: unknown, path: string[], changes: Change[], report: boolean): unknown {
  if (hasMaps(shape)) return walk(shape, local, remote, path, changes, report);
  if (local !== undefined && report && !same(shape, local, remote)) {
    changes.push({ path, kind: essence(shape, remote) === undefined ? 'added' : 'changed' });
  }
  return local;
}

/**
 * Compares the body a deploy would send with the remote resource (undefined: a new one). The definition
 * file is the whole truth for every map it can declare: an entry the remote has and the file has not is
 * deleted (sent as null, or as an empty string for a bot's own tags), as the official tooling does.
 * Plain keys absent from the body are left as they are remotely.
 */
export function planUpdate(shape: BodyShape, body: Dict, remote: Dict | undefined): UpdatePlan {
  const changes: Change[] = [];
  const out: Dict = { ...body };
  for (const [key, inner] of Object.entries(shape.properties ?? {})) {
    const value = walkKey(inner, body[key], remote?.[key], [key], changes, true);
    if (value !== undefined) out[key] = value;
  }
  return { body: out, changes };
}

const sectionNames: Record<string, string> = {
  'user.tags': 'User tags',
  'conversation.tags': 'Conversation tags',
  'message.tags': 'Message tags',
  tags: 'Tags',
  sdkVersion: 'SDK version',
};

/** A body key as words: `sdkVersion` → "Sdk version" (the known ones are named above). */
const capitalize = (text: string) => {
  const words = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * The changes as lines, one per section, e.g. `States: + cart, ~ profile, − settings`, or
 * `Configuration: changed` for a key changed as a whole.
 */
export function describeChanges(changes: Change[]): string[] {
  const sections = new Map<string, string[]>();
  for (const change of changes) {
    const whole = change.path.length === 1;
    const section = whole ? change.path[0] : change.path.slice(0, -1).join('.');
    const item = whole ? change.kind : `${{ added: '+', changed: '~', removed: '−' }[change.kind]} ${change.name ?? change.path.at(-1)}`;
    sections.set(section, [...(sections.get(section) ?? []), item]);
  }
  return [...sections].map(([section, items]) => `${sectionNames[section] ?? capitalize(section)}: ${items.join(', ')}`);
}

/**
 * A bot as `getBot` returns it, in the terms of the updateBot body it is compared with: an installed
 * integration's `id` is what the body calls `integrationId`.
 */
export function remoteBot(bot: Dict): Dict {
  if (!isDict(bot.integrations)) return bot;
  const integrations = Object.fromEntries(
    Object.entries(bot.integrations).map(([key, entry]) => [
      key,
      isDict(entry) && typeof entry.id === 'string' ? { integrationId: entry.id, ...entry } : entry,
    ]),
  );
  return { ...bot, integrations };
}
