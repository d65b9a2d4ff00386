import { validateDefinition, type DefinitionKind, type Fix, type Problem } from '../../../src/core/definitions';

export function check(text: string, kind: DefinitionKind = 'bot', format: 'yaml' | 'json' = 'yaml', files: string[] = []): Problem[] {
  return validateDefinition(text, {
    kind,
    fileName: `/project/${kind}.definition.${format}`,
    fileExists: (p) => files.some((f) => p === `/project/${f}`),
  }).problems;
}

/** The problems with a code, each with the text its range covers. */
export function withCode(problems: Problem[], code: string, text: string): { text: string; problem: Problem }[] {
  return problems.filter((p) => p.code === code).map((problem) => ({ text: text.slice(problem.start, problem.end), problem }));
}

/** Applies a fix's edits (non-overlapping) from last to first. */
export function applyFix(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

export const codes = (problems: Problem[]) => problems.map((p) => p.code);
