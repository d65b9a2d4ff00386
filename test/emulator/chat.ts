// The Chat API (what @botpress/chat speaks) at /chat/{webhookId}, for bots with the `chat` integration
// installed. Chat users, conversations and messages are the bot's runtime resources, so the Cloud
// runtime API sees the same conversation. A demo bot answers every user message over the live stream.
import type { ServerResponse } from 'node:http';
import type { Message, User } from '@botpress/client';
import { demoReplies, textOf, type Payload } from './payloads';
import * as make from './resources';
import { ApiError } from './spec';
import type { BotRecord, ChatUser, Store } from './store';

export interface ChatRequest {
  method: string;
  /** The path after `/chat/{webhookId}`, e.g. `/conversations/conv_…/messages`. */
  path: string;
  query: URLSearchParams;
  userKey?: string;
  body: Record<string, unknown>;
  res: ServerResponse;
}

/** What the handler returns: a JSON body, or `undefined` when it took over the response (the stream). */
export type ChatReply = { status?: number; body: unknown } | undefined;

type Dict = Record<string, unknown>;
const chatPageSize = 20;
/** Node's default client agent drops a socket idle for 5 s: a comment line keeps the stream warm. */
const heartbeatMs = 3_000;
/** The official client's watchdog gives up after 60 s without an event: a `ping` event every 30 s. */
const pingMs = 30_000;

export class ChatService {
  private readonly participants = new Map<string, Set<string>>();
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly heartbeats: NodeJS.Timeout[];

  constructor(
    private readonly store: Store,
    /** Delay of the demo bot's first reply, in ms (each further reply follows after a third of it). */
    private readonly replyDelay: () => number,
  ) {
    store.messageListeners.add(this.broadcast);
    const everyStream = (text: string) => () => {
      for (const set of this.streams.values()) for (const res of set) res.write(text);
    };
    this.heartbeats = [
      setInterval(everyStream(': heartbeat\n\n'), heartbeatMs),
      setInterval(everyStream(`data: ${JSON.stringify({ type: 'ping', data: {} })}\n\n`), pingMs),
    ];
    for (const h of this.heartbeats) h.unref();
  }

  close(): void {
    this.store.messageListeners.delete(this.broadcast);
    for (const h of this.heartbeats) clearInterval(h);
    for (const t of this.timers) clearTimeout(t);
    for (const set of this.streams.values()) for (const res of set) res.end();
    this.streams.clear();
  }

  handle(record: BotRecord, req: ChatRequest): ChatReply {
    const { method, path } = req;
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const route = `${method} /${parts.map((p, i) => (i % 2 === 1 && !['get-or-create', 'me', 'listen', 'messages', 'participants'].includes(p) ? ':id' : p)).join('/')}`;
    if (route === 'GET /hello') return { body: { message: 'hello' } };
    if (route === 'POST /users') return { body: this.createUser(record, req.body) };

    const chatUser = this.authenticate(record, req.userKey);
    const user = () => this.user(record, chatUser.userId);
    switch (route) {
      case 'POST /users/get-or-create':
      case 'GET /users/me':
        return { body: { user: chatUserView(user()) } };
      case 'PUT /users/me': {
        const u = user();
        Object.assign(u, pick(req.body, ['name', 'pictureUrl']), { updatedAt: new Date().toISOString() });
        return { body: { user: chatUserView(u) } };
      }
      case 'DELETE /users/me':
        this.store.chatUsers.delete(chatUser.key);
        return { body: {} };
      case 'POST /conversations':
      case 'POST /conversations/get-or-create': {
        const id = typeof req.body.id === 'string' ? req.body.id : undefined;
        const existing = id ? record.runtime.conversations.find((c) => c.id === id) : undefined;
        if (existing) {
          if (route === 'POST /conversations') throw new ApiError('AlreadyExists', `Conversation "${id}" already exists`);
          this.member(record, chatUser, existing.id);
          return { body: { conversation: conversationView(existing) } };
        }
        const conversation = make.conversation({ id: id ?? this.store.ids.ulid('conv', Date.now()), integration: 'chat', channel: 'channel' });
        record.runtime.conversations.push(conversation);
        this.participants.set(conversation.id, new Set([chatUser.userId]));
        return { status: route === 'POST /conversations' ? 201 : 200, body: { conversation: conversationView(conversation) } };
      }
      case 'GET /conversations': {
        const mine = record.runtime.conversations.filter((c) => this.participants.get(c.id)?.has(chatUser.userId));
        return { body: paged('conversations', mine.reverse().map(conversationView), req.query) };
      }
      case 'GET /conversations/:id':
        return { body: { conversation: conversationView(this.member(record, chatUser, parts[1])) } };
      case 'DELETE /conversations/:id': {
        const conversation = this.member(record, chatUser, parts[1]);
        record.runtime.conversations.splice(record.runtime.conversations.indexOf(conversation), 1);
        this.participants.delete(conversation.id);
        return { body: {} };
      }
      case 'GET /conversations/:id/messages': {
        const conversation = this.member(record, chatUser, parts[1]);
        const messages = record.runtime.messages.filter((m) => m.conversationId === conversation.id).reverse();
        return { body: paged('messages', messages.map((m) => messageView(m)), req.query) };
      }
      case 'GET /conversations/:id/listen':
        this.listen(this.member(record, chatUser, parts[1]).id, req.res);
        return undefined;
      case 'GET /conversations/:id/participants': {
        const conversation = this.member(record, chatUser, parts[1]);
        const users = [...this.participants.get(conversation.id)!].map((id) => chatUserView(this.user(record, id)));
        return { body: paged('participants', users, req.query) };
      }
      case 'POST /conversations/:id/participants': {
        const conversation = this.member(record, chatUser, parts[1]);
        const added = this.user(record, String(req.body.userId));
        this.participants.get(conversation.id)!.add(added.id);
        return { body: { participant: chatUserView(added) } };
      }
      case 'GET /conversations/:id/participants/:id': {
        const conversation = this.member(record, chatUser, parts[1]);
        if (!this.participants.get(conversation.id)!.has(parts[3])) throw new ApiError('ResourceNotFound', `User "${parts[3]}" is not in this conversation`);
        return { body: { participant: chatUserView(this.user(record, parts[3])) } };
      }
      case 'DELETE /conversations/:id/participants/:id':
        this.participants.get(this.member(record, chatUser, parts[1]).id)!.delete(parts[3]);
        return { body: {} };
      case 'POST /messages':
        return { status: 201, body: { message: messageView(this.createMessage(record, chatUser, req.body)) } };
      case 'GET /messages/:id':
        return { body: { message: messageView(this.message(record, chatUser, parts[1])) } };
      case 'DELETE /messages/:id': {
        const m = this.message(record, chatUser, parts[1]);
        record.runtime.messages.splice(record.runtime.messages.indexOf(m), 1);
        this.send(m.conversationId, 'message_deleted', { id: m.id, conversationId: m.conversationId, userId: m.userId });
        return { body: {} };
      }
      case 'POST /events': {
        const conversation = this.member(record, chatUser, String(req.body.conversationId));
        const event = make.event({ id: this.store.ids.ulid('evt', Date.now()), type: 'custom', payload: (req.body.payload as Dict) ?? {}, conversationId: conversation.id, userId: chatUser.userId });
        record.runtime.events.push(event);
        const view = { id: event.id, createdAt: event.createdAt, payload: event.payload, conversationId: conversation.id, userId: chatUser.userId };
        this.send(conversation.id, 'event_created', { ...view, isBot: false });
        return { status: 201, body: { event: view } };
      }
      case 'GET /events/:id': {
        const event = record.runtime.events.find((e) => e.id === parts[1] && e.conversationId && this.participants.get(e.conversationId)?.has(chatUser.userId));
        if (!event) throw new ApiError('ResourceNotFound', `Event "${parts[1]}" doesn't exist`);
        return { body: { event: { id: event.id, createdAt: event.createdAt, payload: event.payload, conversationId: event.conversationId, userId: event.userId } } };
      }
    }
    throw new ApiError('ResourceNotFound', `${method} ${path} is not a Chat API route`);
  }

  private createUser(record: BotRecord, body: Dict): { user: Dict; key: string } {
    const id = typeof body.id === 'string' ? body.id : this.store.ids.ulid('user', Date.now());
    if (record.runtime.users.some((u) => u.id === id)) throw new ApiError('AlreadyExists', `User "${id}" already exists`);
    const user = make.user({ id, ...pick(body, ['name', 'pictureUrl']), tags: {} });
    record.runtime.users.push(user);
    const key = `${id}.${this.store.ids.ulid('key').slice(4)}`;
    this.store.chatUsers.set(key, { key, botId: record.bot.id, userId: id });
    return { user: chatUserView(user), key };
  }

  private authenticate(record: BotRecord, key: string | undefined): ChatUser {
    const chatUser = key ? this.store.chatUsers.get(key) : undefined;
    if (!chatUser || chatUser.botId !== record.bot.id) throw new ApiError('Unauthorized', key ? 'Invalid x-user-key' : 'Missing x-user-key header');
    return chatUser;
  }

  private user(record: BotRecord, id: string): User {
    const user = record.runtime.users.find((u) => u.id === id);
    if (!user) throw new ApiError('ResourceNotFound', `User "${id}" doesn't exist`);
    return user;
  }

  /** The conversation, if the chat user takes part in it. */
  private member(record: BotRecord, chatUser: ChatUser, id: string) {
    const conversation = record.runtime.conversations.find((c) => c.id === id);
    if (!conversation) throw new ApiError('ResourceNotFound', `Conversation "${id}" doesn't exist`);
    if (!this.participants.get(id)?.has(chatUser.userId)) throw new ApiError('Forbidden', `You are not a participant of conversation "${id}"`);
    return conversation;
  }

  private message(record: BotRecord, chatUser: ChatUser, id: string): Message {
    const message = record.runtime.messages.find((m) => m.id === id);
    if (!message) throw new ApiError('ResourceNotFound', `Message "${id}" doesn't exist`);
    this.member(record, chatUser, message.conversationId);
    return message;
  }

  private createMessage(record: BotRecord, chatUser: ChatUser, body: Dict): Message {
    const payload = body.payload as Payload | undefined;
    if (!payload || typeof payload !== 'object' || typeof payload.type !== 'string') {
      throw new ApiError('InvalidPayload', 'payload must be an object with a string "type"');
    }
    const conversation = this.member(record, chatUser, String(body.conversationId));
    const message = make.message({ id: this.store.ids.ulid('msg', Date.now()), payload, direction: 'incoming', userId: chatUser.userId, conversationId: conversation.id });
    this.store.addMessage(record, message);
    this.answer(record, message, payload);
    return message;
  }

  /** The demo bot: after a short, human-like pause, its replies arrive one after the other. */
  private answer(record: BotRecord, incoming: Message, payload: Payload): void {
    let delay = this.replyDelay();
    for (const reply of demoReplies(textOf(payload))) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.store.bots.has(record.bot.id)) return;
        const message = make.message({ id: this.store.ids.ulid('msg', Date.now()), payload: reply, direction: 'outgoing', userId: record.bot.id, conversationId: incoming.conversationId });
        this.store.addMessage(record, message);
      }, delay);
      this.timers.add(timer);
      delay += Math.max(20, Math.round(this.replyDelay() / 3));
    }
  }

  private listen(conversationId: string, res: ServerResponse): void {
    res.socket?.setTimeout(0);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    let set = this.streams.get(conversationId);
    if (!set) this.streams.set(conversationId, (set = new Set()));
    set.add(res);
    res.on('close', () => set.delete(res));
  }

  private readonly broadcast = (_record: BotRecord, message: Message): void => {
    this.send(message.conversationId, 'message_created', { ...messageView(message), isBot: message.direction === 'outgoing' });
  };

  private send(conversationId: string, type: string, data: object): void {
    for (const res of this.streams.get(conversationId) ?? []) res.write(`data: ${JSON.stringify({ type, data })}\n\n`);
  }
}

function pick(body: Dict, keys: string[]): Dict {
  return Object.fromEntries(keys.filter((k) => typeof body[k] === 'string').map((k) => [k, body[k]]));
}

const chatUserView = (u: User) => ({ id: u.id, ...(u.name ? { name: u.name } : {}), ...(u.pictureUrl ? { pictureUrl: u.pictureUrl } : {}), createdAt: u.createdAt, updatedAt: u.updatedAt });
const conversationView = (c: { id: string; createdAt: string; updatedAt: string }) => ({ id: c.id, createdAt: c.createdAt, updatedAt: c.updatedAt });
const messageView = (m: Message) => ({ id: m.id, createdAt: m.createdAt, payload: { type: m.type, ...m.payload }, userId: m.userId, conversationId: m.conversationId, metadata: {} });

function paged(key: string, items: unknown[], query: URLSearchParams) {
  const offset = Number(query.get('nextToken') ?? 0) || 0;
  const next = offset + chatPageSize < items.length ? String(offset + chatPageSize) : undefined;
  return { [key]: items.slice(offset, offset + chatPageSize), meta: next ? { nextToken: next } : {} };
}
