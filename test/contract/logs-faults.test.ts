// The log tail through the real client against the emulator: a 60 s tail of a busy bot with faults on,
// and a fixed range of an integration's logs with server-side filters; every line the emulator produced
// is shown exactly once, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BotpressClient } from '../../src/api/botpress';
import { HttpClient } from '../../src/api/http';
import { LogTail, type TailStatus } from '../../src/core/logs/tail';
import type { LogEntry } from '../../src/core/logs/types';
import { startEmulator } from '../../src/emulator';

const TAIL_MS = 60_000;
const BACKFILL_MS = 180_000;
const LOG_RATE = 100;

const identity = (e: LogEntry) => JSON.stringify([e.timestamp, e.level, e.message, e.workflowId, e.userId, e.conversationId]);

/** Lines of `a` not matched one for one in `b`. */
function missingFrom(a: LogEntry[], b: LogEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const e of b) counts.set(identity(e), (counts.get(identity(e)) ?? 0) + 1);
  const missing: string[] = [];
  for (const e of a) {
    const k = identity(e);
    const n = counts.get(k) ?? 0;
    if (n === 0) missing.push(k);
    else counts.set(k, n - 1);
  }
  return missing;
}

test('a 60 s tail with 5xx, 429, resets and latency loses and repeats no line', { timeout: 150_000 }, async () => {
  const emu = await startEmulator({
    port: 0,
    seed: 'demo',
    logRate: LOG_RATE,
    faults: { '5xx': 0.1, '429': 0.05, reset: 0.02, latency: 300 },
  });
  const http = new HttpClient();
  try {
    const [botId, record] = [...emu.store.bots].find(([, r]) => r.bot.name === 'support-bot')!;
    const client = new BotpressClient({ apiUrl: emu.url, token: emu.token, workspaceId: record.workspaceId, http });
    const since = Date.now() - BACKFILL_MS;
    const delivered: LogEntry[] = [];
    const statuses: TailStatus['state'][] = [];
    let completedPolls = 0;
    const tail = new LogTail({
      fetchPage: ({ signal, ...query }) => client.getBotLogs({ id: botId, ...query }, { signal }),
      since,
      overlapMs: 2_000,
      onLines: (lines) => delivered.push(...lines),
      onStatus: (s) => {
        statuses.push(s.state);
        if (s.state === 'waiting') completedPolls++;
      },
    });
    tail.start();
    await new Promise((r) => setTimeout(r, TAIL_MS));
    const end = Date.now();
    // the poll under way may have started before `end`: wait for one that starts after it to complete
    const target = completedPolls + 2;
    const deadline = Date.now() + 30_000;
    while (completedPolls < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    tail.dispose();

    const produced = emu.store.logLines(botId, { timeStart: since, timeEnd: end });
    const shown = delivered.filter((e) => Date.parse(e.timestamp) <= end);
    const lost = missingFrom(produced, shown);
    const duplicated = missingFrom(shown, produced);
    const failures = statuses.filter((s) => s === 'retrying').length;
    console.log(
      `produced ${produced.length} lines; shown ${shown.length}; lost ${lost.length}; duplicated ${duplicated.length}; ` +
        `${completedPolls} polls, ${failures} retried by the tail after the client's own retries`,
    );
    assert.ok(produced.length >= 20_000, `the stream holds ${produced.length} lines, fewer than 20,000`);
    assert.deepEqual(lost.slice(0, 5), [], `${lost.length} lines lost`);
    assert.deepEqual(duplicated.slice(0, 5), [], `${duplicated.length} lines duplicated`);
    assert.deepEqual(shown.map(identity), produced.map(identity), 'shown in the order produced');
  } finally {
    await http.close();
    await emu.close();
  }
});

test('a fixed range of integration logs, filtered on the server, fetched in windows side by side', { timeout: 30_000 }, async () => {
  const emu = await startEmulator({ port: 0, seed: 'demo', logRate: 50 });
  const http = new HttpClient();
  try {
    const [integrationId, record] = [...emu.store.integrations].find(([, r]) => r.integration.name === 'acme-crm')!;
    const client = new BotpressClient({ apiUrl: emu.url, token: emu.token, workspaceId: record.workspaceId!, http });
    const until = Date.now() - 1_000;
    const since = until - 120_000;
    const delivered: LogEntry[] = [];
    const requests: { timeStart: string; timeEnd?: string }[] = [];
    const done = new Promise<TailStatus>((resolve) => {
      const tail = new LogTail({
        fetchPage: ({ signal, ...query }) => {
          requests.push(query);
          return client.getIntegrationLogs({ id: integrationId, ...query }, { signal });
        },
        filters: { level: 'info' },
        since,
        until,
        onLines: (lines) => delivered.push(...lines),
        onStatus: (s) => (s.state === 'done' || s.state === 'failed') && resolve(s),
      });
      tail.start();
    });
    assert.deepEqual(await done, { state: 'done' });
    const produced = emu.store.logLines(integrationId, { timeStart: since, timeEnd: until }).filter((l) => l.level === 'info');
    assert.ok(produced.length > 1_000, `${produced.length} info lines in two minutes`);
    assert.deepEqual(delivered.map(identity), produced.map(identity));
    assert.ok(new Set(requests.map((r) => r.timeStart)).size >= 10, 'two minutes are fetched as several windows');
    assert.ok(requests.every((r) => r.timeEnd !== undefined && Date.parse(r.timeEnd) <= until));
  } finally {
    await http.close();
    await emu.close();
  }
});
