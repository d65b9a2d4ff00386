// A bot deployed with plain CommonJS code in the emulator, with a user and a conversation: `send(text)`
// posts a user message and waits for the event it raised to be processed or to fail.
import { Client } from '@botpress/client';
import type { Emulator } from '../../src/emulator';

export async function deployedBot(emu: Emulator, admin: Client, name: string, code: string, fields: Record<string, unknown> = {}) {
  const created = await admin.createBot({ name, configuration: { data: { greeting: 'hi' }, schema: {} } });
  const { bot } = await admin.updateBot({ id: created.bot.id, code, ...fields });
  const runtime = new Client({ apiUrl: emu.url, token: emu.token, botId: bot.id });
  const { user } = await runtime.createUser({ tags: {} });
  const { conversation } = await runtime.createConversation({ channel: 'channel', tags: {} });
  const send = async (text: string) => {
    const { message } = await runtime.createMessage({
      conversationId: conversation.id,
      userId: user.id,
      type: 'text',
      tags: {},
      payload: { text },
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const event = emu.store.bots.get(bot.id)!.runtime.events.find((e) => e.messageId === message.id);
      if (event && event.status !== 'pending') return event;
      if (Date.now() > deadline) throw new Error(`event for "${text}" still pending`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  /** The lines its code printed (and the runtime's ERROR lines about it). */
  const lines = () => emu.store.bots.get(bot.id)!.logSource.recorded;
  const errors = () =>
    emu.store
      .logLines(bot.id)
      .filter((l) => l.level === 'error')
      .map((l) => l.message);
  return { id: bot.id, send, lines, errors, conversationId: conversation.id };
}
