// The demo's running bot: Acme's `billing-assistant` gets deployed code (two releases, each saved as a version) that
// answers invoice questions over the runtime API and has a real bug: a refund question reads `invoice.refund.amount`
// of an invoice with no refund. A few customers' messages are then really delivered to it, so the demo opens with an
// issue the code produced (a TypeError, two events, with their conversations and stack), not one written by hand.
// Run by the command line's demo (`npm start`), not by `startEmulator`: tests start from the seed alone.
import type { Emulator } from '../index';
import * as make from '../resources';

const release = (version: number) => `'use strict';
const invoices = {
  'INV-1001': { total: 120, status: 'paid' },
  'INV-1002': { total: 75, status: 'paid' },
  'INV-1003': { total: 310, status: 'refund requested', refund: { amount: 310 } },
};

async function reply(botId, conversationId, text) {
  await fetch(process.env.BP_API_URL + '/v1/chat/messages', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + process.env.BP_TOKEN, 'x-bot-id': botId, 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId, userId: botId, type: 'text', tags: {}, payload: { text } }),
  });
}

function answer(text) {
  const id = (/INV-\\d{4}/i.exec(text) || [])[0];
  const invoice = id && invoices[id.toUpperCase()];
  if (!invoice) return 'Which invoice? Give me its number, like INV-1001.';
  ${
    version === 1
      ? "return id.toUpperCase() + ': ' + invoice.total + ' USD, ' + invoice.status + '.';"
      : `if (/refund/i.test(text)) return 'Your refund of ' + invoice.refund.amount + ' USD is on its way.';
  return id.toUpperCase() + ': ' + invoice.total + ' USD, ' + invoice.status + '.';`
  }
}

exports.handler = async (req) => {
  if (req.headers['x-bp-operation'] !== 'event_received' || req.headers['x-bp-type'] !== 'message_created') return { status: 200 };
  const { event } = JSON.parse(req.body);
  const text = String((event.payload.message.payload || {}).text || '');
  console.log('billing-assistant v${version}: ' + text);
  await reply(req.headers['x-bot-id'], event.conversationId, answer(text));
  return { status: 200, body: '{}' };
};
`;

const customers: [string, string[]][] = [
  ['Margaret Hamilton', ['Hi, what is the status of INV-1001?', 'Can I get a refund for INV-1002?']],
  ['Tim Berners-Lee', ['I asked for a refund on INV-1002 last week', 'INV-1003 refund?']],
];

/** Deploys the demo's billing bot (v1, then v2 with the refund bug), saves both as versions and delivers the customers' messages. */
export async function playDemoBilling(emulator: Emulator): Promise<void> {
  const { store, runtime } = emulator;
  const record = [...store.bots.values()].find((r) => r.bot.name === 'billing-assistant');
  if (!record) return;
  const deploy = (version: number, description: string) => {
    record.code = release(version);
    record.bot.description = description;
    record.bot.deployedAt = record.bot.updatedAt = new Date().toISOString();
    runtime.deployed(record);
    store.versions.create(
      record,
      store.ids.ulid('ver', Date.now()),
      `v${version}`,
      version === 1 ? 'Invoice status' : 'Invoice status and refunds',
    );
  };
  deploy(1, 'Answers invoice questions');
  deploy(2, 'Answers invoice questions and refunds');

  const conversations = customers.map(([name, texts]) => {
    const user = make.user({ id: store.ids.ulid('user', Date.now()), name, tags: {} });
    const conversation = make.conversation({ id: store.ids.ulid('conv', Date.now()) });
    record.runtime.users.push(user);
    record.runtime.conversations.push(conversation);
    record.runtime.participants.set(conversation.id, new Set([user.id]));
    return { user, conversation, texts };
  });
  for (const { user, conversation, texts } of conversations) {
    for (const text of texts) {
      const message = make.message({
        id: store.ids.ulid('msg', Date.now()),
        payload: { text },
        type: 'text',
        direction: 'incoming',
        userId: user.id,
        conversationId: conversation.id,
      });
      store.addMessage(record, message);
      // One at a time, as customers write: each waits for the bot's handling of the previous one.
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && record.runtime.events.find((e) => e.messageId === message.id)?.status !== 'processed') {
        if (record.runtime.events.find((e) => e.messageId === message.id)?.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
}
