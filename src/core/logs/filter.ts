/** A half-open range [start, end) of characters in a line's text. */
export interface MatchRange {
  start: number;
  end: number;
}

export interface FilterSpec {
  text: string;
  regex?: boolean;
  caseSensitive?: boolean;
}

/** Matches a line's text: the ranges to highlight, or undefined when the line does not match. */
export type TextMatcher = (text: string) => MatchRange[] | undefined;

export type CompiledFilter = { ok: true; match: TextMatcher; active: boolean } | { ok: false; error: string };

/** At most this many ranges are highlighted per line. */
const MAX_RANGES = 64;

const matchAll: TextMatcher = () => [];

/** Compiles the client-side filter: plain text (case-insensitive unless asked) or a regular expression. */
export function compileFilter(spec: FilterSpec): CompiledFilter {
  if (!spec.text) return { ok: true, match: matchAll, active: false };
  if (spec.regex) {
    let re: RegExp;
    try {
      re = new RegExp(spec.text, spec.caseSensitive ? 'g' : 'gi');
    } catch (err) {
      return { ok: false, error: regexError(err as Error) };
    }
    return { ok: true, active: true, match: (text) => regexRanges(re, text) };
  }
  const needle = spec.caseSensitive ? spec.text : spec.text.toLowerCase();
  return {
    ok: true,
    active: true,
    match: (text) => textRanges(spec.caseSensitive ? text : text.toLowerCase(), needle),
  };
}

/**
 * `Invalid regular expression: /(/gi: Unterminated group` (V8's wording, pattern and flags included)
 * as one short sentence: `Invalid regular expression: unterminated group`.
 */
function regexError(err: Error): string {
  const reason = err.message.replace(/^Invalid regular expression:\s*\/.*\/[a-z]*:\s*/s, '').trim();
  return `Invalid regular expression: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}

function textRanges(haystack: string, needle: string): MatchRange[] | undefined {
  let at = haystack.indexOf(needle);
  if (at < 0) return undefined;
  const ranges: MatchRange[] = [];
  while (at >= 0 && ranges.length < MAX_RANGES) {
    ranges.push({ start: at, end: at + needle.length });
    at = haystack.indexOf(needle, at + needle.length);
  }
  return ranges;
}

function regexRanges(re: RegExp, text: string): MatchRange[] | undefined {
  re.lastIndex = 0;
  let ranges: MatchRange[] | undefined;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && (ranges?.length ?? 0) < MAX_RANGES) {
    (ranges ??= []).push({ start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) re.lastIndex++;
  }
  return ranges;
}
