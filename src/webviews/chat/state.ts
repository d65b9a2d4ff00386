import type { BoardView, ChatItem, HostMessage, PanelView, Request, Status } from './protocol';

/** What a conversation panel shows: a live chat, a stored conversation, or a Botmock board. */
export interface PanelController {
  readonly view: PanelView;
  /** Starts loading; called once, with the state the controller fills in. */
  start(state: TranscriptState): void;
  /** A request from the webview other than the ones every panel answers (links, JSON, logs). */
  handle(request: Request): Promise<void>;
  /** Whether the panel is visible changed (e.g. to pause polling). */
  onVisibility?(visible: boolean): void;
  dispose(): void;
}

/** A panel that only shows (a stored conversation, a board): it loads on start, and again on `retry`. */
export abstract class ReadOnlyController implements PanelController {
  abstract readonly view: PanelView;
  protected state!: TranscriptState;
  protected disposed = false;

  protected abstract load(): Promise<void>;

  start(state: TranscriptState): void {
    this.state = state;
    void this.load();
  }

  async handle(request: Request): Promise<void> {
    if (request.method !== 'retry') throw new Error(`A ${this.view.kind} panel cannot ${request.method}.`);
    await this.load();
  }

  dispose(): void {
    this.disposed = true;
  }
}

/** One page of a conversation's messages, newest first, as the runtime API and the Chat API list them. */
export type ListMessages<M> = (nextToken: string | undefined) => Promise<{ messages: M[]; meta: { nextToken?: string } }>;

/** A conversation's newest messages, reading at most `maxPages` pages; oldest first. */
export async function latestMessages<M>(list: ListMessages<M>, maxPages: number): Promise<M[]> {
  const messages: M[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await list(nextToken);
    messages.push(...res.messages);
    nextToken = res.meta.nextToken;
    if (!nextToken) break;
  }
  return messages.reverse();
}

/**
 * The panel's state on the host: the transcript, the status banner, the typing indicator and the
 * board. Updates are forwarded to the webview once it is ready; a webview that (re)loads gets all of it.
 */
export class TranscriptState {
  private readonly items = new Map<string, ChatItem>();
  private status: Status | null = null;
  private typing = false;
  private board: BoardView | undefined;

  constructor(
    private readonly view: PanelView,
    private readonly post: (message: HostMessage) => void,
  ) {}

  /** Adds or replaces messages by id; `reset` clears the transcript first. */
  upsert(items: readonly ChatItem[], reset = false): void {
    if (reset) this.items.clear();
    for (const item of items) this.items.set(item.id, item);
    this.post({ type: 'messages', items, reset });
  }

  /** Replaces a message (e.g. a pending one by the server's copy). */
  replace(oldId: string, item: ChatItem): void {
    this.items.delete(oldId);
    this.items.set(item.id, item);
    this.post({ type: 'messages', items: [item], remove: [oldId] });
  }

  remove(id: string): void {
    if (this.items.delete(id)) this.post({ type: 'messages', items: [], remove: [id] });
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  setStatus(status: Status | null): void {
    this.status = status;
    this.post({ type: 'status', status });
  }

  setTyping(on: boolean): void {
    if (this.typing === on) return;
    this.typing = on;
    this.post({ type: 'typing', on });
  }

  setBoard(board: BoardView): void {
    this.board = board;
    this.post({ type: 'board', board });
  }

  /** Everything, for a webview that just became ready. */
  snapshot(): HostMessage[] {
    const all: HostMessage[] = [
      { type: 'init', view: this.view },
      { type: 'messages', items: [...this.items.values()], reset: true },
      { type: 'status', status: this.status },
      { type: 'typing', on: this.typing },
    ];
    if (this.board) all.push({ type: 'board', board: this.board });
    return all;
  }
}
