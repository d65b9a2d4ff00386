// `botpress.knowledge.json`: the team's shared mapping of folders to knowledge bases.
//
//   { "mappings": [ { "folder": "docs", "bot": "<bot id>", "kb": "Help Center",
//                     "include": ["**/*.md"], "exclude": ["drafts/**"] } ] }
//
// Read with exact offsets, so the editor can underline what is wrong (the checks that need the disk or the
// API, a missing folder or an unknown bot, are the editor's; the shape is checked here).
import { parseJson } from '../definitions/json';
import { entryOf, toValue, type Node } from '../definitions/tree';

export const mappingFileName = 'botpress.knowledge.json';

export interface KnowledgeMapping {
  /** Relative to the mapping file's folder. */
  folder: string;
  bot: string;
  /** The workspace of the bot; found by the bot's id when absent. */
  workspace?: string;
  kb: string;
  include?: string[];
  exclude?: string[];
}

export interface Span {
  start: number;
  end: number;
}

export interface MappingProblem extends Span {
  message: string;
}

export interface ParsedMapping {
  mapping: KnowledgeMapping;
  /** Where each field's value is (for problems found later: missing folder, unknown bot). */
  at: Partial<Record<keyof KnowledgeMapping, Span>> & { self: Span };
}

const fields: Record<keyof KnowledgeMapping, 'string' | 'strings'> = {
  folder: 'string',
  bot: 'string',
  workspace: 'string',
  kb: 'string',
  include: 'strings',
  exclude: 'strings',
};
const required: (keyof KnowledgeMapping)[] = ['folder', 'bot', 'kb'];

export function parseMappingFile(text: string): { mappings: ParsedMapping[]; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const parsed = parseJson(text, 16);
  if (parsed.error) return { mappings: [], problems: [parsed.error] };
  const root = parsed.root!;
  const list = entryOf(root, 'mappings');
  if (root.kind !== 'object' || !list) {
    problems.push({ start: root.start, end: root.end, message: 'Expected an object with "mappings": [ { "folder", "bot", "kb" } ]' });
    return { mappings: [], problems };
  }
  for (const e of root.entries)
    if (e.key !== 'mappings' && e.key !== '$schema') problems.push({ start: e.keyStart, end: e.keyEnd, message: `Unknown key "${e.key}"` });
  if (list.value.kind !== 'array') {
    problems.push({ start: list.value.start, end: list.value.end, message: '"mappings" must be an array' });
    return { mappings: [], problems };
  }
  const mappings: ParsedMapping[] = [];
  for (const item of list.value.items) {
    const one = readMapping(item, problems);
    if (one) mappings.push(one);
  }
  return { mappings, problems };
}

function readMapping(node: Node, problems: MappingProblem[]): ParsedMapping | undefined {
  if (node.kind !== 'object') {
    problems.push({ start: node.start, end: node.end, message: 'A mapping is an object: { "folder", "bot", "kb" }' });
    return undefined;
  }
  const at: ParsedMapping['at'] = { self: { start: node.start, end: node.end } };
  const mapping: Record<string, unknown> = {};
  let ok = true;
  for (const e of node.entries) {
    const kind = fields[e.key as keyof KnowledgeMapping];
    if (!kind) {
      problems.push({ start: e.keyStart, end: e.keyEnd, message: `Unknown key "${e.key}" (expected ${Object.keys(fields).join(', ')})` });
      continue;
    }
    const value = toValue(e.value);
    const good =
      kind === 'string'
        ? typeof value === 'string' && value.trim() !== ''
        : Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '');
    if (!good) {
      ok = false;
      problems.push({
        start: e.value.start,
        end: e.value.end,
        message: kind === 'string' ? `"${e.key}" must be a non-empty string` : `"${e.key}" must be an array of glob strings`,
      });
      continue;
    }
    mapping[e.key] = value;
    at[e.key as keyof KnowledgeMapping] = { start: e.value.start, end: e.value.end };
  }
  for (const key of required) {
    if (mapping[key] === undefined && !node.entries.some((e) => e.key === key)) {
      ok = false;
      problems.push({ start: node.start, end: node.start + 1, message: `Missing "${key}"` });
    }
  }
  if (
    typeof mapping.folder === 'string' &&
    (mapping.folder.startsWith('/') || /^[a-z]:/i.test(mapping.folder) || mapping.folder.split(/[\\/]/).includes('..'))
  ) {
    ok = false;
    problems.push({ ...at.folder!, message: '"folder" must be a path inside the workspace, relative to this file' });
  }
  return ok ? { mapping: mapping as unknown as KnowledgeMapping, at } : undefined;
}
