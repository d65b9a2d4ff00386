// A month of recorded traffic for one demo bot, up to the emulator's start: people come (new users) and come back
// (returning users), talk in conversations answered by the demo answer (payloads.ts), place orders, and the bot
// reports each answer it generated with an LLM (`payload.llm`, analytics.ts) and counts custom events
// (trackAnalytics). Analytics and usage are computed from it as from live traffic; times are relative to now.
import { demoReplies } from '../payloads';
import type { Random } from '../random';
import * as make from '../resources';
import type { BotRecord, Store } from '../store';

const questions = [
  'How many vacation days do I have left?',
  'Where do I find my payslip?',
  'Can I see an image of the org chart?',
  'I need to update my address',
  'What is the parental leave policy?',
  'Show me a card for the benefits portal',
  'Who do I talk to about a laptop?',
  'Can you show me a carousel of the open positions?',
];

/** Adds `days` of traffic ending at `now` to `record`: busier on weekdays, growing slowly over the month. */
export function seedTraffic(store: Store, record: BotRecord, random: Random, now: number, days = 30): void {
  const { runtime, bot } = record;
  bot.events = {
    ...bot.events,
    answerGenerated: {
      title: 'Answer generated',
      description: 'An answer the bot wrote with an LLM, with the call it made',
      schema: { type: 'object', properties: { question: { type: 'string' }, llm: { type: 'object' } } },
    },
  };
  const start = now - days * 86_400_000;
  for (let d = 0; d < days; d++) {
    const dayStart = start + d * 86_400_000;
    const weekday = new Date(dayStart).getUTCDay() % 6 !== 0;
    const visits = Math.round((weekday ? 6 : 2) + (d / days) * 6 + random.int(4));
    for (let v = 0; v < visits; v++) {
      let t = dayStart + (7 + random.int(12)) * 3_600_000 + random.int(3_600_000);
      if (t > now) break;
      const tick = (ms: number) => (t = Math.min(now, t + ms));
      const returning = runtime.users.length > 3 && random.chance(0.45);
      const user = returning
        ? random.pick(runtime.users)
        : make.user({ id: store.ids.ulid('user', t), name: `Employee ${runtime.users.length + 1}`, tags: {} }, t);
      if (!returning) runtime.users.push(user);
      const conversation = make.conversation({ id: store.ids.ulid('conv', t), integration: 'webchat', tags: {} }, tick(500));
      runtime.conversations.push(conversation);
      runtime.participants.set(conversation.id, new Set([user.id]));
      for (let q = 1 + random.int(3); q > 0; q--) {
        const text = random.pick(questions);
        const asked = make.message(
          {
            id: store.ids.ulid('msg', t),
            payload: { type: 'text', text },
            direction: 'incoming',
            userId: user.id,
            conversationId: conversation.id,
          },
          tick(20_000 + random.int(90_000)),
        );
        runtime.messages.push(asked);
        runtime.events.push(
          make.event(
            {
              id: store.ids.ulid('evt', t),
              type: 'message_created',
              conversationId: conversation.id,
              userId: user.id,
              messageId: asked.id,
            },
            t,
          ),
        );
        const inputTokens = 400 + random.int(900);
        const outputTokens = 60 + random.int(260);
        const latencyMs = 500 + random.int(2200);
        const failed = random.chance(0.04);
        runtime.events.push(
          make.event(
            {
              id: store.ids.ulid('evt', t),
              type: 'answerGenerated',
              conversationId: conversation.id,
              userId: user.id,
              payload: {
                question: text,
                llm: {
                  model: 'openai:gpt-4o-mini',
                  inputTokens,
                  outputTokens: failed ? 0 : outputTokens,
                  latencyMs,
                  cost: Math.round(inputTokens * 0.15 + (failed ? 0 : outputTokens) * 0.6) / 1e6,
                  error: failed,
                },
              },
            },
            tick(latencyMs),
          ),
        );
        for (const payload of demoReplies(text)) {
          runtime.messages.push(
            make.message(
              { id: store.ids.ulid('msg', t), payload, direction: 'outgoing', userId: bot.id, conversationId: conversation.id },
              tick(300 + random.int(900)),
            ),
          );
        }
        if (random.chance(0.3)) (record.customEvents ??= []).push({ name: 'faqResolved', count: 1, at: new Date(t).toISOString() });
      }
      if (random.chance(0.08)) (record.customEvents ??= []).push({ name: 'handoffRequested', count: 1, at: new Date(t).toISOString() });
      conversation.updatedAt = new Date(t).toISOString();
    }
  }
  runtime.users.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  runtime.messages.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  runtime.events.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  record.logSource.conversationIds = runtime.conversations.slice(-20).map((c) => c.id);
  record.logSource.userIds = runtime.users.slice(-20).map((u) => u.id);
}
