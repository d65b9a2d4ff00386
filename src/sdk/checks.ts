/**
 * The definition layers on an SDK definition's evaluated body, each problem placed on the TypeScript
 * source: the key of the offending entry where the syntax walk found it, else the nearest enclosing
 * key, else the `new BotDefinition(` call.
 */
import * as path from 'node:path';
import { validateDefinitionTree } from '../core/definitions';
import type { Problem } from '../core/definitions/problems';
import type { Entry, Node, ObjectNode } from '../core/definitions/tree';
import type { DefinitionExtras, Located, Range } from './protocol';
import type { SdkProjectKind } from './project';

export interface SdkEntry {
  kind: 'state' | 'event' | 'action' | 'channel' | 'message' | 'tag' | 'configuration' | 'secret' | 'integration' | 'user' | 'conversation';
  name: string;
  start: number;
  end: number;
  jsonSchema?: unknown;
}

/** Where body paths are written in the source, with the fallback for everything else. */
export class SourceMap {
  private readonly byPath = new Map<string, Range>();

  constructor(
    located: Located[],
    readonly fallback: Range,
  ) {
    for (const [p, start, end] of located) if (!this.byPath.has(p)) this.byPath.set(p, [start, end]);
  }

  /** The exact range of a path's key, if written in the file. */
  exact(p: string): Range | undefined {
    return this.byPath.get(p);
  }

  /** The range of a path's key, or of its nearest ancestor written in the file. */
  at(segments: readonly string[]): Range {
    for (let n = segments.length; n > 0; n--) {
      const r = this.byPath.get(segments.slice(0, n).join('.'));
      if (r) return r;
    }
    return this.fallback;
  }
}

/** A syntax tree standing for `value`, every node placed where the source map puts its path. */
export function toTree(value: Record<string, unknown>, map: SourceMap): ObjectNode {
  const build = (v: unknown, segments: string[]): Node => {
    const [start, end] = map.at(segments);
    if (Array.isArray(v))
      return { kind: 'array', start, end, flow: true, items: v.map((item, i) => build(item, [...segments, String(i)])) };
    if (v && typeof v === 'object') {
      const entries: Entry[] = Object.entries(v).map(([key, child]) => {
        const at = [...segments, key];
        const [keyStart, keyEnd] = map.at(at);
        return { key, keyStart, keyEnd, value: build(child, at) };
      });
      return { kind: 'object', start, end, flow: true, entries };
    }
    return { kind: 'scalar', start, end, value: v as string | number | boolean | null };
  };
  return build(value, []) as ObjectNode;
}

/**
 * A bot's events as the advice layer reads them: the SDK's bot EventDefinition has no title or description
 * (TypeScript refuses them), so those of the event's schema (`.title()`, `.describe()`) count, as for a state.
 */
function withEventTexts(body: Record<string, unknown>): Record<string, unknown> {
  const events = body.events as Record<string, Record<string, unknown>> | undefined;
  if (!events) return body;
  const texts = (e: Record<string, unknown>) => {
    const schema = (e.schema ?? {}) as Record<string, unknown>;
    const zui = (schema['x-zui'] ?? {}) as Record<string, unknown>;
    const found = { title: e.title ?? zui.title ?? schema.title, description: e.description ?? schema.description };
    return Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined));
  };
  return { ...body, events: Object.fromEntries(Object.entries(events).map(([k, e]) => [k, { ...e, ...texts(e ?? {}) }])) };
}

/** SCREAMING_SNAKE_CASE, as the official CLI checks secret names. */
const SCREAMING_SNAKE = /^[A-Z0-9]+(?:_[A-Z0-9]+)*$/;

export function checkBody(
  kind: SdkProjectKind,
  definitionFile: string,
  body: Record<string, unknown>,
  extras: DefinitionExtras,
  map: SourceMap,
  fileExists: (absolutePath: string) => boolean,
): Problem[] {
  const problems: Problem[] = [];
  const report = (code: Problem['code'], [start, end]: Range, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ code, severity, start, end, message });
  if (kind === 'bot' || kind === 'integration') {
    const checked = kind === 'bot' ? withEventTexts(body) : body;
    problems.push(...validateDefinitionTree(toTree(checked, map), { kind, fileName: definitionFile, fileExists }));
  }
  for (const name of Object.keys(extras.secrets ?? {})) {
    if (!SCREAMING_SNAKE.test(name)) {
      const fixed = name
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_|_$/g, '')
        .toUpperCase();
      report(
        'BP403',
        map.at(['secrets', name]),
        `The secret name "${name}" must be SCREAMING_SNAKE_CASE ` +
          `(capital letters, digits and single underscores)${fixed ? `: "${fixed}"` : ''}.`,
      );
    }
  }
  // Scripts the CLI reads and sends beside readme and icon.
  const scripts: [string[], unknown][] = [];
  const identifier = body.identifier as Record<string, unknown> | undefined;
  for (const k of ['extractScript', 'fallbackHandlerScript']) scripts.push([['identifier', k], identifier?.[k]]);
  const configs: [string[], unknown][] = [[['configuration'], body.configuration]];
  for (const [name, c] of Object.entries((body.configurations as Record<string, unknown> | undefined) ?? {}))
    configs.push([['configurations', name], c]);
  for (const [at, c] of configs)
    scripts.push([
      [...at, 'identifier', 'linkTemplateScript'],
      ((c as Record<string, unknown> | undefined)?.identifier as Record<string, unknown> | undefined)?.linkTemplateScript,
    ]);
  for (const [at, ref] of scripts) {
    if (typeof ref !== 'string' || !ref) continue;
    const absolute = path.resolve(path.dirname(definitionFile), ref);
    let exists: boolean;
    try {
      exists = fileExists(absolute);
    } catch {
      exists = false;
    }
    if (!exists) report('BP501', map.at(at), `\`${at.join('.')}\` names "${ref}", which does not exist next to this file.`);
  }
  return problems;
}

/** What the editor shows on hover: each named entry written in the file, with the JSON Schema the SDK made. */
export function entriesOf(body: Record<string, unknown>, extras: DefinitionExtras, map: SourceMap): SdkEntry[] {
  const out: SdkEntry[] = [];
  const add = (kind: SdkEntry['kind'], name: string, p: string, jsonSchema?: unknown) => {
    const r = map.exact(p);
    if (r) out.push({ kind, name, start: r[0], end: r[1], ...(jsonSchema !== undefined ? { jsonSchema } : {}) });
  };
  const each = (record: unknown, f: (name: string, value: Record<string, unknown>) => void) => {
    if (record && typeof record === 'object') for (const [k, v] of Object.entries(record)) f(k, (v ?? {}) as Record<string, unknown>);
  };
  each(body.states, (n, s) => add('state', n, `states.${n}`, s.schema));
  each(body.events, (n, e) => add('event', n, `events.${n}`, e.schema));
  each(body.actions, (n, a) =>
    add('action', n, `actions.${n}`, {
      input: (a.input as Record<string, unknown> | undefined)?.schema,
      output: (a.output as Record<string, unknown> | undefined)?.schema,
    }),
  );
  each(body.channels, (c, channel) => {
    add('channel', c, `channels.${c}`);
    each(channel.messages, (m, message) => add('message', m, `channels.${c}.messages.${m}`, message.schema));
    for (const owner of ['message', 'conversation'])
      each((channel[owner] as Record<string, unknown> | undefined)?.tags, (t) => add('tag', t, `channels.${c}.${owner}.tags.${t}`));
  });
  for (const owner of ['user', 'conversation', 'message'] as const) {
    const o = body[owner] as Record<string, unknown> | undefined;
    if (owner !== 'message') add(owner, owner, owner);
    each(o?.tags, (t) => add('tag', t, `${owner}.tags.${t}`));
  }
  const configuration = body.configuration as Record<string, unknown> | undefined;
  if (configuration) add('configuration', 'configuration', 'configuration', configuration.schema);
  each(body.configurations, (n, c) => add('configuration', n, `configurations.${n}`, c.schema));
  each(extras.secrets, (n) => add('secret', n, `secrets.${n}`));
  each(body.integrations, (n) => add('integration', n, `integrations.${n}`));
  return out.sort((a, b) => a.start - b.start);
}
