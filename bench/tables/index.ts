// Tables against the floor, on a 100,000-row table of the local cloud, in one run:
// - a filtered find through the product's client against the official @botpress/client (same request, interleaved):
//   the overhead per call (target ≤ 1 ms);
// - the grid's first screen (a page of 200 and the row count, in parallel) against one round trip of the same page
//   (target ≤ one round trip + 50 ms);
// - an export of the whole table to CSV (the product's exportRows) against raw official-client paging + papaparse
//   of the same pages (target ≤ 1.2×);
// - the grid scrolled from the first row to the last in the real webview (webview.ts): Chromium's long tasks
//   (target: none over 50 ms), and the frame intervals against the same webview idle.
import Papa from 'papaparse';
import { Client } from '@botpress/client';
import { BotpressClient } from '../../src/api/botpress';
import { exportRows } from '../../src/api/tables';
import { startEmulator } from '../../src/emulator';
import { addRows, addTable } from '../../src/emulator/tables';
import { measureGridScroll } from './webview';

const ROWS = 100_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const emu = await startEmulator({ seed: 'empty', strict: false });
  const workspaceId = emu.store.workspaces[0].id;
  const { bot } = await new Client({ apiUrl: emu.url, token: emu.token, workspaceId }).createBot({ name: 'bench-tables' });
  const record = addTable(
    emu.store,
    bot.id,
    'benchTable',
    {
      schema: {
        name: { type: 'string' },
        status: { type: 'string' },
        total: { type: 'number' },
        tags: { type: 'array', items: { type: 'string' } },
      },
    },
    Date.now(),
  );
  const statuses = ['pending', 'shipped', 'delivered', 'cancelled'];
  for (let i = 0; i < ROWS; i += 10_000)
    addRows(
      record,
      Array.from({ length: 10_000 }, (_, k) => ({
        name: `customer ${i + k}`,
        status: statuses[(i + k) % 4],
        total: (i + k) % 997,
        tags: ['a', 'b'],
      })),
      Date.now(),
    );
  const official = new Client({ apiUrl: emu.url, token: emu.token, botId: bot.id });
  const ours = new BotpressClient({ apiUrl: emu.url, token: emu.token }).withBot(bot.id);
  const table = (await ours.getTable({ table: 'benchTable' })).table;

  // 1. Filtered find: overhead of the product's client.
  const filter = { status: 'shipped', total: { $gt: 900 } };
  const timings = { raw: [] as number[], ours: [] as number[] };
  for (let round = 0; round < 24; round++) {
    for (const [name, call] of [
      ['raw', () => official.findTableRows({ table: 'benchTable', filter, limit: 100 })],
      ['ours', () => ours.findTableRows({ table: 'benchTable', filter, limit: 100 })],
    ] as const) {
      const t = performance.now();
      await call();
      if (round >= 4) timings[name].push(performance.now() - t);
    }
  }
  const overhead = median(timings.ours) - median(timings.raw);
  const [rawMs, productMs] = [median(timings.raw).toFixed(2), median(timings.ours).toFixed(2)];
  console.log(`filtered find (100,000 rows): official client ${rawMs} ms, product client ${productMs} ms`);
  console.log(`  overhead per call: ${overhead.toFixed(2)} ms (target ≤ 1 ms) ${overhead <= 1 ? 'OK' : 'OVER'}`);

  // 2. First screen: a page of 200 and the count, against one round trip of the page.
  const first = { trip: [] as number[], screen: [] as number[] };
  for (let round = 0; round < 12; round++) {
    let t = performance.now();
    await official.findTableRows({ table: 'benchTable', limit: 200, offset: 0 });
    first.trip.push(performance.now() - t);
    t = performance.now();
    await Promise.all([
      ours.findTableRows({ table: table.id, limit: 200, offset: 0, orderBy: 'id', orderDirection: 'asc' }),
      ours.getTable({ table: table.id }),
    ]);
    first.screen.push(performance.now() - t);
  }
  const extra = median(first.screen) - median(first.trip);
  console.log(`first screen: one round trip ${median(first.trip).toFixed(1)} ms, page + count ${median(first.screen).toFixed(1)} ms`);
  console.log(`  extra: ${extra.toFixed(1)} ms (target ≤ 50 ms) ${extra <= 50 ? 'OK' : 'OVER'}`);

  // 3. Export to CSV: the product against raw paging + papaparse of the same pages.
  const fields = ['id', ...Object.keys(table.schema.properties), 'createdAt', 'updatedAt'];
  const floor = async () => {
    let bytes = 0;
    for (let offset = 0; ; offset += 1000) {
      const page = await official.findTableRows({ table: 'benchTable', limit: 1000, offset });
      const text = Papa.unparse(
        {
          fields,
          data: page.rows.map((r) =>
            fields.map((f) => {
              const v = (r as Record<string, unknown>)[f];
              return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
            }),
          ),
        },
        { header: offset === 0 },
      );
      bytes += text.length;
      if (!page.hasMore) break;
    }
    return bytes;
  };
  const product = async () => {
    let bytes = 0;
    await exportRows(ours, table, 'csv', (chunk) => void (bytes += chunk.length));
    return bytes;
  };
  const exp = { floor: [] as number[], product: [] as number[] };
  for (let round = 0; round < 3; round++) {
    for (const [name, run] of [
      ['floor', floor],
      ['product', product],
    ] as const) {
      const t = performance.now();
      await run();
      exp[name].push(performance.now() - t);
    }
  }
  const ratio = median(exp.product) / median(exp.floor);
  console.log(`export 100,000 rows to CSV: floor ${median(exp.floor).toFixed(0)} ms, product ${median(exp.product).toFixed(0)} ms`);
  console.log(`  ratio: ${ratio.toFixed(2)}× (target ≤ 1.2×) ${ratio <= 1.2 ? 'OK' : 'OVER'}`);

  // 4. The grid scrolled top to bottom in the real webview.
  const names = { workspace: emu.store.workspaces[0].name, bot: 'bench-tables', table: 'benchTable' };
  const scroll = await measureGridScroll(emu, names, ROWS);
  const f = (q: { p50: number; p95: number; max: number }) => `${q.p50.toFixed(1)} / ${q.p95.toFixed(1)} / ${q.max.toFixed(1)} ms`;
  const longest = Math.max(0, ...scroll.longTasks.map((t) => t.ms));
  console.log(
    `grid scroll in the webview (${ROWS.toLocaleString('en-US')} rows, top to bottom, ${scroll.step} px a frame): ` +
      `${scroll.frames} frames in ${(scroll.ms / 1000).toFixed(1)} s, ending at ${scroll.lastRow}`,
  );
  const perThousand = (n: number, frames: number) => ((n / Math.max(frames, 1)) * 1000).toFixed(0);
  const floorLongest = Math.max(0, ...scroll.floor.longTasks.map((t) => t.ms));
  console.log(
    `  frame interval p50 / p95 / max: scrolling ${f(scroll.scrolling)}; idle ${f(scroll.idle)}; floor ${f(scroll.floor.intervals)}`,
  );
  console.log(
    `  long tasks (≥ 50 ms): ${scroll.longTasks.length} in ${scroll.frames} frames ` +
      `(${perThousand(scroll.longTasks.length, scroll.frames)} per 1,000), ` +
      `longest ${longest.toFixed(0)} ms; floor ${scroll.floor.longTasks.length} in ${scroll.floor.frames} frames ` +
      `(${perThousand(scroll.floor.longTasks.length, scroll.floor.frames)} per 1,000), longest ${floorLongest.toFixed(0)} ms`,
  );
  console.log(`  target: no long task over 50 ms: ${scroll.longTasks.every((t) => t.ms <= 50) ? 'OK' : 'OVER'}`);
  await emu.close();
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
