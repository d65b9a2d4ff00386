/**
 * Conversation tests in Botium's text format (`*.convo.txt`), as the parser gives them and the runner
 * takes them. Lines are 1-based, as an editor shows them.
 */

/** Who speaks in a section; `begin` and `end` hold what happens before the first and after the last turn. */
export type Sender = 'me' | 'bot' | 'begin' | 'end';

/** An asserter line of a bot section (`BUTTONS a|b`, `!MEDIA url`), or a user input of a #me section (`BUTTON payload`). */
export interface Check {
  readonly name: string;
  readonly args: string[];
  /** `!` before it: the check must not hold. */
  readonly not: boolean;
  /** `?` before it: kept as written; as in Botium, only a `?` on the text makes the step optional. */
  readonly optional: boolean;
  readonly line: number;
}

/** A logic hook line (`PAUSE 500`, `WAITFORBOT 2000`). */
export interface Hook {
  readonly name: string;
  readonly args: string[];
  readonly line: number;
}

export interface Step {
  readonly sender: Sender;
  /** The line of the section tag (`#bot`). */
  readonly line: number;
  /** The text (lines joined by a newline); undefined when the section has none; `''` for blank lines only (a #me: an empty message). */
  readonly text?: string;
  /** A text that is JSON (Botium's `sourceData`): a #me sends it as the message payload; a #bot expects it within the payload. */
  readonly data?: unknown;
  /** The line where the text starts. */
  readonly textLine?: number;
  /** Set by the suite when a bot section's text names an utterance list: any of them matches. */
  readonly utterances?: readonly string[];
  /** `!` before the text: the bot must not say it. */
  readonly not: boolean;
  /** `?` before the text: the step may be skipped. */
  readonly optional: boolean;
  /** Asserters (bot sections). */
  readonly asserters: Check[];
  /** User inputs (#me sections: BUTTON, MEDIA, FORM). */
  readonly inputs: Check[];
  readonly hooks: Hook[];
  /** Set on steps that came from an included partial conversation: its name. */
  readonly from?: string;
  /** The file the step is written in (a partial conversation's own file when included). */
  readonly file: string;
}

/** One file as parsed, before utterances and includes are resolved. */
export interface ConvoDocument {
  readonly file: string;
  /** The first line, or the file's name without `.convo.txt` when the file starts with a section. */
  readonly name: string;
  readonly nameLine: number;
  readonly description?: string;
  readonly steps: Step[];
}

export interface UtteranceList {
  readonly file: string;
  readonly name: string;
  readonly utterances: string[];
}

export interface ConvoProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** A warning: the file runs (as Botium runs it), but probably not as its author meant. Absent: an error, the file does not run. */
  readonly severity?: 'warning';
}

/** The problems that keep a file from running (warnings do not). */
export const errorsOf = (problems: readonly ConvoProblem[]): ConvoProblem[] => problems.filter((p) => p.severity !== 'warning');

/** A test ready to run: includes expanded, utterance references of #me sections resolved to one utterance each. */
export interface ConvoTest {
  /** Stable within a suite: the file, and `#n` when an utterance list made several tests of one file. */
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly steps: Step[];
}

/** Names of Botium's asserters the runner checks over the Chat API. */
export const SUPPORTED_ASSERTERS = [
  'BUTTONS',
  'BUTTONS_COUNT',
  'MEDIA',
  'MEDIA_COUNT',
  'CARDS',
  'CARDS_COUNT',
  'TEXT',
  'TEXT_IC',
  'TEXT_EQUALS',
  'TEXT_EQUALS_IC',
  'TEXT_CONTAINS_ANY',
  'TEXT_CONTAINS_ANY_IC',
  'TEXT_CONTAINS_ALL',
  'TEXT_CONTAINS_ALL_IC',
  'TEXT_WILDCARD_ANY',
  'TEXT_WILDCARD_ANY_IC',
  'TEXT_WILDCARD_ALL',
  'TEXT_WILDCARD_ALL_IC',
  'TEXT_REGEXP_ANY',
  'TEXT_REGEXP_ANY_IC',
  'TEXT_REGEXP_ALL',
  'TEXT_REGEXP_ALL_IC',
  'TEXT_WILDCARDEXACT_ANY',
  'TEXT_WILDCARDEXACT_ANY_IC',
  'TEXT_WILDCARDEXACT_ALL',
  'TEXT_WILDCARDEXACT_ALL_IC',
] as const;

/**
 * Botium's other asserters: recognised, so a line naming one is not read as text, and reported as a
 * problem of the file (they need an NLU or a connector the Chat API does not expose).
 */
export const UNSUPPORTED_ASSERTERS = [
  'BUTTONS_COUNT_REC',
  'MEDIA_COUNT_REC',
  'CARDS_COUNT_REC',
  'PAUSE_ASSERTER',
  'JSON_PATH',
  'JSON_PATH_COUNT',
  'RESPONSE_LENGTH',
  'FORMS',
  'ENTITIES',
  'ENTITY_VALUES',
  'ENTITY_CONTENT',
  'INTENT',
  'INTENT_UNIQUE',
  'INTENT_CONFIDENCE',
  'TEXT_WER',
  'BOT_CONSUMED',
  'BOT_UNCONSUMED_COUNT',
] as const;

/** Logic hooks the runner performs. */
export const SUPPORTED_HOOKS = ['PAUSE', 'WAITFORBOT', 'INCLUDE'] as const;

/** Botium's other logic hooks: recognised and reported as unsupported. */
export const UNSUPPORTED_HOOKS = [
  'SET_SCRIPTING_MEMORY',
  'CLEAR_SCRIPTING_MEMORY',
  'ASSIGN_SCRIPTING_MEMORY',
  'UPDATE_CUSTOM',
  'SKIP_BOT_UNCONSUMED',
  'CONDITIONAL_STEP_TIME_BASED',
  'CONDITIONAL_STEP_BUSINESS_HOURS',
  'CONDITIONAL_STEP_CAPABILITY_VALUE_BASED',
  'CONDITIONAL_STEP_JSON_PATH_BASED',
  'CONVO_STEP_PARAMETERS',
  'ORDERED_LIST_TO_BUTTON',
] as const;

/** User inputs of #me sections: BUTTON sends a button's payload, MEDIA an attachment. */
export const SUPPORTED_INPUTS = ['BUTTON', 'MEDIA'] as const;
export const UNSUPPORTED_INPUTS = ['FORM'] as const;

export const CONVO_SUFFIX = '.convo.txt';
export const PARTIAL_SUFFIX = '.pconvo.txt';
export const UTTERANCES_SUFFIX = '.utterances.txt';

/** What a file of a suite holds, by its name. */
export function convoFileKind(file: string): 'convo' | 'partial' | 'utterances' | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith(CONVO_SUFFIX)) return 'convo';
  if (lower.endsWith(PARTIAL_SUFFIX)) return 'partial';
  if (lower.endsWith(UTTERANCES_SUFFIX)) return 'utterances';
  return undefined;
}
