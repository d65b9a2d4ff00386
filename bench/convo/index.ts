// Conversation tests over the Chat API: 100 convo files of 3 turns each, run by `botpress-toolkit test
// --concurrency 8` against the emulator's demo echo bot (which answers after 100–300 ms, like a bot
// would). The floor, measured in the same run: the same 100 conversations driven by the official
// @botpress/chat client, 8 at a time (a user, a conversation, its event stream, each message sent and
// its echo awaited). The emulator runs in a process of its own. Rounds alternate which goes first.
// Target: the whole suite in at most 10 s.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client as ChatClient } from '@botpress/chat';
import { Client } from '@botpress/client';
import { emulatorProcess } from '../emulator';

const TESTS = 100;
const TURNS = 3;
const CONCURRENCY = 8;
const ROUNDS = 3;
const TARGET_S = 10;
const repo = path.join(__dirname, '..', '..');

const said = (test: number, turn: number) => `hello from test ${test}, turn ${turn}`;

function writeSuite(dir: string): void {
  for (let t = 0; t < TESTS; t++) {
    const turns = Array.from({ length: TURNS }, (_, k) => `#me\n${said(t, k)}\n\n#bot\nYou said: ${said(t, k)}\n`);
    fs.writeFileSync(path.join(dir, `test-${String(t).padStart(3, '0')}.convo.txt`), `Test ${t}\n\n${turns.join('\n')}`);
  }
}

/** `botpress-toolkit test` as CI would run it; resolves with the wall time in ms. */
function ours(dir: string, chatUrl: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(repo, 'dist', 'cli.js'), 'test', dir, '--chat-url', chatUrl, '--concurrency', String(CONCURRENCY)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0 || !out.includes(`${TESTS} passed, 0 failed`))
        reject(new Error(`the suite did not pass (exit ${code}):\n${out.slice(-2000)}`));
      else resolve(ms);
    }),
  );
}

/** The same conversations with the official client, 8 at a time; resolves with the wall time in ms. */
async function floor(chatUrl: string): Promise<number> {
  const started = performance.now();
  let next = 0;
  const one = async (t: number) => {
    const client = await ChatClient.connect({ apiUrl: chatUrl });
    const { conversation } = await client.createConversation({});
    const listener = await client.listenConversation({ id: conversation.id });
    try {
      for (let k = 0; k < TURNS; k++) {
        const expected = `You said: ${said(t, k)}`;
        const heard = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no echo for test ${t} turn ${k}`)), 10_000);
          const onMessage = (m: { payload: { type: string; text?: string }; isBot: boolean }) => {
            if (m.isBot && m.payload.text === expected) {
              clearTimeout(timer);
              listener.off('message_created', onMessage);
              resolve();
            }
          };
          listener.on('message_created', onMessage);
        });
        await client.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: said(t, k) } });
        await heard;
      }
    } finally {
      await listener.disconnect();
    }
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TESTS) await one(next++);
    }),
  );
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-bench-convo-'));
  const emu = await emulatorProcess();
  try {
    writeSuite(dir);
    const admin = new Client({ apiUrl: emu.url, token: emu.token });
    const acme = (await admin.listWorkspaces({})).workspaces.find((w) => w.name === 'Acme Support')!;
    const inWorkspace = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: acme.id });
    const support = (await inWorkspace.listBots({ dev: true })).bots.find((b) => b.name === 'support-bot')!;
    const { bot } = await inWorkspace.getBot({ id: support.id });
    const chatUrl = `${emu.url}/chat/${Object.values(bot.integrations).find((i) => i.name === 'chat')!.webhookId}`;

    const oursMs: number[] = [];
    const floorMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2) {
        floorMs.push(await floor(chatUrl));
        oursMs.push(await ours(dir, chatUrl));
      } else {
        oursMs.push(await ours(dir, chatUrl));
        floorMs.push(await floor(chatUrl));
      }
    }
    const o = median(oursMs);
    const f = median(floorMs);
    console.log(`${TESTS} convo files × ${TURNS} turns, concurrency ${CONCURRENCY}, ${ROUNDS} rounds (median)`);
    console.log(
      `  floor (official @botpress/chat, same conversations): ${(f / 1000).toFixed(2)} s, ${((TESTS * 1000) / f).toFixed(1)} tests/s`,
    );
    console.log(
      `  botpress-toolkit test (whole command, process start included): ${(o / 1000).toFixed(2)} s, ` +
        `${((TESTS * 1000) / o).toFixed(1)} tests/s`,
    );
    console.log(`  ratio ${(o / f).toFixed(2)}× the floor; target ≤ ${TARGET_S} s: ${o / 1000 <= TARGET_S ? 'met' : 'missed'}`);
  } finally {
    emu.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
