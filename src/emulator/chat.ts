// The Chat API (what @botpress/chat speaks) at /chat/{webhookId}, for bots with the `chat` integration
// installed, served as the official `chat` integration serves it: user keys are HS256 tokens `{ id }`
// signed with the installation's `encryptionKey` (or, without one, a key of the emulator's own, the one
// `createUser` signs with); users and conversations may carry foreign ids (`fid`) of the caller's
// choosing, mapped to the bot's runtime ids; a conversation has an owner and participants; messages map
// to and from the bot's runtime messages field for field; custom events go both ways.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Conversation, Event, Message, User } from '@botpress/client';
import { signHs256, verifyHs256 } from './jwt';
import * as make from './resources';
import type { Runtime } from './runtime';
import { ApiError } from './spec';
import type { BotRecord, Store } from './store';

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
/** As the official service: at most 70 characters among letters, digits, `_`, `-`, `\` and `/`. */
const maxFidLength = 70;
const fidPattern = /^[a-zA-Z0-9_\-\\/]+$/;

/** Foreign ids and the runtime ids they stand for, both ways; an id without a foreign id stands for itself. */
class FidMap {
  private readonly byFid = new Map<string, string>();
  private readonly byId = new Map<string, string>();
  find = (fid: string) => this.byFid.get(fid);
  id = (fid: string) => this.byFid.get(fid) ?? fid;
  fid = (id: string) => this.byId.get(id) ?? id;
  set(fid: string, id: string): void {
    this.byFid.set(fid, id);
    this.byId.set(id, fid);
  }
  delete(fid: string): void {
    const id = this.byFid.get(fid);
    this.byFid.delete(fid);
    if (id !== undefined) this.byId.delete(id);
  }
}

interface BotIds {
  users: FidMap;
  conversations: FidMap;
}

/** The caller: its foreign id (as its key says) and the runtime user it stands for. */
interface Caller {
  fid: string;
  userId: string;
}

interface Stream {
  res: ServerResponse;
  userId: string;
}

function validateFid(fid: string): void {
  if (fid.length > maxFidLength) throw new ApiError('InvalidPayload', `Fid length exceeds the maximum allowed length of ${maxFidLength}`);
  if (!fidPattern.test(fid)) throw new ApiError('InvalidPayload', 'Fid contains invalid characters');
}

export class ChatService {
  private readonly ids = new Map<string, BotIds>();
  private readonly streams = new Map<string, Set<Stream>>();
  private readonly heartbeats: NodeJS.Timeout[];
  /** Signs the keys `createUser` returns, when the installation has no `encryptionKey` of its own. */
  private readonly sharedKey: string;

  constructor(
    private readonly store: Store,
    private readonly runtime: Runtime,
    /** The chat integration's `AUTH_ENCRYPTION_KEY` secret; a random one when not given. */
    sharedKey?: string,
  ) {
    this.sharedKey = sharedKey || randomBytes(32).toString('hex');
    store.messageListeners.add(this.onMessage);
    const everyStream = (text: string) => () => {
      for (const set of this.streams.values()) for (const s of set) s.res.write(text);
    };
    this.heartbeats = [
      setInterval(everyStream(': heartbeat\n\n'), heartbeatMs),
      setInterval(everyStream(`data: ${JSON.stringify({ type: 'ping', data: {} })}\n\n`), pingMs),
    ];
    for (const h of this.heartbeats) h.unref();
  }

  close(): void {
    this.store.messageListeners.delete(this.onMessage);
    for (const h of this.heartbeats) clearInterval(h);
    for (const set of this.streams.values()) for (const s of set) s.res.end();
    this.streams.clear();
  }

  handle(record: BotRecord, req: ChatRequest): ChatReply {
    const { method, path } = req;
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const nonIdSegments = ['get-or-create', 'me', 'listen', 'messages', 'participants'];
    const route = `${method} /${parts.map((p, i) => (i % 2 === 1 && !nonIdSegments.includes(p) ? ':id' : p)).join('/')}`;
    if (route === 'GET /hello') return { body: { message: 'hello' } };
    if (route === 'POST /users') return { body: this.createUser(record, req.body) };

    const ids = this.idsOf(record);
    const caller = this.authenticate(record, req.userKey);
    const { runtime } = record;
    switch (route) {
      case 'POST /users/get-or-create':
        return { body: { user: this.getOrCreateUser(record, caller, req.body) } };
      case 'GET /users/me':
        return { body: { user: this.userView(record, this.user(record, caller.userId)) } };
      case 'PUT /users/me': {
        const u = this.user(record, caller.userId);
        updateUser(u, req.body);
        return { body: { user: this.userView(record, u) } };
      }
      case 'DELETE /users/me': {
        const u = this.user(record, caller.userId);
        runtime.users.splice(runtime.users.indexOf(u), 1);
        ids.users.delete(caller.fid);
        return { body: {} };
      }
      case 'POST /conversations': {
        const fid = typeof req.body.id === 'string' ? req.body.id : undefined;
        if (fid !== undefined) {
          validateFid(fid);
          if (ids.conversations.find(fid)) throw new ApiError('AlreadyExists', `Conversation with id ${fid} already exists`);
        }
        const conversation = this.newConversation(record, caller, fid);
        return { status: 201, body: { conversation: this.conversationView(record, conversation) } };
      }
      case 'POST /conversations/get-or-create': {
        const fid = String(req.body.id ?? '');
        const existingId = ids.conversations.find(fid);
        if (existingId) {
          const conversation = this.conversation(record, existingId);
          if (conversation.tags.owner !== caller.userId) throw new ApiError('Forbidden', 'You are not the owner of this conversation');
          return { body: { conversation: this.conversationView(record, conversation) } };
        }
        validateFid(fid);
        return { body: { conversation: this.conversationView(record, this.newConversation(record, caller, fid)) } };
      }
      case 'GET /conversations': {
        const mine = runtime.conversations.filter((c) => c.integration === 'chat' && c.tags.owner === caller.userId);
        return {
          body: paged(
            'conversations',
            [...mine].reverse().map((c) => this.conversationView(record, c)),
            req.query,
          ),
        };
      }
      case 'GET /conversations/:id':
        return { body: { conversation: this.conversationView(record, this.member(record, caller, parts[1])) } };
      case 'DELETE /conversations/:id': {
        const conversation = this.owned(record, caller, parts[1]);
        runtime.conversations.splice(runtime.conversations.indexOf(conversation), 1);
        runtime.participants.delete(conversation.id);
        ids.conversations.delete(parts[1]);
        return { body: {} };
      }
      case 'GET /conversations/:id/messages': {
        const conversation = this.member(record, caller, parts[1]);
        const messages = runtime.messages.filter((m) => m.conversationId === conversation.id).reverse();
        return {
          body: paged(
            'messages',
            messages.map((m) => this.messageView(record, m)),
            req.query,
          ),
        };
      }
      case 'GET /conversations/:id/listen':
        this.listen(this.member(record, caller, parts[1]).id, caller.userId, req.res);
        return undefined;
      case 'GET /conversations/:id/participants': {
        const conversation = this.member(record, caller, parts[1]);
        const users = [...runtime.participants.get(conversation.id)!].map((id) => this.userView(record, this.user(record, id)));
        return { body: paged('participants', users, req.query) };
      }
      case 'POST /conversations/:id/participants': {
        const conversation = this.owned(record, caller, parts[1]);
        const added = this.user(record, ids.users.id(String(req.body.userId ?? '')));
        runtime.participants.get(conversation.id)!.add(added.id);
        this.send(conversation.id, 'participant_added', { conversationId: parts[1], participantId: String(req.body.userId) });
        return { body: { participant: this.userView(record, added) } };
      }
      case 'GET /conversations/:id/participants/:id': {
        const conversation = this.owned(record, caller, parts[1]);
        const userId = ids.users.id(parts[3]);
        if (!runtime.participants.get(conversation.id)!.has(userId))
          throw new ApiError('ResourceNotFound', `User "${parts[3]}" is not a participant of this conversation`);
        return { body: { participant: this.userView(record, this.user(record, userId)) } };
      }
      case 'DELETE /conversations/:id/participants/:id': {
        const conversation = this.owned(record, caller, parts[1]);
        const userId = ids.users.id(parts[3]);
        if (userId === conversation.tags.owner)
          throw new ApiError('InvalidPayload', 'You cannot remove yourself from the conversation because you are its owner');
        if (!runtime.participants.get(conversation.id)!.delete(userId))
          throw new ApiError('ResourceNotFound', `User "${parts[3]}" is not a participant of this conversation`);
        this.endStreamsOf(userId);
        this.send(conversation.id, 'participant_removed', { conversationId: parts[1], participantId: parts[3] });
        return { body: {} };
      }
      case 'POST /messages':
        return { status: 201, body: { message: this.messageView(record, this.createMessage(record, caller, req.body)) } };
      case 'GET /messages/:id':
        return { body: { message: this.messageView(record, this.message(record, caller, parts[1])) } };
      case 'DELETE /messages/:id': {
        const m = this.message(record, caller, parts[1]);
        if (m.userId !== caller.userId) throw new ApiError('Forbidden', 'You are not the sender of this message');
        runtime.messages.splice(runtime.messages.indexOf(m), 1);
        this.store.messageDeleted(record, m);
        return { body: {} };
      }
      case 'POST /events': {
        const conversation = this.member(record, caller, ids.conversations.id(String(req.body.conversationId ?? '')));
        const payload = { userId: caller.userId, conversationId: conversation.id, payload: (req.body.payload as Dict) ?? {} };
        const event = make.event({
          id: this.store.ids.ulid('evt', Date.now()),
          type: 'chat:custom',
          payload,
          conversationId: conversation.id,
          userId: caller.userId,
          status: 'pending',
        });
        void this.runtime.event(record, event);
        const view = this.eventView(record, event);
        this.send(conversation.id, 'event_created', { ...view, isBot: false });
        return { status: 201, body: { event: view } };
      }
      case 'GET /events/:id': {
        const event = runtime.events.find((e) => e.id === parts[1] && e.type === 'chat:custom');
        if (!event) throw new ApiError('ResourceNotFound', `Event "${parts[1]}" doesn't exist`);
        if (!runtime.participants.get(event.conversationId ?? '')?.has(caller.userId))
          throw new ApiError('Forbidden', "You are not a participant in this event's conversation");
        return { body: { event: this.eventView(record, event) } };
      }
    }
    throw new ApiError('ResourceNotFound', `${method} ${path} is not a Chat API route`);
  }

  /** The chat integration's actions, as a bot calls them (`callAction({ type: 'chat:sendEvent' })`). */
  action(record: BotRecord, action: string, input: Dict): Dict {
    if (action === 'sendEvent') {
      const conversationId = String(input.conversationId ?? '');
      this.conversation(record, conversationId);
      const payload = input.payload;
      if (!payload || typeof payload !== 'object' || Array.isArray(payload))
        throw new ApiError('InvalidPayload', 'input.payload must be an object');
      const data = {
        id: null,
        createdAt: new Date().toISOString(),
        conversationId: this.idsOf(record).conversations.fid(conversationId),
        userId: record.bot.id,
        payload,
        isBot: true,
      };
      this.send(conversationId, 'event_created', data);
      return {};
    }
    throw new ApiError(
      'ResourceNotFound',
      `Action "chat:${action}" doesn't exist (the chat integration has sendEvent and publishMessageStream)`,
    );
  }

  private idsOf(record: BotRecord): BotIds {
    let ids = this.ids.get(record.bot.id);
    if (!ids) this.ids.set(record.bot.id, (ids = { users: new FidMap(), conversations: new FidMap() }));
    return ids;
  }

  /** The key the installation verifies user keys with: its own `encryptionKey`, else the shared one. */
  private keyOf(record: BotRecord): { key: string; personal: boolean } {
    const entry = Object.values(record.bot.integrations).find((i) => i.name === 'chat');
    const personal = entry?.configuration?.encryptionKey;
    return typeof personal === 'string' && personal ? { key: personal, personal: true } : { key: this.sharedKey, personal: false };
  }

  private createUser(record: BotRecord, body: Dict): { user: Dict; key: string } {
    const { key, personal } = this.keyOf(record);
    if (personal) throw new ApiError('Unauthorized', 'The "createUser" operation can only be called when using the shared encryption key.');
    const ids = this.idsOf(record);
    const fid = typeof body.id === 'string' ? body.id : undefined;
    if (fid !== undefined) {
      validateFid(fid);
      if (ids.users.find(fid)) throw new ApiError('AlreadyExists', `User with id ${fid} already exists`);
    }
    const user = make.user({ id: this.store.ids.ulid('user', Date.now()), tags: {} });
    updateUser(user, body);
    record.runtime.users.push(user);
    if (fid !== undefined) ids.users.set(fid, user.id);
    return { user: this.userView(record, user), key: signHs256({ id: fid ?? user.id }, key) };
  }

  private getOrCreateUser(record: BotRecord, caller: Caller, body: Dict): Dict {
    const existing = record.runtime.users.find((u) => u.id === caller.userId);
    if (existing) {
      updateUser(existing, body);
      return this.userView(record, existing);
    }
    validateFid(caller.fid);
    const user = make.user({ id: this.store.ids.ulid('user', Date.now()), tags: {} });
    updateUser(user, body);
    record.runtime.users.push(user);
    this.idsOf(record).users.set(caller.fid, user.id);
    return this.userView(record, user);
  }

  private authenticate(record: BotRecord, userKey: string | undefined): Caller {
    if (!userKey) throw new ApiError('Unauthorized', 'Missing x-user-key header');
    const claims = verifyHs256(userKey, this.keyOf(record).key);
    if (!claims || typeof claims.id !== 'string' || !claims.id) throw new ApiError('Unauthorized', 'Invalid user key');
    return { fid: claims.id, userId: this.idsOf(record).users.id(claims.id) };
  }

  private newConversation(record: BotRecord, caller: Caller, fid: string | undefined): Conversation {
    this.user(record, caller.userId);
    const conversation = make.conversation({
      id: this.store.ids.ulid('conv', Date.now()),
      integration: 'chat',
      channel: 'channel',
      tags: { owner: caller.userId, ...(fid ? { fid } : {}) },
    });
    record.runtime.conversations.push(conversation);
    record.runtime.participants.set(conversation.id, new Set([caller.userId]));
    if (fid) this.idsOf(record).conversations.set(fid, conversation.id);
    return conversation;
  }

  private user(record: BotRecord, id: string): User {
    const user = record.runtime.users.find((u) => u.id === id);
    if (!user) throw new ApiError('ResourceNotFound', `User "${this.idsOf(record).users.fid(id)}" doesn't exist`);
    return user;
  }

  private conversation(record: BotRecord, id: string): Conversation {
    const conversation = record.runtime.conversations.find((c) => c.id === id);
    if (!conversation) throw new ApiError('ResourceNotFound', `Conversation "${this.idsOf(record).conversations.fid(id)}" doesn't exist`);
    return conversation;
  }

  /** The conversation (by foreign or runtime id), if the caller takes part in it. */
  private member(record: BotRecord, caller: Caller, fid: string): Conversation {
    const conversation = this.conversation(record, this.idsOf(record).conversations.id(fid));
    if (!record.runtime.participants.get(conversation.id)?.has(caller.userId))
      throw new ApiError('Forbidden', 'You are not a participant in this conversation');
    return conversation;
  }

  /** The conversation, if the caller owns it. */
  private owned(record: BotRecord, caller: Caller, fid: string): Conversation {
    const conversation = this.conversation(record, this.idsOf(record).conversations.id(fid));
    if (conversation.tags.owner !== caller.userId) throw new ApiError('Forbidden', 'You are not the owner of this conversation');
    return conversation;
  }

  private message(record: BotRecord, caller: Caller, id: string): Message {
    const message = record.runtime.messages.find((m) => m.id === id);
    if (!message) throw new ApiError('ResourceNotFound', `Message "${id}" doesn't exist`);
    if (!record.runtime.participants.get(message.conversationId)?.has(caller.userId))
      throw new ApiError('Forbidden', "You are not a participant in this message's conversation");
    return message;
  }

  private createMessage(record: BotRecord, caller: Caller, body: Dict): Message {
    const payload = body.payload as Dict | undefined;
    if (!payload || typeof payload !== 'object' || typeof payload.type !== 'string')
      throw new ApiError('InvalidPayload', 'payload must be an object with a string "type"');
    const conversation = this.member(record, caller, String(body.conversationId ?? ''));
    const metadata = body.metadata === undefined ? undefined : (body.metadata as Dict);
    const message = make.message({
      id: this.store.ids.ulid('msg', Date.now()),
      ...toBotpress(payload, metadata),
      direction: 'incoming',
      userId: caller.userId,
      conversationId: conversation.id,
    });
    this.store.addMessage(record, message);
    return message;
  }

  private listen(conversationId: string, userId: string, res: ServerResponse): void {
    res.socket?.setTimeout(0);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    let set = this.streams.get(conversationId);
    if (!set) this.streams.set(conversationId, (set = new Set()));
    const stream = { res, userId };
    set.add(stream);
    res.on('close', () => set.delete(stream));
  }

  /** A removed participant is disconnected, as the official service closes the user's channel. */
  private endStreamsOf(userId: string): void {
    for (const set of this.streams.values()) {
      for (const s of set) {
        if (s.userId !== userId) continue;
        set.delete(s);
        s.res.end();
      }
    }
  }

  private readonly onMessage = (record: BotRecord, message: Message, change: 'created' | 'deleted'): void => {
    if (change === 'created') {
      this.send(message.conversationId, 'message_created', {
        ...this.messageView(record, message),
        isBot: message.direction === 'outgoing',
      });
    } else {
      const ids = this.idsOf(record);
      this.send(message.conversationId, 'message_deleted', {
        id: message.id,
        conversationId: ids.conversations.fid(message.conversationId),
        userId: ids.users.fid(message.userId),
      });
    }
  };

  private send(conversationId: string, type: string, data: object): void {
    for (const s of this.streams.get(conversationId) ?? []) s.res.write(`data: ${JSON.stringify({ type, data })}\n\n`);
  }

  private userView(record: BotRecord, u: User) {
    return {
      id: this.idsOf(record).users.fid(u.id),
      ...(u.name ? { name: u.name } : {}),
      ...(u.pictureUrl ? { pictureUrl: u.pictureUrl } : {}),
      ...(u.tags.profile ? { profile: u.tags.profile } : {}),
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    };
  }

  private conversationView(record: BotRecord, c: Conversation) {
    return { id: this.idsOf(record).conversations.fid(c.id), createdAt: c.createdAt, updatedAt: c.updatedAt };
  }

  private messageView(record: BotRecord, m: Message) {
    const ids = this.idsOf(record);
    return {
      id: m.id,
      createdAt: m.createdAt,
      ...toChat(m),
      userId: ids.users.fid(m.userId),
      conversationId: ids.conversations.fid(m.conversationId),
    };
  }

  private eventView(record: BotRecord, e: Event) {
    const ids = this.idsOf(record);
    const data = e.payload as { userId?: string; conversationId?: string; payload?: Dict };
    return {
      id: e.id,
      createdAt: e.createdAt,
      conversationId: ids.conversations.fid(data.conversationId ?? ''),
      userId: ids.users.fid(data.userId ?? ''),
      payload: data.payload ?? {},
    };
  }
}

function updateUser(user: User, body: Dict): void {
  for (const key of ['name', 'pictureUrl'] as const) if (typeof body[key] === 'string') user[key] = body[key];
  if (typeof body.profile === 'string') user.tags = { ...user.tags, profile: body.profile };
  user.updatedAt = new Date().toISOString();
}

/** A Chat API payload (and metadata) as the bot's runtime message holds it: the type apart, bloc items as `{ type, payload }`. */
export function toBotpress(chat: Dict, metadata: Dict | undefined): Pick<Message, 'type' | 'payload'> {
  const { type, ...rest } = chat as { type: string } & Dict;
  const payload: Dict = metadata === undefined ? rest : { metadata, ...rest };
  if (type === 'bloc' && Array.isArray(rest.items)) {
    payload.items = (rest.items as Dict[]).map(({ type: itemType, ...item }) => ({ type: itemType, payload: item }));
  }
  return { type, payload };
}

/** A runtime message's payload as the Chat API gives it: `type` inside, bloc items flat, metadata apart. */
export function toChat(m: Pick<Message, 'type' | 'payload'>): { payload: Dict; metadata?: Dict } {
  const { metadata, ...rest } = m.payload as Dict;
  const payload: Dict = { type: m.type, ...rest };
  if (m.type === 'bloc' && Array.isArray(rest.items)) {
    payload.items = (rest.items as Dict[]).map((item) =>
      item.payload && typeof item.payload === 'object' ? { type: item.type, ...(item.payload as Dict) } : item,
    );
  }
  return metadata === undefined ? { payload } : { payload, metadata: metadata as Dict };
}

function paged(key: string, items: unknown[], query: URLSearchParams) {
  const offset = Number(query.get('nextToken') ?? 0) || 0;
  const next = offset + chatPageSize < items.length ? String(offset + chatPageSize) : undefined;
  return { [key]: items.slice(offset, offset + chatPageSize), meta: next ? { nextToken: next } : {} };
}
