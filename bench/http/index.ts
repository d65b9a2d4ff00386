// Our Botpress client's cost per request over the physical floor: a raw undici request (keep-alive, JSON
// parsed) to the same loopback server, in the same process, interleaved in small batches so both see the
// same machine noise. Target: under 1 ms of overhead per request.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { BotpressClient } from '../../src/api/botpress';
import { HttpClient } from '../../src/api/http';

const ROUNDS = 40;
const BATCH = 50;
const WARMUP = 200;

const bot = {
  bot: {
    id: 'bot_01',
    name: 'support',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    tags: { team: 'support' },
    integrations: {},
  },
};
const payload = JSON.stringify(bot);

async function main(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }).end(payload),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const raw = async () => {
    const res = await agent.request({
      origin,
      path: '/v1/admin/bots/bot_01',
      method: 'GET',
      headers: { authorization: 'Bearer t', 'x-workspace-id': 'w' },
    });
    const body = (await res.body.json()) as typeof bot;
    if (res.statusCode !== 200 || body.bot.id !== 'bot_01') throw new Error('raw request failed');
  };
  const http = new HttpClient();
  const client = new BotpressClient({ apiUrl: origin, token: 't', workspaceId: 'w', http });
  const ours = async () => {
    const { bot: b } = await client.getBot({ id: 'bot_01' });
    if (b.id !== 'bot_01') throw new Error('client request failed');
  };

  const timings = { raw: [] as number[], ours: [] as number[] };
  const run = async (name: keyof typeof timings, fn: () => Promise<void>, n: number, record: boolean) => {
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await fn();
      if (record) timings[name].push(performance.now() - t);
    }
  };
  await run('raw', raw, WARMUP, false);
  await run('ours', ours, WARMUP, false);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first so neither always follows the other.
    const order: [keyof typeof timings, () => Promise<void>][] =
      round % 2
        ? [
            ['ours', ours],
            ['raw', raw],
          ]
        : [
            ['raw', raw],
            ['ours', ours],
          ];
    for (const [name, fn] of order) await run(name, fn, BATCH, true);
  }

  await http.close();
  await agent.close();
  server.close();

  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return {
      mean: xs.reduce((a, b) => a + b, 0) / xs.length,
      median: sorted[Math.floor(sorted.length / 2)],
      p90: sorted[Math.floor(sorted.length * 0.9)],
    };
  };
  const r = stats(timings.raw);
  const o = stats(timings.ours);
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  console.log(`requests: ${timings.raw.length} each, sequential, keep-alive, loopback`);
  console.log(`raw undici      mean ${us(r.mean)}  median ${us(r.median)}  p90 ${us(r.p90)}`);
  console.log(`BotpressClient  mean ${us(o.mean)}  median ${us(o.median)}  p90 ${us(o.p90)}`);
  const overhead = o.median - r.median;
  console.log(
    `overhead per request: median ${us(overhead)}, mean ${us(o.mean - r.mean)}  ` +
      `(target < 1000 µs: ${overhead < 1 && o.mean - r.mean < 1 ? 'met' : 'MISSED'})`,
  );
  console.log(`ratio ours/raw (median): ${(o.median / r.median).toFixed(2)}×  (mean: ${(o.mean / r.mean).toFixed(2)}×)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
