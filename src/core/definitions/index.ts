/** Definition files (`bot.definition.*`, `integration.definition.*`): parse, check, and help edit. */
export { validateDefinition, validateDefinitionTree, parseDefinition, definitionFileKind, definitionSchemas } from './validate';
export type { DefinitionKind, ValidateOptions, Validation } from './validate';
export { hoverAt, completionsAt } from './assist';
export type { Hover, Completion } from './assist';
export { problemCodes } from './problems';
export type { Problem, ProblemCode, Fix, TextEdit, Severity } from './problems';
export type { Format } from './edits';
export { toValue } from './tree';
export { newDefinition } from './templates';
export { lineIndex } from './lines';
export type { Node } from './tree';
