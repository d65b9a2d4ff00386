import * as path from 'node:path';
import { outsideFolder } from './paths';
import { botDefinitionSchema, integrationDefinitionSchema } from '../../generated/definitionSchemas';
import type { ErrorObject } from 'ajv';
import { validate as draft07 } from '../../generated/draft07';
import { parseJson } from './json';
import { MAX_DEPTH, parseYaml } from './yaml';
import { entryOf, toValue, type Entry, type Node, type ObjectNode, type Path, type ScalarNode } from './tree';
import { childSchema, type SpecSchema } from './schema';
import { type Fix, type Problem, type ProblemCode, type Severity } from './problems';
import { insertEntryEdit, removeEntryEdit, renameKeyEdit, replaceScalarEdit, type Format } from './edits';
import { maxColumns, normalizeColumns, tableNameProblem } from '../tables/columns';
import { CAMEL_CASE, closestMatches, didYouMean, humanize, toCamelCase } from './words';

/** The draft-07 meta-schema, precompiled at build time (ajv standalone). */
const validateDraft07 = draft07 as unknown as { (data: unknown): boolean; errors?: ErrorObject[] | null };

export type DefinitionKind = 'bot' | 'integration';

export interface ValidateOptions {
  kind: DefinitionKind;
  /** The file's path: its extension picks YAML or JSON, its folder anchors `code`, `readme` and `icon`. */
  fileName: string;
  /** Whether a file exists (given an absolute path). Without it, referenced files are not checked. */
  fileExists?: (absolutePath: string) => boolean;
}

export interface Validation {
  problems: Problem[];
  /** The syntax tree, when the file could be read. */
  root?: Node;
  /** The definition as plain data, when the file holds an object (even with other problems). */
  definition?: Record<string, unknown>;
}

export const definitionSchemas: Record<DefinitionKind, SpecSchema> = {
  bot: botDefinitionSchema,
  integration: integrationDefinitionSchema,
};

const FILE_NAME = /(?:^|[\\/])(bot|integration)\.definition\.(ya?ml|json)$/;

/** The kind and format of a definition file from its name, or undefined for other files. */
export function definitionFileKind(fileName: string): { kind: DefinitionKind; format: Format } | undefined {
  const m = FILE_NAME.exec(fileName);
  return m ? { kind: m[1] as DefinitionKind, format: m[2] === 'json' ? 'json' : 'yaml' } : undefined;
}

function formatOf(fileName: string): Format {
  return fileName.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

/** Reads a definition file's text into the shared tree, with syntax problems. Never throws. */
export function parseDefinition(text: string, format: Format): { root?: Node; problems: Problem[] } {
  const problem = (e: { start: number; end: number; message: string; code?: ProblemCode }): Problem => ({
    code: e.code ?? 'BP101',
    severity: 'error',
    start: e.start,
    end: e.end,
    message: e.message,
  });
  if (format === 'json') {
    const r = parseJson(text, MAX_DEPTH);
    return { root: r.root, problems: r.error ? [problem(r.error)] : [] };
  }
  const r = parseYaml(text);
  return { root: r.root, problems: r.errors.map(problem) };
}

/**
 * Every check of a definition file, in layers: syntax, the official request schema, embedded JSON
 * Schemas, names, referenced files, advice. Never throws; every range lies inside `text`.
 */
export function validateDefinition(text: string, options: ValidateOptions): Validation {
  const format = formatOf(options.fileName);
  const parsed = parseDefinition(text, format);
  const problems = parsed.problems;
  const root = parsed.root;
  if (problems.length || !root) return { problems: clamp(problems, text.length), root };
  if (root.kind !== 'object') {
    const lineEnd = text.indexOf('\n');
    const exampleKeys = options.kind === 'bot' ? '`states` and `events`' : '`name` and `version`';
    problems.push({
      code: 'BP102',
      severity: 'error',
      start: root.start,
      end: Math.max(root.start, Math.min(root.end, lineEnd < 0 ? text.length : lineEnd)),
      message: `A ${options.kind} definition is a mapping of keys such as ${exampleKeys}.`,
    });
    return { problems: clamp(problems, text.length), root };
  }
  const definition = checkLayers(new Checker(text, format, options, problems), root, options.kind);
  return { problems: clamp(problems, text.length), root, definition };
}

/** Layers 2 to 6 on a parsed tree; returns the definition as plain data. */
function checkLayers(checker: Checker, root: ObjectNode, kind: DefinitionKind): Record<string, unknown> {
  checker.shape(root, definitionSchemas[kind], [], { start: root.start, end: root.start });
  const definition = toValue(root) as Record<string, unknown>;
  checker.embeddedSchemas(definition);
  checker.names(root);
  if (kind === 'bot') checker.tables(root);
  checker.files(root);
  checker.advice(root);
  return definition;
}

/**
 * The same layers (shape, embedded schemas, names, files, advice) on a tree built from data rather
 * than parsed from this text, as an SDK definition's evaluated body: the tree's offsets say where each
 * problem goes. No quick fixes (their edits would be meant for YAML or JSON text).
 */
export function validateDefinitionTree(root: ObjectNode, options: ValidateOptions): Problem[] {
  const problems: Problem[] = [];
  checkLayers(new Checker('', 'json', options, problems), root, options.kind);
  for (const p of problems) delete p.fixes;
  return problems;
}

/** Keeps every range inside the document, in document order. */
function clamp(problems: Problem[], length: number): Problem[] {
  for (const p of problems) {
    p.start = Math.max(0, Math.min(p.start, length));
    p.end = Math.max(p.start, Math.min(p.end, length));
  }
  return problems.sort((a, b) => a.start - b.start || a.end - b.end);
}

const typeName = (node: Node): string =>
  node.kind === 'object'
    ? 'a mapping'
    : node.kind === 'array'
      ? 'a list'
      : node.value === null
        ? 'nothing (null)'
        : typeof node.value === 'string'
          ? 'text'
          : typeof node.value === 'number'
            ? 'a number'
            : 'a boolean';

const expected: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
};

/** Characters as JSON Schema counts them (code points, not UTF-16 units). */
function length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

/** The plain value at a path (one the tree walk found, so every step exists). */
function valueAt(value: unknown, path: Path): unknown {
  for (const seg of path) value = (value as Record<string | number, unknown>)[seg];
  return value;
}

/** Where each key of a mapping first and last appears: maps for large mappings, a scan for small ones (most). */
function keyIndexes(node: ObjectNode): { first: (key: string) => number; last: (key: string) => number } {
  const entries = node.entries;
  if (entries.length <= 16) {
    return {
      first: (key) => entries.findIndex((e) => e.key === key),
      last: (key) => {
        for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return i;
        return -1;
      },
    };
  }
  const firstOf = new Map<string, number>();
  const lastOf = new Map<string, number>();
  entries.forEach((e, i) => {
    if (!firstOf.has(e.key)) firstOf.set(e.key, i);
    lastOf.set(e.key, i);
  });
  return { first: (key) => firstOf.get(key) ?? -1, last: (key) => lastOf.get(key) ?? -1 };
}

/** Names the official tooling wants camelCase, per kind of file: the maps whose keys are names. */
const namedMaps: Record<DefinitionKind, Path[]> = {
  bot: [['states'], ['events'], ['actions']],
  integration: [['states'], ['events'], ['actions'], ['channels']],
};

class Checker {
  /**
   * Every embedded `schema` met by the shape walk, with its path; `live` when each step of the path is
   * the last of duplicated keys, so the definition's data holds this very schema.
   */
  private readonly schemas: { entry: Entry; path: Path; live: boolean }[] = [];

  constructor(
    private readonly text: string,
    private readonly format: Format,
    private readonly options: ValidateOptions,
    private readonly problems: Problem[],
  ) {}

  private report(
    code: ProblemCode,
    range: { start: number; end: number },
    message: string,
    fixes?: Fix[],
    severity: Severity = 'error',
  ): void {
    this.problems.push({ code, severity, start: range.start, end: range.end, message, ...(fixes?.length ? { fixes } : {}) });
  }

  /**
   * Layer 2: the official request schema. `owner` is where a problem about the whole node goes: the
   * key of its entry, or the item itself in a list.
   */
  shape(
    node: Node,
    schema: SpecSchema,
    path: Path,
    owner: Entry | { start: number; end: number },
    live = true,
    parent?: { object: ObjectNode; schema: SpecSchema },
  ): void {
    if (node.kind === 'scalar' && node.value === null && schema.nullable) return;
    const type = schema.type;
    if (type && !this.hasType(node, type)) {
      const fixes: Fix[] = [];
      if (type === 'string' && node.kind === 'scalar' && node.value !== null && this.format === 'yaml') {
        const raw = this.text.slice(node.start, node.end);
        fixes.push({ title: `Quote ${raw} as text`, edits: [{ start: node.start, end: node.end, newText: JSON.stringify(raw) }] });
      }
      this.report('BP202', node, `Expected ${expected[type]}${schema.nullable ? ' or null' : ''}, found ${typeName(node)}.`, fixes);
      return;
    }
    if (node.kind === 'scalar') {
      const v = node.value;
      if (schema.enum && !schema.enum.includes(v)) {
        const allowed = schema.enum.map(String);
        const matches = typeof v === 'string' ? closestMatches(v, allowed) : [];
        this.report(
          'BP203',
          node,
          `${JSON.stringify(v)} is not allowed here; expected one of: ${allowed.join(', ')}.${didYouMean(matches)}`,
          matches.map((m) => ({ title: `Change to "${m}"`, edits: [replaceScalarEdit(this.text, node, m, this.format)] })),
        );
      }
      if (typeof v === 'string') {
        const n = schema.maxLength !== undefined || schema.minLength !== undefined ? length(v) : 0;
        if (schema.maxLength !== undefined && n > schema.maxLength) {
          const fixes = this.shortenFixes(node, v, schema.maxLength, 'keyStart' in owner ? owner.key : undefined, parent);
          this.report('BP204', node, `Too long: ${n} characters, at most ${schema.maxLength} allowed.`, fixes);
        }
        if (schema.minLength !== undefined && n < schema.minLength) {
          this.report('BP204', node, `Too short: ${n} characters, at least ${schema.minLength} needed.`);
        }
      }
      if (typeof v === 'number') {
        if (schema.minimum !== undefined && v < schema.minimum) this.report('BP206', node, `Must be at least ${schema.minimum}.`);
        if (schema.maximum !== undefined && v > schema.maximum) this.report('BP206', node, `Must be at most ${schema.maximum}.`);
      }
      return;
    }
    if (node.kind === 'array') {
      const items = schema.items;
      if (!items) return;
      node.items.forEach((item, i) => {
        path.push(i);
        this.shape(item, items, path, item, live);
        path.pop();
      });
      return;
    }
    // Duplicates: the last entry of each key counts. A map only for large mappings; small ones (most) are cheaper to scan.
    const { first, last } = keyIndexes(node);
    let present: Set<string> | undefined;
    node.entries.forEach((entry, i) => {
      if (first(entry.key) < i) {
        this.report('BP207', { start: entry.keyStart, end: entry.keyEnd }, `Duplicate key "${entry.key}": only the last one counts.`, [
          { title: `Remove this "${entry.key}"`, edits: [removeEntryEdit(this.text, node, entry)] },
        ]);
      }
      const child = childSchema(schema, entry.key);
      if (!child) {
        if (schema.additionalProperties === false) {
          present ??= new Set(node.entries.map((e) => e.key));
          this.unknownKey(node, entry, Object.keys(schema.properties ?? {}), path, present);
        }
        return;
      }
      path.push(entry.key);
      const liveHere = live && last(entry.key) === i;
      if (entry.key === 'schema' && child.type === 'object' && child.additionalProperties === true && !child.properties) {
        if (entry.value.kind === 'object') this.schemas.push({ entry, path: [...path], live: liveHere });
      }
      this.shape(entry.value, child, path, entry, liveHere, { object: node, schema });
      path.pop();
    });
    for (const name of schema.required ?? []) {
      if (!entryOf(node, name)) {
        const where = 'keyStart' in owner ? { start: owner.keyStart, end: owner.keyEnd } : owner;
        this.report('BP205', where, `Missing required key "${name}"${path.length ? ` in ${path.join('.')}` : ''}.`);
      }
    }
  }

  /**
   * "Shorten to N characters": cut at the last word break in the limit (or at the limit), and for a
   * title whose mapping takes a description, a second fix that moves the rest there.
   */
  private shortenFixes(
    node: ScalarNode,
    value: string,
    max: number,
    key: string | undefined,
    parent?: { object: ObjectNode; schema: SpecSchema },
  ): Fix[] {
    const chars = Array.from(value);
    const head = chars.slice(0, max).join('');
    const space = head.lastIndexOf(' ');
    const cut = space >= max / 2 ? space : head.length;
    const short = head.slice(0, cut).trimEnd();
    const rest = value.slice(cut).trim();
    const shorten = replaceScalarEdit(this.text, node, short, this.format);
    const fixes: Fix[] = [{ title: `Shorten to ${max} characters`, edits: [shorten] }];
    const descriptionSchema = parent && key === 'title' ? childSchema(parent.schema, 'description') : undefined;
    if (!parent || !descriptionSchema || descriptionSchema.type !== 'string' || !rest) return fixes;
    const existing = entryOf(parent.object, 'description')?.value;
    const title = `Shorten to ${max} characters, the rest into the description`;
    const fits = (text: string) => descriptionSchema.maxLength === undefined || length(text) <= descriptionSchema.maxLength;
    if (!existing) {
      if (fits(rest)) fixes.push({ title, edits: [shorten, insertEntryEdit(this.text, parent.object, 'description', rest, this.format)] });
    } else if (existing.kind === 'scalar' && typeof existing.value === 'string') {
      const joined = existing.value.trim() ? `${rest} ${existing.value.trim()}` : rest;
      if (fits(joined)) fixes.push({ title, edits: [shorten, replaceScalarEdit(this.text, existing, joined, this.format)] });
    }
    return fixes;
  }

  private hasType(node: Node, type: NonNullable<SpecSchema['type']>): boolean {
    if (type === 'object') return node.kind === 'object';
    if (type === 'array') return node.kind === 'array';
    if (node.kind !== 'scalar') return false;
    const v = node.value;
    if (type === 'integer') return typeof v === 'number' && Number.isInteger(v);
    return typeof v === type;
  }

  private unknownKey(object: ObjectNode, entry: Entry, allowed: string[], path: Path, present: Set<string>): void {
    const matches = closestMatches(entry.key, allowed);
    const where = path.length ? ` in ${path.join('.')}` : '';
    const fixes: Fix[] = matches
      .filter((m) => !present.has(m))
      .map((m) => ({ title: `Rename to "${m}"`, edits: [renameKeyEdit(this.text, entry, m, this.format)] }));
    fixes.push({ title: `Remove "${entry.key}"`, edits: [removeEntryEdit(this.text, object, entry)] });
    // A close key already set here: renaming would make a duplicate, so only say so.
    const set = matches.length === 1 && present.has(matches[0]) ? ` Did you mean "${matches[0]}"? It is already set here.` : undefined;
    this.report(
      'BP201',
      { start: entry.keyStart, end: entry.keyEnd },
      `Unknown key "${entry.key}"${where}.${set ?? (matches.length ? didYouMean(matches) : ` Allowed: ${allowed.join(', ')}.`)}`,
      fixes,
    );
  }

  /** Layer 3: each embedded `schema` is a draft-07 JSON Schema; a state's describes an object. */
  embeddedSchemas(definition: Record<string, unknown>): void {
    for (const { entry, path, live } of this.schemas) {
      const schema = entry.value;
      // The definition's data holds the last of duplicated keys: an earlier duplicate converts its own.
      const value = live ? valueAt(definition, path) : toValue(schema);
      if (!validateDraft07(value)) {
        const byPath = new Map<string, ErrorObject[]>();
        for (const e of validateDraft07.errors ?? []) {
          const list = byPath.get(e.instancePath) ?? [];
          list.push(e);
          byPath.set(e.instancePath, list);
        }
        for (const [pointer, errors] of byPath) {
          const chosen = errors.find((e) => e.keyword === 'enum') ?? errors.find((e) => e.keyword !== 'anyOf') ?? errors[0];
          const detail =
            chosen.keyword === 'enum' ? `${chosen.message}: ${(chosen.params.allowedValues as unknown[]).join(', ')}` : chosen.message;
          const segments = pointer
            .split('/')
            .slice(1)
            .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
          this.report(
            'BP301',
            this.rangeIn(entry, segments),
            `Invalid JSON Schema${segments.length ? ` at ${segments.join('.')}` : ''}: ${detail}.`,
          );
        }
      }
      const isState = path.length === 3 && path[0] === 'states';
      if (isState && (value as { type?: unknown }).type !== 'object') {
        const typeEntry = entryOf(schema, 'type');
        const fixes: Fix[] = [];
        if (typeEntry)
          fixes.push({ title: 'Change to "object"', edits: [replaceScalarEdit(this.text, typeEntry.value, 'object', this.format)] });
        else if (schema.kind === 'object')
          fixes.push({ title: 'Add "type: object"', edits: [insertEntryEdit(this.text, schema, 'type', 'object', this.format)] });
        this.report(
          'BP302',
          typeEntry ? typeEntry.value : { start: entry.keyStart, end: entry.keyEnd },
          `The schema of state "${path[1]}" must describe an object (type: object).`,
          fixes,
        );
      }
    }
  }

  /** The range of the node at `segments` inside an embedded schema: a scalar's value, else its key. */
  private rangeIn(entry: Entry, segments: string[]): { start: number; end: number } {
    let range = { start: entry.keyStart, end: entry.keyEnd };
    let node: Node | undefined = entry.value;
    for (const seg of segments) {
      if (node?.kind === 'object') {
        const e = entryOf(node, seg);
        if (!e) break;
        range = { start: e.keyStart, end: e.keyEnd };
        node = e.value;
      } else if (node?.kind === 'array') {
        node = node.items[Number(seg)];
        if (node) range = node;
      } else break;
    }
    return node?.kind === 'scalar' ? node : range;
  }

  /** Layer 4: names of states, events, actions, channels and messages. */
  names(root: ObjectNode): void {
    const maps: { object: ObjectNode; what: string }[] = [];
    for (const p of namedMaps[this.options.kind]) {
      const v = entryOf(root, String(p[0]))?.value;
      if (v?.kind === 'object') maps.push({ object: v, what: String(p[0]).replace(/s$/, '') });
    }
    if (this.options.kind === 'integration') {
      const channels = entryOf(root, 'channels')?.value;
      if (channels?.kind === 'object') {
        for (const c of channels.entries) {
          const messages = entryOf(c.value, 'messages')?.value;
          if (messages?.kind === 'object') maps.push({ object: messages, what: 'message' });
        }
      }
    }
    for (const { object, what } of maps) {
      let keys: Set<string> | undefined;
      for (const entry of object.entries) {
        const name = entry.key;
        const key = { start: entry.keyStart, end: entry.keyEnd };
        if (name.length < 2 || name.length > 100) {
          this.report(
            'BP402',
            key,
            `The ${what} name "${name.length > 40 ? name.slice(0, 40) + '…' : name}" ` +
              `must be 2 to 100 characters long (it has ${name.length}).`,
          );
        }
        if (!CAMEL_CASE.test(name)) {
          const fixed = toCamelCase(name);
          keys ??= new Set(object.entries.map((e) => e.key));
          const usable = CAMEL_CASE.test(fixed) && fixed.length >= 2 && fixed.length <= 100 && !keys.has(fixed);
          this.report(
            'BP401',
            key,
            `The ${what} name "${name}" must be camelCase ` +
              `(start with a lowercase letter; letters and digits only; no two capitals in a row)${usable ? `: "${fixed}"` : ''}.`,
            usable
              ? [{ title: `Rename to "${fixed}" (and its references in this file)`, edits: this.renameWithReferences(root, entry, fixed) }]
              : undefined,
          );
        }
      }
    }
  }

  /** Layers 3 and 4 for a bot's `tables`: names the Tables API accepts; schemas of at most 20 columns it can hold. */
  tables(root: ObjectNode): void {
    const tables = entryOf(root, 'tables')?.value;
    if (tables?.kind !== 'object') return;
    for (const table of tables.entries) {
      const nameProblem = tableNameProblem(table.key);
      if (nameProblem) this.report('BP404', { start: table.keyStart, end: table.keyEnd }, `${nameProblem}.`);
      const schema = table.value.kind === 'object' ? entryOf(table.value, 'schema') : undefined;
      // A schema that is not an object is the shape layer's (BP202).
      if (schema?.value.kind !== 'object') continue;
      const value = toValue(schema.value);
      const { columns, problems } = normalizeColumns(value);
      const properties = entryOf(schema.value, 'properties')?.value;
      const columnsNode = properties?.kind === 'object' ? properties : schema.value;
      for (const p of problems) {
        const at = p.column === undefined ? undefined : entryOf(columnsNode, p.column);
        this.report('BP303', at ? { start: at.keyStart, end: at.keyEnd } : { start: schema.keyStart, end: schema.keyEnd }, `${p.message}.`);
      }
      const count = Object.keys(columns).length + problems.filter((p) => p.column !== undefined).length;
      if (count > maxColumns)
        this.report(
          'BP303',
          { start: schema.keyStart, end: schema.keyEnd },
          `Table "${table.key}" has ${count} columns; at most ${maxColumns}.`,
        );
    }
  }

  /** Text values outside embedded schemas, by value: what a rename updates with a name. Built on first use. */
  private textValues: Map<string, Node[]> | undefined;

  /** Renames a name and every text value in the file that refers to it (outside embedded schemas). */
  private renameWithReferences(root: Node, entry: Entry, newName: string) {
    if (!this.textValues) {
      const index = new Map<string, Node[]>();
      const visit = (node: Node) => {
        if (node.kind === 'scalar') {
          if (typeof node.value !== 'string') return;
          const same = index.get(node.value);
          if (same) same.push(node);
          else index.set(node.value, [node]);
        } else if (node.kind === 'array') node.items.forEach(visit);
        else for (const e of node.entries) if (e.key !== 'schema') visit(e.value);
      };
      visit(root);
      this.textValues = index;
    }
    const references = this.textValues.get(entry.key) ?? [];
    return [
      renameKeyEdit(this.text, entry, newName, this.format),
      ...references.map((node) => replaceScalarEdit(this.text, node, newName, this.format)),
    ];
  }

  /** Layer 5: `code`, `readme` (.md) and `icon` (.svg) name files that exist. */
  files(root: ObjectNode): void {
    const { fileExists, fileName } = this.options;
    const refs: [string, string | undefined][] = [['code', undefined]];
    if (this.options.kind === 'integration') refs.push(['readme', '.md'], ['icon', '.svg']);
    for (const [key, extension] of refs) {
      const value = entryOf(root, key)?.value;
      if (value?.kind !== 'scalar' || typeof value.value !== 'string' || !value.value) continue;
      const ref = value.value;
      if (extension && !ref.toLowerCase().endsWith(extension)) {
        this.report('BP502', value, `\`${key}\` must name a ${extension} file.`);
        continue;
      }
      // Readme and icon are sent to Botpress as they are: never a file from outside the project.
      const outside = extension && outsideFolder(path.dirname(path.resolve(fileName)), ref, !!fileExists);
      if (outside) {
        this.report('BP503', value, `\`${key}\` names "${ref}", which is not inside this file's folder: ${outside}.`);
        continue;
      }
      if (!fileExists) continue;
      const absolute = path.resolve(path.dirname(path.resolve(fileName)), ref);
      let exists: boolean;
      try {
        exists = fileExists(absolute);
      } catch {
        exists = false;
      }
      if (!exists) this.report('BP501', value, `\`${key}\` names "${ref}", which does not exist next to this file.`);
    }
  }

  /** Layer 6: tags, states, events and configuration fields without a title or description. */
  advice(root: ObjectNode): void {
    const kind = this.options.kind;
    const tagOwners = [['user'], ['conversation'], ['message']];
    const channels = entryOf(root, 'channels')?.value;
    if (kind === 'integration' && channels?.kind === 'object') {
      for (const c of channels.entries) tagOwners.push(['channels', c.key, 'conversation'], ['channels', c.key, 'message']);
    }
    for (const owner of tagOwners) {
      let n: Node | undefined = root;
      for (const seg of owner) n = entryOf(n, seg)?.value;
      this.adviseEach(entryOf(n, 'tags')?.value, 'tag');
    }
    this.adviseEach(entryOf(root, 'events')?.value, 'event');
    // A state has no title of its own: its schema carries them.
    const states = entryOf(root, 'states')?.value;
    if (states?.kind === 'object') {
      for (const s of states.entries) {
        const schema = entryOf(s.value, 'schema');
        if (schema?.value.kind === 'object') this.advise(schema.value, s, 'state', { start: s.keyStart, end: s.keyEnd });
      }
    }
    const configurations = [entryOf(root, 'configuration')?.value];
    const more = entryOf(root, 'configurations')?.value;
    if (more?.kind === 'object') configurations.push(...more.entries.map((e) => e.value));
    for (const c of configurations) {
      const properties = entryOf(entryOf(c, 'schema')?.value, 'properties')?.value;
      this.adviseEach(properties, 'configuration field');
    }
  }

  private adviseEach(map: Node | undefined, what: string): void {
    if (map?.kind !== 'object') return;
    for (const e of map.entries) if (e.value.kind === 'object') this.advise(e.value, e, what, { start: e.keyStart, end: e.keyEnd });
  }

  private advise(object: ObjectNode, named: Entry, what: string, at: { start: number; end: number }): void {
    if (this.missingText(object, 'title'))
      this.report('BP601', at, `The ${what} "${named.key}" has no title.`, this.addFix(object, 'title', humanize(named.key)), 'warning');
    if (this.missingText(object, 'description')) {
      this.report(
        'BP602',
        at,
        `The ${what} "${named.key}" has no description.`,
        this.addFix(object, 'description', humanize(named.key)),
        'warning',
      );
    }
  }

  /** Whether `key` has no text, in the schema itself or in its `x-zui` annotations (where zod's `.title()` goes). */
  private missingText(object: ObjectNode, key: string): boolean {
    const text = (v: Node | undefined) => v?.kind === 'scalar' && typeof v.value === 'string' && !!v.value.trim();
    return !text(entryOf(object, key)?.value) && !text(entryOf(entryOf(object, 'x-zui')?.value, key)?.value);
  }

  /** Adding the key, unless it is present (with an empty or wrong value, the user edits it). */
  private addFix(object: ObjectNode, key: 'title' | 'description', value: string): Fix[] {
    return entryOf(object, key) ? [] : [{ title: `Add a ${key}`, edits: [insertEntryEdit(this.text, object, key, value, this.format)] }];
  }
}
