/** What the checks report: a stable code, a severity, an exact range (offsets) and, where one exists, a fix. */
export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  start: number;
  end: number;
  message: string;
  fixes?: Fix[];
}

/**
 * Every problem code, by layer (see README "Problem codes"): 1 syntax (BP11x: evaluating an SDK
 * definition), 2 shape (official request schema), 3 embedded JSON Schemas, 4 names, 5 referenced files,
 * 6 advice.
 */
export const problemCodes = {
  BP101: 'Syntax error: the file is not valid YAML or JSON.',
  BP102: 'The file must hold one object (a mapping) at the top level.',
  BP103: 'YAML aliases expand too far.',
  BP104: 'File too large to check as you type: checked on save and by the command-line validator.',
  BP110: 'SDK project: `@botpress/sdk` (or its peer esbuild) is not installed.',
  BP111: 'SDK project: the definition does not bundle (esbuild).',
  BP112: 'SDK project: the definition threw an error while evaluated.',
  BP113: 'SDK project: the evaluation ran over its time or memory limit.',
  BP114: 'SDK project: the file does not export a definition.',
  BP120: 'ADK agent: `@botpress/runtime` (or esbuild) is not installed.',
  BP121: 'ADK agent: the agent does not bundle (esbuild).',
  BP122: "ADK agent: a file threw while evaluated (a primitive's constructor refused its props).",
  BP123: 'ADK agent: the evaluation ran over its time or memory limit.',
  BP124: "ADK agent: the runtime's definition check refuses a primitive (its name).",
  BP125: 'ADK agent: two primitives of a kind share a name.',
  BP126: 'ADK agent: a primitive file re-exports a primitive of another file (registered twice).',
  BP127: 'ADK agent: a rule the ADK documentation states and its runtime does not enforce.',
  BP201: 'Unknown key: not part of the official request schema.',
  BP202: 'Wrong type.',
  BP203: 'Not one of the allowed values.',
  BP204: 'Text too long or too short.',
  BP205: 'Missing required key.',
  BP206: 'Number out of range.',
  BP207: 'Duplicate key.',
  BP301: 'Embedded `schema` is not a valid JSON Schema (draft-07).',
  BP302: "A state's schema must describe an object.",
  BP303: "A table's schema must hold at most 20 columns of a type a table can hold.",
  BP401: 'Name is not camelCase.',
  BP402: 'Name must be 2 to 100 characters long.',
  BP403: 'Secret name is not SCREAMING_SNAKE_CASE.',
  BP404: 'Table name is not one Botpress accepts (a letter first, letters, digits and `_`, at most 35, ending in `Table`).',
  BP501: 'Referenced file does not exist.',
  BP502: 'Referenced file has the wrong type (`readme` must be `.md`, `icon` must be `.svg`).',
  BP503: "Referenced file is outside the definition's folder.",
  BP601: 'Missing title.',
  BP602: 'Missing description.',
} as const;

export type ProblemCode = keyof typeof problemCodes;
