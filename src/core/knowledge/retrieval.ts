// Retrieval tests (`*.retrieval.yaml`): a query, and what the bot's search must return within the top k,
// a file (by key, the end of its key, or its title) or a passage containing a text. Run with searchFiles
// exactly as a bot runs it; a failure shows what was expected and what came back, with scores.
//
//   knowledgeBase: Acme Help Center   # optional: only this knowledge base (by name)
//   k: 3                              # optional: default top k (5)
//   tests:
//     - query: Do gift cards expire?
//       expect: { file: gift-cards.md }
//     - name: refund delay            # optional: the query by default
//       query: How long do refunds take?
//       expect: { text: within 5 business days }
//       k: 1
import type { Node as YamlNode } from 'yaml';
import { yaml } from '../../libraries';
import { kbTag } from './tags';

export const retrievalFilePattern = /\.retrieval\.ya?ml$/i;
export const defaultK = 5;

export interface RetrievalTest {
  name: string;
  query: string;
  k: number;
  expect: { file?: string; text?: string };
  /** 0-based line of the test in its file. */
  line: number;
}

export interface RetrievalFile {
  knowledgeBase?: string;
  tests: RetrievalTest[];
  problems: { line: number; message: string }[];
}

export function parseRetrievalFile(text: string): RetrievalFile {
  const { LineCounter, parseDocument, isMap, isSeq, isScalar } = yaml();
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? counter.linePos(node.range[0]).line - 1 : 0);
  const out: RetrievalFile = { tests: [], problems: [] };
  for (const e of doc.errors) out.problems.push({ line: counter.linePos(e.pos[0]).line - 1, message: e.message.split('\n')[0] });
  if (out.problems.length) return out;
  const root = doc.contents;
  if (!isMap(root)) return { ...out, problems: [{ line: 0, message: 'Expected a mapping with "tests:" (a list of { query, expect })' }] };
  const value = (map: { get(key: string, keepScalar: true): unknown }, key: string) => map.get(key, true) as YamlNode | undefined;
  const str = (n: YamlNode | undefined) => (isScalar(n) && typeof n.value === 'string' && n.value.trim() ? n.value : undefined);
  const int = (n: YamlNode | undefined, where: string): number | undefined => {
    if (n === undefined) return undefined;
    if (isScalar(n) && Number.isInteger(n.value) && (n.value as number) >= 1 && (n.value as number) <= 50) return n.value as number;
    out.problems.push({ line: lineOf(n), message: `${where} must be a whole number from 1 to 50` });
    return undefined;
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!['knowledgeBase', 'k', 'tests'].includes(key))
      out.problems.push({ line: lineOf(pair.key as YamlNode), message: `Unknown key "${key}" (expected knowledgeBase, k, tests)` });
  }
  const kbNode = value(root, 'knowledgeBase');
  out.knowledgeBase = str(kbNode);
  if (kbNode && !out.knowledgeBase) out.problems.push({ line: lineOf(kbNode), message: 'knowledgeBase must be a name' });
  const k = int(value(root, 'k'), 'k') ?? defaultK;
  const tests = value(root, 'tests');
  if (!isSeq(tests)) {
    out.problems.push({ line: lineOf(tests ?? root), message: '"tests" must be a list of { query, expect }' });
    return out;
  }
  for (const item of tests.items as YamlNode[]) {
    const line = lineOf(item);
    if (!isMap(item)) {
      out.problems.push({ line, message: 'A test is a mapping: { query, expect: { file | text } }' });
      continue;
    }
    const query = str(value(item, 'query'));
    const expectNode = value(item, 'expect');
    const file = isMap(expectNode) ? str(value(expectNode, 'file')) : undefined;
    const textExpected = isMap(expectNode) ? str(value(expectNode, 'text')) : undefined;
    for (const pair of item.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!['name', 'query', 'expect', 'k'].includes(name))
        out.problems.push({ line: lineOf(pair.key as YamlNode), message: `Unknown key "${name}" (expected name, query, expect, k)` });
    }
    if (!query) out.problems.push({ line, message: 'A test needs a "query"' });
    if (!file === !textExpected)
      out.problems.push({ line: lineOf(expectNode ?? item), message: '"expect" needs exactly one of "file" or "text"' });
    const testK = int(value(item, 'k'), 'k') ?? k;
    if (query && !file !== !textExpected)
      out.tests.push({ name: str(value(item, 'name')) ?? query, query, k: testK, expect: file ? { file } : { text: textExpected }, line });
  }
  return out;
}

/** A passage as searchFiles returns it (the fields a test reads). */
export interface FoundPassage {
  content: string;
  score: number;
  file: { id: string; key: string; tags: Record<string, string> };
}

export interface RetrievalResult {
  test: RetrievalTest;
  passed: boolean;
  /** 1-based rank of the first passage that satisfied the test. */
  rank?: number;
  returned: FoundPassage[];
  message: string;
}

const normal = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Whether a passage is what the test expects. */
export function satisfies(test: RetrievalTest, p: FoundPassage): boolean {
  if (test.expect.text) return normal(p.content).includes(normal(test.expect.text));
  const want = test.expect.file!;
  const key = p.file.key;
  return key === want || key.endsWith(`/${want}`) || p.file.tags[kbTag.title] === want || p.file.id === want;
}

export function judge(test: RetrievalTest, returned: FoundPassage[]): RetrievalResult {
  const top = returned.slice(0, test.k);
  const index = top.findIndex((p) => satisfies(test, p));
  const expected = test.expect.file ? `file ${test.expect.file}` : `a passage containing "${test.expect.text}"`;
  if (index >= 0) return { test, passed: true, rank: index + 1, returned: top, message: `found ${expected} at rank ${index + 1}` };
  const later = returned.findIndex((p) => satisfies(test, p));
  const lines = top.map((p, i) => `  ${i + 1}. ${p.score.toFixed(3)} ${p.file.key}: ${snippet(p.content)}`);
  return {
    test,
    passed: false,
    returned: top,
    message:
      `expected ${expected} in the top ${test.k}` +
      (later >= 0 ? ` (it came at rank ${later + 1})` : '') +
      `; returned:\n${lines.join('\n') || '  nothing'}`,
  };
}

export const snippet = (text: string, max = 80) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** How many passages to ask for: enough to say where the expected one came when it missed the top k. */
export const searchLimit = (test: RetrievalTest) => Math.min(50, Math.max(test.k * 2, 10));

const xml = (s: string) =>
  s
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');

/** A JUnit report of retrieval results, one test case per test (class name: its file). */
export function retrievalJunit(
  results: { file: string; result: RetrievalResult }[],
  problems: { file: string; message: string }[],
): string {
  const cases = results.map(({ file, result }) => {
    const head = `<testcase name="${xml(result.test.name)}" classname="${xml(file)}" time="0"`;
    if (result.passed) return `  ${head}/>`;
    return `  ${head}>\n    <failure message="${xml(result.message.split('\n')[0])}">${xml(result.message)}</failure>\n  </testcase>`;
  });
  for (const p of problems)
    cases.push(
      `  <testcase name="${xml(p.file)}" classname="${xml(p.file)}" time="0">\n    <error message="${xml(p.message)}"/>\n  </testcase>`,
    );
  const failures = results.filter((r) => !r.result.passed).length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="${problems.length}"`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${counts}>\n<testsuite name="retrieval tests" ${counts}>\n` +
    `${cases.join('\n')}\n</testsuite>\n</testsuites>\n`
  );
}
