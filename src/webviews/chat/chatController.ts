import type * as vscode from 'vscode';
import type { BotpressClient } from '../../api/botpress';
import { CHAT_INTEGRATION, ChatClient, chatWebhook, type ChatMessage } from '../../api/chat';
import { ApiError, describeError } from '../../api/errors';
import type { HttpClient } from '../../api/http';
import { originKey, readSecret } from '../../auth/secrets';
import { latestMessages, type PanelController, type TranscriptState } from './state';
import type { ChatItem, PanelView, Request } from './protocol';

export interface BotTarget {
  readonly workspaceId: string;
  readonly botId: string;
  readonly name?: string;
}

export interface ChatDeps {
  botpress(target: { workspaceId: string; botId?: string }): Promise<BotpressClient>;
  /** The checked `botpress.chatApiUrl` setting (throws a message saying why when it is refused). */
  chatApiUrl(): string;
  readonly http: HttpClient;
  /** Where each bot's chat user key is kept. */
  readonly secrets: vscode.SecretStorage;
  /** Where the last conversation with each bot is remembered. */
  readonly memento: vscode.Memento;
  /** Asks before the chat integration is installed on a bot. */
  confirmInstall(botName: string): Promise<boolean>;
  readonly output: Pick<vscode.LogOutputChannel, 'info' | 'error'>;
}

/** How long the typing indicator waits for a reply before giving up. */
const TYPING_TIMEOUT_MS = 20_000;
/** Pages of history loaded when a conversation is reopened. */
const HISTORY_PAGES = 5;

interface StoredUser {
  readonly key: string;
  readonly userId: string;
}

/**
 * A live chat with a bot through its `chat` integration: one chat user per bot (the key in
 * SecretStorage), the last conversation reopened with its history, replies read from the live stream
 * (which reconnects and catches up by itself), a typing indicator while a reply is due.
 */
export class ChatController implements PanelController {
  readonly view: PanelView;
  private state!: TranscriptState;
  private chat: ChatClient | undefined;
  /** The Chat API the current connection goes to. */
  private chatApiUrl: string | undefined;
  private userId: string | undefined;
  private conversationId: string | undefined;
  private listening: AbortController | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private sent = 0;
  private disposed = false;

  constructor(
    readonly target: BotTarget,
    private readonly deps: ChatDeps,
  ) {
    this.view = {
      kind: 'chat',
      title: `Chat with ${target.name ?? target.botId}`,
      subtitle: `bot ${target.botId}`,
      canSend: true,
      canRestart: true,
      hasLogs: true,
    };
  }

  get currentConversationId(): string | undefined {
    return this.conversationId;
  }

  start(state: TranscriptState): void {
    this.state = state;
    void this.connect();
  }

  async handle(request: Request): Promise<void> {
    switch (request.method) {
      case 'send':
        return this.send(request.text, request.value);
      case 'newConversation':
        return this.newConversation();
      case 'installChat':
        return this.install();
      case 'retry':
        return this.connect();
      default:
        throw new Error(`A chat panel cannot ${request.method}.`);
    }
  }

  /** Finds the bot's chat integration, signs in its chat user, reopens (or starts) a conversation. */
  private async connect(): Promise<void> {
    this.stopListening();
    this.chat = undefined;
    this.state.setStatus({ level: 'info', text: 'Connecting to the bot…' });
    try {
      const { workspaceId, botId } = this.target;
      const { bot } = await (await this.deps.botpress({ workspaceId })).getBot({ id: botId });
      const name = this.target.name ?? bot.name ?? botId;
      const webhook = chatWebhook(bot);
      if ('problem' in webhook) {
        this.state.setStatus({
          level: 'warning',
          text: `${name} ${webhook.problem}, which this panel talks through. Install it from the hub to chat here.`,
          actions: ['installChat', 'retry'],
        });
        return;
      }
      this.chatApiUrl = this.deps.chatApiUrl();
      const base = new ChatClient({ webhookId: webhook.webhookId, chatApiUrl: this.chatApiUrl, http: this.deps.http });
      const user = await this.user(base, webhook.webhookId);
      this.chat = base.withUserKey(user.key);
      this.userId = user.userId;
      const remembered = this.deps.memento.get<string>(this.conversationKey());
      if (remembered && (await this.exists(remembered))) await this.open(remembered, true);
      else await this.newConversation();
    } catch (err) {
      this.fail('Could not connect to the bot', err);
    }
  }

  /** The bot's chat user: the stored one while its key works, else a new one. */
  private async user(base: ChatClient, webhookId: string): Promise<StoredUser> {
    // Keyed by the Chat API's origin: a key minted by one host is never sent to another.
    const legacy = `botpress.chat.user/${this.target.botId}/${webhookId}`;
    const secret = originKey('botpress.chat.user', this.deps.chatApiUrl(), this.target.botId, webhookId);
    const stored = parseStoredUser(await readSecret(this.deps.secrets, secret, legacy));
    if (stored) {
      try {
        await base.withUserKey(stored.key).getUser();
        return stored;
      } catch (err) {
        if (!(err instanceof ApiError) || err.status >= 500 || err.status === 429) throw err;
        this.deps.output.info(`Chat user of bot ${this.target.botId} is no longer valid (${err.type}); creating another.`);
      }
    }
    const { user, key } = await base.createUser({ name: 'VS Code' });
    const fresh = { key, userId: user.id };
    await this.deps.secrets.store(secret, JSON.stringify(fresh));
    return fresh;
  }

  private async exists(conversationId: string): Promise<boolean> {
    try {
      await this.chat!.getConversation({ id: conversationId });
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status < 500 && err.status !== 429) return false;
      throw err;
    }
  }

  private async newConversation(): Promise<void> {
    if (!this.chat) return this.connect();
    const { conversation } = await this.chat.createConversation({});
    await this.open(conversation.id, false);
  }

  /** Shows a conversation (with its history when reopened) and listens to it. */
  private async open(conversationId: string, withHistory: boolean): Promise<void> {
    this.stopListening();
    this.conversationId = conversationId;
    await this.deps.memento.update(this.conversationKey(), conversationId);
    const chat = this.chat!;
    const history = withHistory ? await latestMessages((nextToken) => chat.listMessages({ conversationId, nextToken }), HISTORY_PAGES) : [];
    this.state.upsert(
      history.map((m) => this.item(m)),
      true,
    );
    this.state.setStatus(null);
    this.listen(conversationId, history.at(-1)?.createdAt);
  }

  private listen(conversationId: string, after: string | undefined): void {
    const abort = new AbortController();
    this.listening = abort;
    const chat = this.chat!;
    void (async () => {
      try {
        const stream = chat.listenConversation(conversationId, {
          signal: abort.signal,
          after,
          onStatus: (status, error) => {
            if (abort.signal.aborted) return;
            this.state.setStatus(
              status === 'connected'
                ? null
                : { level: 'warning', text: `Connection to the bot lost${error ? ` (${error.message})` : ''}; reconnecting…` },
            );
          },
        });
        for await (const signal of stream) {
          if (abort.signal.aborted) return;
          if (signal.type !== 'message_created') continue;
          const item = this.item(signal.data);
          this.state.upsert([item]);
          if (item.side === 'bot') this.stopTyping();
        }
      } catch (err) {
        if (!abort.signal.aborted) this.fail('The conversation stream stopped', err);
      }
    })();
  }

  private async send(text: string, value?: string): Promise<void> {
    const chat = this.chat;
    const conversationId = this.conversationId;
    if (!chat || !conversationId) throw new Error('Not connected to the bot yet.');
    // A clicked choice shows what the user clicked and carries its value, as Botpress's web chat sends it.
    const payload = value ? { type: 'text' as const, text, value } : { type: 'text' as const, text };
    const pendingId = `pending:${++this.sent}`;
    this.state.upsert([{ id: pendingId, side: 'user', payload, raw: { payload }, pending: true }]);
    try {
      const { message } = await chat.createMessage({ conversationId, payload });
      this.state.replace(pendingId, this.item(message));
    } catch (err) {
      this.state.remove(pendingId);
      throw new Error(`The message was not sent: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.startTyping();
  }

  private async install(): Promise<void> {
    const { workspaceId, botId } = this.target;
    const client = await this.deps.botpress({ workspaceId });
    const { bot } = await client.getBot({ id: botId });
    if (!(await this.deps.confirmInstall(bot.name ?? botId))) return;
    this.state.setStatus({ level: 'info', text: 'Installing the chat integration…' });
    try {
      const { integration } = await client.getPublicIntegration({ name: CHAT_INTEGRATION, version: 'latest' });
      const existing = Object.entries(bot.integrations ?? {}).find(([, i]) => i.name === CHAT_INTEGRATION);
      const key = existing?.[0] ?? integration.id;
      await client.updateBot({ id: botId, integrations: { [key]: { enabled: true, ...(existing ? {} : { configuration: {} }) } } });
      this.deps.output.info(`Installed the chat integration ${integration.version} on bot ${botId}.`);
    } catch (err) {
      this.fail('Could not install the chat integration', err);
      return;
    }
    await this.connect();
  }

  private item(message: ChatMessage): ChatItem {
    return {
      id: message.id,
      side: message.userId === this.userId ? 'user' : 'bot',
      payload: message.payload,
      createdAt: message.createdAt,
      raw: message,
    };
  }

  private startTyping(): void {
    this.state.setTyping(true);
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.state.setTyping(false), TYPING_TIMEOUT_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    this.state.setTyping(false);
  }

  /** Stops a connection whose Chat API is no longer served (its Local Cloud stopped) instead of reconnecting to nothing. */
  endIfGone(served: ReadonlySet<string>): void {
    if (this.disposed || !this.chatApiUrl || served.has(this.chatApiUrl)) return;
    this.stopListening();
    this.chat = undefined;
    this.chatApiUrl = undefined;
    this.state.setStatus({ level: 'info', text: 'The Local Cloud this chat talked to has stopped.', actions: ['retry'] });
  }

  private stopListening(): void {
    this.listening?.abort();
    this.listening = undefined;
    this.stopTyping();
  }

  private fail(what: string, err: unknown): void {
    if (this.disposed) return;
    const detail = describeError(err);
    this.deps.output.error(`${what}: ${detail}`);
    this.state.setStatus({ level: 'error', text: `${what}: ${detail}`, actions: ['retry'] });
  }

  private conversationKey(): string {
    return `botpress.chat.conversation/${this.target.botId}`;
  }

  dispose(): void {
    this.disposed = true;
    this.stopListening();
  }
}

function parseStoredUser(text: string | undefined): StoredUser | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<StoredUser>;
    return typeof value.key === 'string' && typeof value.userId === 'string' ? { key: value.key, userId: value.userId } : undefined;
  } catch {
    return undefined;
  }
}
