/**
 * The message protocol of the conversation panel, shared by the host (src/webviews/chat) and the
 * webview (media/chat). One panel family shows three things in the same renderer: a live chat with a
 * bot (Chat API), a stored conversation (read-only, polled), and a Botmock board.
 *
 * Handshake: the webview posts `ready` once its script runs; the host sends nothing before that and
 * answers every `ready` (a reloaded webview) with the full state. Requests carry an `id` that the
 * host's `response` repeats.
 */
import type { Board, Entity, Intent, Variable } from '../../core/botmock/model';

/** One message bubble. `payload` is the remote payload as received: the webview draws it with the safe renderer. */
export interface ChatItem {
  readonly id: string;
  readonly side: 'user' | 'bot';
  readonly payload: unknown;
  readonly createdAt?: string;
  /** Shown in the inspector: the whole message as the API returned it. */
  readonly raw: unknown;
  /** Not yet acknowledged by the server. */
  readonly pending?: boolean;
}

export type PanelKind = 'chat' | 'conversation' | 'board';

export interface PanelView {
  readonly kind: PanelKind;
  readonly title: string;
  /** A line under the title (bot id, conversation id, project…). */
  readonly subtitle?: string;
  /** The chat input is shown (live chats only). */
  readonly canSend: boolean;
  /** The panel offers "New Conversation". */
  readonly canRestart: boolean;
  /** The panel links to the logs of its conversation. */
  readonly hasLogs: boolean;
  /** Opaque to the webview: kept with `setState` so that the host can restore the panel after a reload. */
  readonly restore?: unknown;
}

/** A banner over the transcript; `actions` are requests the user can make from it. */
export interface Status {
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
  readonly actions?: readonly StatusAction[];
}
export type StatusAction = 'retry' | 'installChat';

/**
 * A Botmock board in the normalized model, sent whole: the webview walks it with the graph functions
 * of src/core/botmock (a mock board read as a transcript, a flow board a branch at a time).
 */
export interface BoardView {
  /** The project's type: `mock` or `flow` (other values are walked as flows). */
  readonly kind: string;
  readonly board: Board;
  readonly intents: readonly Intent[];
  readonly entities: readonly Entity[];
  readonly variables: readonly Variable[];
}

export type HostMessage =
  | { readonly type: 'init'; readonly view: PanelView }
  /** Upserts by id after removing `remove`; `reset` first clears the transcript (a new conversation). */
  | { readonly type: 'messages'; readonly items: readonly ChatItem[]; readonly reset?: boolean; readonly remove?: readonly string[] }
  | { readonly type: 'typing'; readonly on: boolean }
  | { readonly type: 'status'; readonly status: Status | null }
  | { readonly type: 'board'; readonly board: BoardView }
  | { readonly type: 'response'; readonly id: number; readonly error?: string };

export type Request =
  /** Sends a user message: typed text, or a clicked choice (`value` is what the bot receives). */
  | { readonly method: 'send'; readonly text: string; readonly value?: string }
  /** Opens a link from remote content; the host asks first and accepts only http(s)/mailto. */
  | { readonly method: 'openLink'; readonly url: string }
  | { readonly method: 'openLogs' }
  | { readonly method: 'openAnalytics' }
  | { readonly method: 'newConversation' }
  | { readonly method: 'installChat' }
  | { readonly method: 'retry' }
  /** Opens a JSON text (the inspected message) in an editor. */
  | { readonly method: 'openJson'; readonly title: string; readonly json: string };

export type WebviewMessage = { readonly type: 'ready' } | { readonly type: 'request'; readonly id: number; readonly request: Request };
