/**
 * The one Botmock model the rest of the product sees, whatever generation of the Botmock API the data
 * came from (v1, v2, or the oldest 2018 boards). Everything here is plain JSON-serializable data, so it
 * can cross a webview boundary unchanged.
 *
 * Every object keeps the response it was made from in `raw`, and lists in `problems` what it expected
 * and did not find (a missing id, a payload that is not an object, …): nothing is dropped silently.
 * Dates are ISO 8601 strings in UTC, or undefined when absent or unreadable (the original stays in raw).
 */

/** Which generation of the Botmock API a project or board looks like. */
export type BotmockShape = 'v1' | 'v2' | '2018';

interface Normalized {
  /** What was expected and missing or malformed, in words a person can read. */
  readonly problems: string[];
  /** The object as the API sent it. */
  readonly raw: unknown;
}

export interface Team extends Normalized {
  readonly id: string;
  readonly name: string;
  readonly photo?: string;
  readonly createdAt?: string;
}

export interface Project extends Normalized {
  readonly id: string;
  readonly name: string;
  /** `flow` (a graph) or `mock` (boards that are each one linear conversation); other values kept. */
  readonly type: string;
  readonly platform?: string;
  readonly channels: string[];
  readonly locales: string[];
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly shape: BotmockShape;
}

/** A board as listed in a project (no messages). */
export interface BoardSummary extends Normalized {
  readonly id: string;
  readonly name: string;
  readonly projectId?: string;
  readonly isPrivate?: boolean;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export interface Board extends Normalized {
  readonly id: string;
  /** Start points as the API lists them (may be empty: the graph module then infers them). */
  readonly rootIds: string[];
  readonly messages: Message[];
  /** Board-level slots and variables (v2), kept as sent. */
  readonly slots: unknown[];
  readonly variables: unknown[];
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly shape: BotmockShape;
}

/** The message types Botmock documents; anything else is kept with `known: false`. */
export const KNOWN_MESSAGE_TYPES = [
  'user_reply',
  'text',
  'image',
  'typing_indicator',
  'button',
  'quick_replies',
  'generic',
  'list',
  'location',
  'webview',
  'receipt',
  'suggestion_chips',
  'card',
  'carousel',
] as const;

export interface Message extends Normalized {
  readonly id: string;
  /** As sent (`text`, `user_reply`, `quick_replies`, …); `unknown` only when the field is missing. */
  readonly type: string;
  /** Whether `type` is one Botmock documents. */
  readonly known: boolean;
  /** Said by the user (a `user_reply`, or a block marked as user input) rather than by the bot. */
  readonly fromUser: boolean;
  readonly isRoot: boolean;
  /** The node's title in the Botmock editor (`node_name` or a block's `nodeName`). */
  readonly name?: string;
  readonly next: Edge[];
  readonly previousIds: string[];
  /** The content for the first locale and channel: what a renderer shows by default. */
  readonly blocks: Block[];
  /** Every locale × channel of the content (v2); one entry without locale/channel for v1 and 2018. */
  readonly variants: ContentVariant[];
}

export interface ContentVariant {
  readonly locale?: string;
  readonly channel?: string;
  readonly blocks: Block[];
}

/**
 * One piece of what a message shows. The common fields are lifted out for renderers; everything else
 * (receipts, lists, ssml, delays, …) stays in `raw`.
 */
export interface Block {
  /** `component_type` of the block, else the message's type. */
  readonly type: string;
  readonly text?: string;
  /** A location's or webview's title. */
  readonly title?: string;
  /** A location's address. */
  readonly address?: string;
  /** A webview's or link's address. */
  readonly url?: string;
  /** Other wordings the bot may use instead of `text`. */
  readonly alternates: string[];
  readonly buttons: Button[];
  readonly quickReplies: Button[];
  readonly imageUrl?: string;
  readonly audioUrl?: string;
  /** Cards of a generic/carousel/list block. */
  readonly elements: Card[];
  /** `%variable%` references used in `text`. */
  readonly segments: Segment[];
  readonly raw: Record<string, unknown>;
}

export interface Button {
  readonly title: string;
  readonly type?: string;
  readonly payload?: string;
  readonly url?: string;
}

export interface Card {
  readonly title: string;
  readonly subtitle?: string;
  readonly imageUrl?: string;
  readonly url?: string;
  readonly buttons: Button[];
}

/** A connection from one message to the next, with what makes the conversation take it. */
export interface Edge {
  readonly to: string;
  /** The button or quick reply that leads here (`*` in the API means "any": left undefined). */
  readonly action?: Button;
  readonly intent?: { readonly id?: string; readonly name: string };
  readonly condition?: Condition;
  readonly connectionId?: string;
}

export interface Condition {
  readonly combinator: string;
  readonly negated: boolean;
  readonly rules: { readonly field: string; readonly operator: string; readonly value: string }[];
}

export interface Intent extends Normalized {
  readonly id: string;
  readonly name: string;
  /** All utterances, every locale in order. */
  readonly utterances: Utterance[];
  readonly slots: { readonly id?: string; readonly variableId?: string; readonly required: boolean; readonly prompt?: string }[];
  readonly isGlobal: boolean;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export interface Utterance {
  readonly locale?: string;
  readonly text: string;
  /** The text cut into plain parts and `%variable%` slots; joined, they give `text` back. */
  readonly segments: Segment[];
}

export type Segment =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'slot';
      /** As written, with the percent signs: `%ProductName%`. */
      readonly text: string;
      /** Without them: `ProductName`. */
      readonly name: string;
      readonly variableId?: string;
      readonly entityId?: string;
    };

export interface Entity extends Normalized {
  readonly id: string;
  readonly name: string;
  /** All values, every locale in order. */
  readonly values: EntityValue[];
}

export interface EntityValue {
  readonly locale?: string;
  readonly value: string;
  readonly synonyms: string[];
}

export interface Variable extends Normalized {
  readonly id: string;
  readonly name: string;
  /** `text`, `int`, `boolean`, `list`, … as sent. */
  readonly type: string;
  readonly defaultValue?: string;
  /** The entity's id, or the name of a Botmock built-in entity. */
  readonly entity?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}
