// Deployed code, end to end: a chat user's message through the Chat API to the bot's answer heard on the
// live stream (the emulator runs the bot in its own process), against the floor: the same handler, from
// the same bundle, called in this process with the same request (it makes the same runtime API calls).
// Interleaved rounds so both see the same machine noise. Target: p50 of the round trip ≤ 150 ms.
import Module from 'node:module';
import * as path from 'node:path';
import { Client as ChatClient } from '@botpress/chat';
import { Client } from '@botpress/client';
import { startEmulator } from '../../src/emulator';
import { bundleBot, sdkDir } from '../../test/contract/sdk';

const ROUNDS = 10;
const BATCH = 5;
const WARMUP = 5;

type Handler = (req: unknown) => Promise<{ status?: number } | void>;

async function main(): Promise<void> {
  const emu = await startEmulator({ seed: 'demo', logRate: 0 });
  const code = await bundleBot(path.join(sdkDir, 'runtime-bot'));
  const official = new Client({ apiUrl: emu.url, token: emu.token });
  const workspaceId = (await official.listWorkspaces({})).workspaces[0].id;
  const admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
  const chatId = (await admin.getPublicIntegration({ name: 'chat', version: 'latest' })).integration.id;
  const created = await admin.createBot({
    name: 'bench-runtime',
    states: { counter: { type: 'conversation', schema: { type: 'object' } } },
  });
  const { bot } = await admin.updateBot({ id: created.bot.id, code, integrations: { [chatId]: { enabled: true, configuration: {} } } });
  const record = emu.store.bots.get(bot.id)!;

  const chat = await ChatClient.connect({ apiUrl: `${emu.url}/chat/${bot.integrations[chatId].webhookId}` });
  const { conversation } = await chat.createConversation({});
  const listener = await chat.listenConversation({ id: conversation.id });
  // The answer to `ping <n>` is `<n> ping (#count)` (the in-process calls answer in the same conversation).
  let waiting: { prefix: string; resolve: () => void } | undefined;
  listener.on('message_created', (m) => {
    if (m.isBot && waiting && String((m.payload as { text?: string }).text).startsWith(waiting.prefix)) waiting.resolve();
  });
  let n = 0;
  const roundTrip = async () => {
    const text = `ping ${++n}`;
    const heard = new Promise<void>((resolve) => (waiting = { prefix: `${n} ping (`, resolve }));
    await chat.createMessage({ conversationId: conversation.id, payload: { type: 'text', text } });
    await heard;
  };

  // The floor: the same bundle's handler in this process, with the bot's environment.
  Object.assign(process.env, { BP_API_URL: emu.url, BP_TOKEN: emu.runtime.tokenOf(bot.id), BP_BOT_ID: bot.id });
  const m = new Module('/var/task/index.cjs');
  (m as unknown as { _compile(code: string, file: string): void })._compile(code, '/var/task/index.cjs');
  const handler = (m.exports as { handler: Handler }).handler;
  const runtimeConversation = record.runtime.conversations.find((c) => c.tags.owner)!;
  const inProcess = async () => {
    const message = record.runtime.messages.filter((x) => x.direction === 'incoming').at(-1)!;
    const user = record.runtime.users.find((u) => u.id === message.userId)!;
    const event = {
      id: `evt_bench${n}`,
      type: 'message_created',
      createdAt: new Date().toISOString(),
      payload: { message, user, conversation: runtimeConversation },
      conversationId: message.conversationId,
      userId: user.id,
      messageId: message.id,
      status: 'pending',
      failureReason: null,
    };
    const headers = {
      'x-bot-id': bot.id,
      'x-bot-user-id': bot.id,
      'x-bp-operation': 'event_received',
      'x-bp-type': 'message_created',
      'x-bp-configuration': Buffer.from('{}').toString('base64'),
    };
    // Its log lines go nowhere (in its own process they are sent to the emulator).
    const info = console.info;
    console.info = () => {};
    const res = await handler({ method: 'POST', path: '/', query: '', headers, body: JSON.stringify({ event }) }).finally(
      () => (console.info = info),
    );
    if (res && (res.status ?? 200) >= 400) throw new Error(`in-process handler failed: ${JSON.stringify(res)}`);
  };

  const timings = { stream: [] as number[], inProcess: [] as number[] };
  const run = async (name: keyof typeof timings, fn: () => Promise<void>, count: number, record: boolean) => {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      await fn();
      if (record) timings[name].push(performance.now() - t);
    }
  };
  await run('stream', roundTrip, WARMUP, false);
  await run('inProcess', inProcess, WARMUP, false);
  for (let round = 0; round < ROUNDS; round++) {
    const order: [keyof typeof timings, () => Promise<void>][] =
      round % 2
        ? [
            ['inProcess', inProcess],
            ['stream', roundTrip],
          ]
        : [
            ['stream', roundTrip],
            ['inProcess', inProcess],
          ];
    for (const [name, fn] of order) await run(name, fn, BATCH, true);
  }
  await listener.disconnect();
  await emu.close();

  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  const row = (label: string, xs: number[]) =>
    console.log(`${label.padEnd(44)} p50 ${pct(xs, 0.5).toFixed(1).padStart(6)} ms   p90 ${pct(xs, 0.9).toFixed(1).padStart(6)} ms`);
  console.log(`${ROUNDS * BATCH} messages each, interleaved`);
  row('Chat API message → answer on the live stream', timings.stream);
  row('same handler called in-process', timings.inProcess);
  const ratio = pct(timings.stream, 0.5) / pct(timings.inProcess, 0.5);
  console.log(`ratio (p50): ${ratio.toFixed(2)}×; target: round trip p50 ≤ 150 ms: ${pct(timings.stream, 0.5) <= 150 ? 'met' : 'NOT met'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
