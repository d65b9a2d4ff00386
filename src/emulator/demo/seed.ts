// The demo world: two workspaces, one with 53 bots (48 production: three pages), private and hub integrations, a
// `support-bot` with the chat integration and conversations holding every payload type, users, states, events and a
// live log stream, and the Botmock team. A user's local cloud starts without it (`--seed empty`).
import { payloadExamples } from '../payloads';
import type { Random } from '../random';
import * as make from '../resources';
import { addBot, addHub, addIntegration, base, day, iso } from '../seed';
import type { BotRecord, Store } from '../store';
import { botmockWorld } from './botmock';
import { seedHubPlugins } from '../plugins';
import { seedTables } from './tables';
import { seedKnowledge } from './knowledge';
import { seedTraffic } from './traffic';
import { Random as Stream, seedOf } from '../random';

export function seedDemo(store: Store, random: Random): void {
  const owner = store.ids.ulid('user', base);
  store.account = { ...store.account, id: owner, createdAt: iso(base) };
  const acme = make.workspace({
    id: store.ids.ulid('wkspace', base),
    name: 'Acme Support',
    ownerId: owner,
    plan: 'team',
    createdAt: iso(base),
    updatedAt: iso(base),
  });
  const personal = make.workspace({
    id: store.ids.ulid('wkspace', base + day),
    name: 'Personal Sandbox',
    ownerId: owner,
    plan: 'community',
    createdAt: iso(base + day),
    updatedAt: iso(base + day),
  });
  store.workspaces.push(acme, personal);

  const { chat, telegram, webchat } = addHub(store, random);

  for (const [name, title] of [
    ['acme-crm', 'Acme CRM'],
    ['acme-ticketing', 'Acme Ticketing'],
    ['order-lookup', 'Order Lookup'],
    ['inventory-sync', 'Inventory Sync'],
  ]) {
    addIntegration(store, acme.id, {
      name,
      version: '0.1.0',
      title,
      description: `${title}, built in-house`,
      dev: name === 'order-lookup',
    } as never);
  }
  addIntegration(store, personal.id, {
    name: 'weather',
    version: '0.0.3',
    title: 'Weather',
    description: 'Forecasts for the demo',
  } as never);

  // The chat bot first, then enough others for three pages of 20.
  const support = addBot(store, acme.id, {
    name: 'support-bot',
    description: 'Answers customers on the website and on Telegram',
    dev: true,
    tags: { team: 'support', tier: 'gold' },
    states: {
      cart: { type: 'conversation', schema: { type: 'object', properties: { items: { type: 'array' } } }, expiry: day },
      profile: { type: 'user', schema: { type: 'object', properties: { email: { type: 'string' } } } },
      settings: { type: 'bot', schema: { type: 'object', properties: { greeting: { type: 'string' } } } },
    },
    events: {
      orderPlaced: {
        title: 'Order placed',
        description: 'A customer placed an order',
        schema: { type: 'object', properties: { orderId: { type: 'string' } } },
      },
    },
    user: { tags: { email: { title: 'Email', description: 'Verified address' } } },
    conversation: { tags: { topic: { title: 'Topic' } } },
    message: { tags: {} },
    configuration: { schema: { type: 'object', properties: { greeting: { type: 'string' } } }, data: { greeting: 'Hello!' } },
    integrations: {
      chat: make.installation(chat, store.ids.ulid('wh', base).toLowerCase().replace('wh_', '')),
      webchat: make.installation(webchat, store.ids.ulid('wh', base).toLowerCase().replace('wh_', ''), { botName: 'Acme' }),
      telegram: make.installation(telegram, store.ids.ulid('wh', base).toLowerCase().replace('wh_', ''), { botToken: '***' }, false),
    },
  } as never);
  seedRuntime(store, support, random);
  seedTables(store, support.bot.id, base);

  const words = ['sales', 'hr', 'billing', 'onboarding', 'faq', 'returns', 'booking', 'it', 'legal', 'travel', 'survey', 'lead'];
  const kinds = ['assistant', 'helper', 'agent', 'bot', 'desk'];
  for (let i = 0; i < 52; i++) {
    const name = `${words[i % words.length]}-${kinds[Math.floor(i / words.length) % kinds.length]}`;
    addBot(
      store,
      acme.id,
      {
        // The README's walkthrough creates a "faq-bot": the seed's own goes by another name.
        name: name === 'faq-bot' ? 'faq-archive-bot' : name,
        dev: i % 13 === 0,
        tags: { team: words[i % words.length] },
      } as never,
      base + (i + 1) * 3_600_000,
    );
  }
  for (const name of ['playground', 'weather-bot', 'echo']) addBot(store, personal.id, { name } as never, base + 2 * day);
  for (const w of store.workspaces) w.botCount = store.botsOf(w.id).length;
  // Simulated traffic, labelled: the seeded bots and Acme's own integrations (never the Hub's, nor the Sandbox's
  // weather integration, which nothing installs; nor what the user creates).
  for (const record of store.bots.values()) record.logSource.simulated = true;
  for (const record of store.integrations.values()) record.logSource.simulated = record.workspaceId === acme.id;

  store.botmock = botmockWorld();
  seedHubPlugins(store, base - 300 * day);
  seedKnowledge(store, support.bot.id, base + 2 * day);
  // A month of traffic up to now, for analytics and usage: the first production bot's.
  seedTraffic(
    store,
    [...store.bots.values()].find((b) => b.bot.name === 'hr-assistant')!,
    new Stream(seedOf('traffic')),
    Date.now(),
  );
}

/** Users, 24 conversations (two pages), one of them holding every payload type, states and events. */
function seedRuntime(store: Store, record: BotRecord, random: Random): void {
  const { runtime, bot } = record;
  const names = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Linus Torvalds'];
  let t = base + 3 * day;
  const tick = () => (t += 1000 + random.int(60_000));
  for (const name of names) {
    runtime.users.push(
      make.user(
        {
          id: store.ids.ulid('user', t),
          name,
          pictureUrl: `https://i.pravatar.cc/128?u=${encodeURIComponent(name)}`,
          tags: { email: `${name.split(' ')[0].toLowerCase()}@example.com` },
        },
        tick(),
      ),
    );
  }
  const types = Object.keys(payloadExamples);
  const topics = ['order', 'return', 'billing', 'shipping', 'account', 'other'];
  for (let c = 0; c < 24; c++) {
    const u = runtime.users[c % runtime.users.length];
    const conv = make.conversation(
      {
        id: store.ids.ulid('conv', t),
        channel: 'channel',
        integration: c % 3 === 2 ? 'webchat' : 'chat',
        tags: { topic: topics[c % topics.length] },
      },
      tick(),
    );
    runtime.conversations.push(conv);
    runtime.participants.set(conv.id, new Set([u.id]));
    const say = (payload: object, direction: 'incoming' | 'outgoing') => {
      const m = make.message(
        { id: store.ids.ulid('msg', t), payload, direction, userId: direction === 'incoming' ? u.id : bot.id, conversationId: conv.id },
        tick(),
      );
      runtime.messages.push(m);
      return m;
    };
    const first = say(
      { type: 'text', text: c === 0 ? 'Show me everything you can send' : `Hi, I have a question about my ${topics[c % topics.length]}` },
      'incoming',
    );
    runtime.events.push(
      make.event(
        {
          id: store.ids.ulid('evt', t),
          type: 'message_created',
          conversationId: conv.id,
          userId: u.id,
          messageId: first.id,
          payload: { messageId: first.id },
        },
        t,
      ),
    );
    const replies = c === 0 ? types : c === 1 ? Array.from({ length: 30 }, (_, i) => types[i % types.length]) : [random.pick(types)];
    for (const type of replies) say(payloadExamples[type], 'outgoing');
    conv.updatedAt = new Date(t).toISOString();
    runtime.states.push(
      make.state(
        {
          id: store.ids.ulid('state', t),
          botId: bot.id,
          conversationId: conv.id,
          name: 'cart',
          type: 'conversation',
          payload: { items: c % 2 ? [{ sku: 'TSHIRT-M', qty: 2 }] : [] },
        },
        t,
      ),
    );
  }
  for (const u of runtime.users) {
    runtime.states.push(
      make.state(
        { id: store.ids.ulid('state', t), botId: bot.id, userId: u.id, name: 'profile', type: 'user', payload: { email: u.tags.email } },
        tick(),
      ),
    );
  }
  runtime.states.push(
    make.state({ id: store.ids.ulid('state', t), botId: bot.id, name: 'settings', type: 'bot', payload: { greeting: 'Hello!' } }, tick()),
  );
  runtime.events.push(
    make.event(
      {
        id: store.ids.ulid('evt', t),
        type: 'orderPlaced',
        conversationId: runtime.conversations[0].id,
        userId: runtime.users[0].id,
        payload: { orderId: '1042' },
      },
      tick(),
    ),
  );

  record.logSource.conversationIds = runtime.conversations.map((c) => c.id);
  record.logSource.userIds = runtime.users.map((u) => u.id);
  for (const entry of Object.values(bot.integrations)) {
    const source = store.integrations.get(entry.id)?.logSource;
    if (source) {
      source.conversationIds.push(...record.logSource.conversationIds);
      source.userIds.push(...record.logSource.userIds);
    }
  }
}
