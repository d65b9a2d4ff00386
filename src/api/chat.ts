// The Chat API client: how anything outside a bot talks to it as a user, through the bot's `chat`
// integration at `{chatApiUrl}/{webhookId}`. Routes and headers are those of the official @botpress/chat.
//
//   const chat = new ChatClient({ webhookId, http });
//   const { user, key } = await chat.createUser();          // keep `key`: it is the user's credential
//   const me = chat.withUserKey(key);
//   const { conversation } = await me.createConversation();
//   for await (const signal of me.listenConversation(conversation.id, { signal })) …
//   await me.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: 'hi' } });
//
// `listenConversation` reads the live event stream and reconnects with backoff when it drops; after a
// reconnect it fetches the messages created meanwhile with listMessages, so none is lost, and drops
// any message it has already given, so none comes twice.
import type { ClientRequests, ClientResponses, Signals } from '@botpress/chat';
import { ApiError, CancelledError, NetworkError, TimeoutError, toApiError } from './errors';
import { HttpClient, assertSecureUrl, sleep, type CallOptions } from './http';
import { parseServerSentEvents } from './sse';
import { Setting } from '../ids';

type Request<K extends keyof ClientRequests> = Omit<ClientRequests[K], 'x-user-key'>;
type Response<K extends keyof ClientResponses> = ClientResponses[K];

export type ChatUser = Response<'getUser'>['user'];
export type ChatMessage = Response<'listMessages'>['messages'][number];

/**
 * One signal of the live stream: `message_created`, `event_created`, `message_deleted`,
 * `participant_added`, `participant_removed`, or `unknown` (anything else, kept as received).
 * Keep-alive pings are not passed on.
 */
export type ChatSignal = { [K in keyof Signals]: { type: K; data: Signals[K] } }[keyof Signals];

const defaultChatApiUrl = 'https://chat.botpress.cloud';

/** The public hub integration the Chat API goes through. */
export const CHAT_INTEGRATION = 'chat';

/**
 * Where a bot's `chat` integration listens (the webhook id a ChatClient needs), or, when the bot cannot
 * be talked to that way, why: in words that follow the bot's name ("support-bot has …").
 */
export function chatWebhook(bot: {
  integrations?: Record<string, { name: string; enabled: boolean; webhookId?: string }>;
}): { webhookId: string } | { problem: string } {
  const installed = Object.values(bot.integrations ?? {}).find((i) => i.name === CHAT_INTEGRATION);
  if (installed?.enabled && installed.webhookId) return { webhookId: installed.webhookId };
  return {
    problem: !installed
      ? 'does not have the chat integration installed'
      : !installed.enabled
        ? 'has the chat integration disabled'
        : 'has a chat integration without a webhook',
  };
}

export interface ChatClientOptions {
  /** The webhook id of the bot's installed `chat` integration. */
  webhookId: string;
  /** Defaults to https://chat.botpress.cloud. */
  chatApiUrl?: string;
  /** The user's key, from createUser; needed by every call but createUser. */
  userKey?: string;
  http?: HttpClient;
}

export interface ListenOptions extends CallOptions {
  /** Also deliver messages created at or after this ISO time that the stream did not carry (e.g. the newest message already shown). */
  after?: string;
  /** Reported on every (re)connection and every drop. */
  onStatus?: (status: 'connected' | 'reconnecting', error?: Error) => void;
  /** A stream silent for this long is considered dead and reopened. Default 60 s. */
  idleTimeoutMs?: number;
  /** Backoff between reconnections: full jitter, doubling from `baseDelayMs` up to `maxDelayMs`. */
  reconnect?: { baseDelayMs?: number; maxDelayMs?: number };
}

/** How many message ids a listener remembers to drop repeats. */
const REMEMBERED_IDS = 5_000;
/** A connection that lasted this long counts as healthy: the next drop reconnects after the shortest backoff. */
const STABLE_CONNECTION_MS = 10_000;
/** How many pages of listMessages a catch-up after a reconnection may read. */
const MAX_CATCH_UP_PAGES = 20;

export class ChatClient {
  private readonly http: HttpClient;
  private readonly baseUrl: string;

  constructor(private readonly options: ChatClientOptions) {
    this.http = options.http ?? new HttpClient();
    this.baseUrl = `${(options.chatApiUrl ?? defaultChatApiUrl).replace(/\/+$/, '')}/${encodeURIComponent(options.webhookId)}`;
    assertSecureUrl(this.baseUrl);
  }

  get userKey(): string | undefined {
    return this.options.userKey;
  }

  /** The same chat, acting as the user this key belongs to. */
  withUserKey(userKey: string): ChatClient {
    return new ChatClient({ ...this.options, http: this.http, userKey });
  }

  /** Creates a chat user; the returned `key` authenticates it from then on (see withUserKey). */
  createUser(input: ClientRequests['createUser'] = {}, options?: CallOptions): Promise<Response<'createUser'>> {
    return this.send('POST', '/users', { body: input, signal: options?.signal, anonymous: true });
  }

  getUser(options?: CallOptions): Promise<Response<'getUser'>> {
    return this.send('GET', '/users/me', options);
  }

  createConversation(input: Request<'createConversation'> = {}, options?: CallOptions): Promise<Response<'createConversation'>> {
    return this.send('POST', '/conversations', { body: input, signal: options?.signal });
  }

  getConversation(input: Request<'getConversation'>, options?: CallOptions): Promise<Response<'getConversation'>> {
    return this.send('GET', `/conversations/${encodeURIComponent(input.id)}`, options);
  }

  listConversations(input: Request<'listConversations'> = {}, options?: CallOptions): Promise<Response<'listConversations'>> {
    return this.send('GET', '/conversations', { query: { nextToken: input.nextToken }, signal: options?.signal });
  }

  createMessage(input: Request<'createMessage'>, options?: CallOptions): Promise<Response<'createMessage'>> {
    return this.send('POST', '/messages', { body: input, signal: options?.signal });
  }

  /** Messages of a conversation, newest first, a page at a time. */
  listMessages(input: Request<'listMessages'>, options?: CallOptions): Promise<Response<'listMessages'>> {
    const path = `/conversations/${encodeURIComponent(input.conversationId)}/messages`;
    return this.send('GET', path, { query: { nextToken: input.nextToken }, signal: options?.signal });
  }

  /**
   * The live signals of a conversation until `options.signal` aborts (then it simply ends). Drops and
   * server errors reconnect with backoff; errors that retrying cannot fix (401, 404…) end it with a throw.
   */
  async *listenConversation(conversationId: string, options: ListenOptions = {}): AsyncGenerator<ChatSignal> {
    const { signal, onStatus } = options;
    const seen = new Set<string>();
    let watermark = options.after ? Date.parse(options.after) : undefined;
    let failures = 0;
    let openedAt = 0;
    let myUserId: string | undefined;

    /** Records a message; false when it was already delivered. */
    const remember = (id: string, createdAt: string): boolean => {
      if (seen.has(id)) return false;
      seen.add(id);
      if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value!);
      const time = Date.parse(createdAt);
      if (watermark === undefined || time > watermark) watermark = time;
      return true;
    };

    while (!signal?.aborted) {
      let error: Error | undefined;
      try {
        const res = await this.http.stream({
          method: 'GET',
          url: `${this.baseUrl}/conversations/${encodeURIComponent(conversationId)}/listen`,
          headers: { 'x-user-key': this.requireKey(), accept: 'text/event-stream' },
          signal,
          bodyTimeoutMs: options.idleTimeoutMs ?? 60_000,
          operation: 'listenConversation',
          setting: Setting.chatApiUrl,
        });
        try {
          // Messages created before this connection opened and after the last one delivered.
          if (watermark !== undefined) {
            myUserId ??= (await this.getUser({ signal })).user.id;
            for (const message of await this.messagesSince(conversationId, watermark, seen, signal)) {
              if (remember(message.id, message.createdAt))
                yield { type: 'message_created', data: { ...message, isBot: message.userId !== myUserId } };
            }
          } else {
            // The server's clock, to the second: anything missed later is at or after it.
            const date = Date.parse(String(res.headers.date ?? ''));
            watermark = Number.isNaN(date) ? Date.now() : date - 1000;
          }
          openedAt = Date.now();
          onStatus?.('connected');
          for await (const event of parseServerSentEvents(res.body)) {
            const parsed = toSignal(event.data);
            if (!parsed || (parsed.type === 'message_created' && !remember(parsed.data.id, parsed.data.createdAt))) continue;
            yield parsed;
          }
        } finally {
          res.close();
        }
      } catch (thrown) {
        if (signal?.aborted || thrown instanceof CancelledError) return;
        if (!isTransient(thrown)) throw thrown;
        error = thrown as Error;
      }
      if (signal?.aborted) return;
      onStatus?.('reconnecting', error);
      // A connection that held for a while starts the backoff afresh; quick drops make it grow.
      failures = openedAt && Date.now() - openedAt > STABLE_CONNECTION_MS ? 1 : failures + 1;
      openedAt = 0;
      const delay = reconnectDelay(failures, error, options.reconnect);
      try {
        await sleep(delay, signal);
      } catch {
        return;
      }
    }
  }

  /** Messages created at or after `since` and not yet seen, oldest first (listMessages gives newest first). */
  private async messagesSince(conversationId: string, since: number, seen: Set<string>, signal?: AbortSignal): Promise<ChatMessage[]> {
    const missed: ChatMessage[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_CATCH_UP_PAGES; page++) {
      const res = await this.listMessages({ conversationId, nextToken }, { signal });
      let reachedOlder = false;
      for (const message of res.messages) {
        if (Date.parse(message.createdAt) < since) reachedOlder = true;
        else if (!seen.has(message.id)) missed.push(message);
      }
      nextToken = res.meta.nextToken;
      if (reachedOlder || !nextToken) break;
    }
    // Oldest first; equal times keep the service's order, reversed.
    return missed.reverse().sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  }

  private requireKey(): string {
    if (!this.options.userKey) throw new TypeError('No chat user: create one with createUser() and use withUserKey(key).');
    return this.options.userKey;
  }

  private async send<T>(
    method: string,
    path: string,
    req: CallOptions & { body?: unknown; query?: { nextToken?: string }; anonymous?: boolean } = {},
  ): Promise<T> {
    const query = req.query?.nextToken ? `?nextToken=${encodeURIComponent(req.query.nextToken)}` : '';
    const res = await this.http.request<T>({
      method,
      url: `${this.baseUrl}${path}${query}`,
      headers: req.anonymous ? {} : { 'x-user-key': this.requireKey() },
      body: req.body,
      signal: req.signal,
      setting: Setting.chatApiUrl,
    });
    // The Chat API can answer 200 with an error in the body.
    const code = (res.body as { code?: unknown } | undefined)?.code;
    if (typeof code === 'number' && code >= 400 && code < 600) throw toApiError(code, res.body);
    return res.body;
  }
}

const SIGNAL_TYPES = new Set<string>(['message_created', 'message_deleted', 'event_created', 'participant_added', 'participant_removed']);

/**
 * A stream payload as a typed signal, or undefined for a keep-alive `ping`. Anything unrecognised is kept
 * as `unknown` with the data as received (parsed when it is JSON).
 */
function toSignal(raw: string): ChatSignal | undefined {
  let parsed: { type?: unknown; data?: { id?: unknown; createdAt?: unknown } } | undefined;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { type: 'unknown', data: raw };
  }
  if (parsed?.type === 'ping') return undefined;
  const known = typeof parsed?.type === 'string' && SIGNAL_TYPES.has(parsed.type) && parsed.data && typeof parsed.data === 'object';
  const identified =
    parsed?.type !== 'message_created' || (typeof parsed.data?.id === 'string' && typeof parsed.data.createdAt === 'string');
  return known && identified ? (parsed as ChatSignal) : { type: 'unknown', data: parsed };
}

/** Drops, timeouts, 5xx and 429 are worth a reconnection; other API errors are not. */
function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true;
  return error instanceof ApiError && (error.status >= 500 || error.status === 429);
}

function reconnectDelay(failures: number, error: Error | undefined, policy: ListenOptions['reconnect'] = {}): number {
  if (error instanceof ApiError && error.retryAfterSeconds !== undefined) return error.retryAfterSeconds * 1000;
  const ceiling = Math.min(policy.maxDelayMs ?? 15_000, (policy.baseDelayMs ?? 500) * 2 ** (failures - 1));
  return Math.random() * ceiling;
}
