/**
 * The regular expressions of test files (TEXT_REGEXP_*), run by RE2 (re2js): matching takes time linear
 * in the text whatever the pattern, so a pattern such as `(a+)+$` cannot hang a run. RE2 reads
 * JavaScript's syntax but for what needs backtracking: backreferences (`\1`, `\k<name>`) and lookaround
 * (`(?=`, `(?!`, `(?<=`, `(?<!`) are refused with a clear message, never silently read otherwise.
 */
import { re2js } from '../../libraries';

export interface TextRegexp {
  test(text: string): boolean;
}

/** What RE2 cannot run in a JavaScript pattern, or undefined. Classes (`[...]`) and escapes are skipped. */
function unsupported(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `a backreference (\\${next})`;
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'a named backreference (\\k<…>)';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (source[i + 1] === ']') i++;
    } else if (c === '(' && source[i + 1] === '?') {
      const look = source.slice(i + 2, i + 4);
      if (look.startsWith('=') || look.startsWith('!')) return `a lookahead (${source.slice(i, i + 3)}…)`;
      if (look === '<=' || look === '<!') return `a lookbehind (${source.slice(i, i + 4)}…)`;
    }
  }
  return undefined;
}

/** Compiles a test file's pattern (JavaScript syntax, `i` when asked); an error says why it cannot run. */
export function compileTextRegexp(source: string, ignoreCase: boolean): TextRegexp | { error: string } {
  const js = unsupported(source);
  if (js) return { error: `uses ${js}: conversation tests run regular expressions with RE2, which has none (see the README)` };
  const { RE2JS } = re2js();
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source), ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    return { test: (text) => re.test(text) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
