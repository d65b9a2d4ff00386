// The Botpress tree in a real extension host (code-server), against the emulator with 50 ms added to
// every request. Prints (1) the time to the first page of bots on screen against one raw round trip of the
// same request, interleaved in one run (target: within one round trip + 50 ms), and (2) paging through a
// workspace of 1,000+ bots with "Load more…", with the extension host's event-loop delay, against the
// same pages fetched raw.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../src/emulator';
import { addBot } from '../../src/emulator/seed';
import { openWithHostModule } from '../../test/e2e/host-runner';
import { bundleForHost } from '../../test/host/bundle';
import type { PagingFigures } from './host';

const latencyMs = 50;
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const extraBots = 1_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<number> {
  const emulator = await startEmulator({ port: 0, seed: 'demo', faults: { latency: latencyMs } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-bench-tree-'));
  try {
    const sandbox = emulator.store.workspaces.find((w) => w.name === 'Personal Sandbox');
    if (!sandbox) throw new Error('the demo seed has no Personal Sandbox workspace');
    for (let i = 0; i < extraBots; i++) addBot(emulator.store, sandbox.id, { name: `bench-bot-${String(i).padStart(4, '0')}` } as never);

    const module = await bundleForHost(
      path.join(dir, 'host.js'),
      `export { runAll } from ${JSON.stringify(path.join(__dirname, 'host'))};`,
    );
    const { wb, reports } = await openWithHostModule(module, {
      name: 'bench-tree',
      emulator: false,
      settings: { 'botpress.apiUrl': emulator.url },
      env: { BP_API_URL: emulator.url, BP_TOKEN: emulator.token, BENCH_ROUNDS: String(rounds) },
    });
    const first: { raw: number; ours: number; rows: number }[] = [];
    let paging: { raw: PagingFigures; ours: PagingFigures } | undefined;
    try {
      for await (const message of reports.messages(180_000)) {
        if (message.type === 'done') {
          if (message.error) throw new Error(message.error);
          break;
        }
        if (message.name === 'first-page') first.push(message as never);
        if (message.name === 'paging') paging = message as never;
      }
    } finally {
      await wb.close();
      await reports.close();
    }
    if (!first.length || !paging) throw new Error('the extension host reported no figures');

    const raw = median(first.map((s) => s.raw));
    const ours = median(first.map((s) => s.ours));
    console.log(`first page of bots (${first[0].rows} rows), ${latencyMs} ms added latency, median of ${first.length} interleaved rounds`);
    console.log(`  raw listBots round trip (undici)          ${ms(raw)}`);
    console.log(`  explorer: getChildren + a TreeItem each   ${ms(ours)}`);
    console.log(`  overhead ${ms(ours - raw)} (target ≤ 50 ms), ratio ${(ours / raw).toFixed(2)}×`);

    const line = (name: string, f: PagingFigures) =>
      `  ${name.padEnd(10)} ${String(f.pages).padStart(3)} pages, ${String(f.rows).padStart(5)} rows in ${ms(f.ms).padStart(10)}; ` +
      `event-loop delay p99 ${ms(f.delayP99Ms)}, max ${ms(f.delayMaxMs)}`;
    console.log(`paging through a workspace of ${paging.ours.rows} bots with Load more…`);
    console.log(line('raw', paging.raw));
    console.log(line('explorer', paging.ours));
    console.log(
      `  time ratio ${(paging.ours.ms / paging.raw.ms).toFixed(2)}×; ` +
        `worst event-loop stall ${ms(paging.ours.delayMaxMs)} (raw ${ms(paging.raw.delayMaxMs)})`,
    );
    const ok = ours - raw <= 50 && paging.ours.delayMaxMs < 100;
    if (!ok) console.log('FAILED: over the first-page target, or the extension host was blocked for 100 ms or more');
    return ok ? 0 : 1;
  } finally {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
