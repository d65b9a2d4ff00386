import type { BotpressClient, Message } from '../../api/botpress';
import { describeError } from '../../api/errors';
import { latestMessages, ReadOnlyController } from './state';
import type { ChatItem, PanelView } from './protocol';

export interface ConversationTarget {
  readonly workspaceId: string;
  readonly botId: string;
  readonly conversationId: string;
  readonly botName?: string;
  /** How the explorer names it: who talks. */
  readonly title?: string;
}

export interface ConversationDeps {
  botpress(target: { workspaceId: string; botId: string }): Promise<BotpressClient>;
  readonly output: { error(message: string): void };
  /** Poll period while the panel is visible. */
  readonly pollMs?: number;
}

/** Pages read when the conversation opens; later polls read the newest page only. */
const INITIAL_PAGES = 10;

/**
 * A stored conversation, read-only, through the runtime API (`x-bot-id`): its messages, then the new
 * ones as they arrive, polled while the panel is visible. Errors show with a retry and polling goes on.
 */
export class ConversationController extends ReadOnlyController {
  readonly view: PanelView;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private visible = true;
  private loaded = false;
  private polling = false;

  constructor(
    readonly target: ConversationTarget,
    private readonly deps: ConversationDeps,
  ) {
    super();
    this.view = {
      kind: 'conversation',
      title: target.title ? `Conversation with ${target.title}` : `Conversation ${target.conversationId}`,
      subtitle: `bot ${target.botName ?? target.botId} · read-only, updates live`,
      canSend: false,
      canRestart: false,
      hasLogs: true,
    };
  }

  onVisibility(visible: boolean): void {
    this.visible = visible;
    if (visible) void this.load();
  }

  /** Reads the new messages, then polls again while the panel is visible. */
  protected async load(): Promise<void> {
    if (this.polling || this.disposed) return;
    this.polling = true;
    clearTimeout(this.timer);
    try {
      const client = await this.deps.botpress({ workspaceId: this.target.workspaceId, botId: this.target.botId });
      const list = (nextToken: string | undefined) => client.listMessages({ conversationId: this.target.conversationId, nextToken });
      const latest = await latestMessages(list, this.loaded ? 1 : INITIAL_PAGES);
      const fresh: ChatItem[] = latest.filter((m) => !this.state.has(m.id)).map(item);
      if (fresh.length || !this.loaded) this.state.upsert(fresh, !this.loaded);
      this.loaded = true;
      this.state.setStatus(null);
    } catch (err) {
      const text = `Could not read the conversation: ${describeError(err)}`;
      this.deps.output.error(text);
      this.state.setStatus({ level: 'error', text, actions: ['retry'] });
    } finally {
      this.polling = false;
      if (this.visible && !this.disposed) this.timer = setTimeout(() => void this.load(), this.deps.pollMs ?? 3000);
    }
  }

  override dispose(): void {
    super.dispose();
    clearTimeout(this.timer);
  }
}

/** A runtime API message keeps its type beside its payload; the panel draws a payload that carries it. */
function item(message: Message): ChatItem {
  const payload = message.payload as unknown;
  const typed =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload) && !('type' in payload)
      ? { type: message.type, ...payload }
      : payload;
  return {
    id: message.id,
    side: message.direction === 'incoming' ? 'user' : 'bot',
    payload: typed,
    createdAt: message.createdAt,
    raw: message,
  };
}
