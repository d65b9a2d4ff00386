// The log tail's ingest (parse, dedupe, lay out, filter, keep in the ring) against the floor of
// JSON.parse alone, over the same recorded pages of overlapping polls, measured side by side.
import { LogDeduper } from '../../src/core/logs/dedupe';
import { compileFilter } from '../../src/core/logs/filter';
import { layoutLine } from '../../src/core/logs/line';
import { RingBuffer } from '../../src/core/logs/ring';
import type { LogEntry, LogPage } from '../../src/core/logs/types';

const TARGET_LINES_PER_SECOND = 50_000;
const PAGE_SIZE = 100;
const POLLS = 40;
const LINES_PER_POLL = 2_000;
const OVERLAP_LINES = 600;

/** A small deterministic generator, so every run ingests the same pages. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

/** Lines as a busy bot writes them: a third share the millisecond of the line before. */
function recordLines(count: number): LogEntry[] {
  const r = random(7);
  const levels = ['debug', 'info', 'info', 'warn', 'error'];
  const lines: LogEntry[] = [];
  let ms = Date.parse('2026-03-01T12:00:00.000Z');
  for (let i = 0; i < count; i++) {
    if (r() > 0.35) ms += 1 + Math.floor(r() * 3);
    const conv = `conv_${Math.floor(r() * 50)
      .toString(36)
      .padStart(24, '0')}`;
    const entry: LogEntry = {
      timestamp: new Date(ms).toISOString(),
      level: levels[Math.floor(r() * levels.length)],
      message:
        r() < 0.5
          ? `Action "lookupOrder" completed in ${Math.floor(r() * 900)} ms`
          : `Sent reply to conversation ${conv}: {"type":"text","length":${Math.floor(r() * 300)}}`,
      conversationId: conv,
    };
    if (r() < 0.6) entry.workflowId = `wf_${Math.floor(r() * 9)}`;
    if (r() < 0.8) entry.userId = `user_${Math.floor(r() * 99)}`;
    lines.push(entry);
  }
  return lines;
}

/** Each poll returns the last `OVERLAP_LINES` of the one before again, then its new lines, in pages. */
function recordPolls(): string[][] {
  const lines = recordLines(POLLS * LINES_PER_POLL + OVERLAP_LINES);
  const polls: string[][] = [];
  for (let p = 0; p < POLLS; p++) {
    const slice = lines.slice(p * LINES_PER_POLL, (p + 1) * LINES_PER_POLL + OVERLAP_LINES);
    const pages: string[] = [];
    for (let i = 0; i < slice.length; i += PAGE_SIZE) {
      const page: LogPage = { logs: slice.slice(i, i + PAGE_SIZE) };
      if (i + PAGE_SIZE < slice.length) page.nextToken = `token-${p}-${i}`;
      pages.push(JSON.stringify(page));
    }
    polls.push(pages);
  }
  return polls;
}

function parseOnly(polls: string[][]): number {
  let lines = 0;
  for (const pages of polls) for (const text of pages) lines += (JSON.parse(text) as LogPage).logs.length;
  return lines;
}

function ingest(polls: string[][]): { lines: number; delivered: number; matched: number } {
  const dedupe = new LogDeduper();
  const ring = new RingBuffer<LogEntry>(100_000);
  const filter = compileFilter({ text: 'conv_0+1\\w*', regex: true });
  if (!filter.ok) throw new Error(filter.error);
  let lines = 0;
  let delivered = 0;
  let matched = 0;
  for (const pages of polls) {
    dedupe.beginPoll();
    for (const text of pages) {
      const page = JSON.parse(text) as LogPage;
      lines += page.logs.length;
      for (const entry of dedupe.admitPage(page.logs)) {
        delivered++;
        ring.push(entry);
        if (filter.match(layoutLine(entry).text)) matched++;
      }
    }
    dedupe.forgetBefore(dedupe.pollNewest - 1_000);
  }
  return { lines, delivered, matched };
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const polls = recordPolls();
const expected = ingest(polls);
if (expected.delivered !== POLLS * LINES_PER_POLL + OVERLAP_LINES) {
  throw new Error(`dedupe delivered ${expected.delivered} lines, expected ${POLLS * LINES_PER_POLL + OVERLAP_LINES}`);
}
const floorMs: number[] = [];
const engineMs: number[] = [];
for (let round = 0; round < 7; round++) {
  floorMs.push(time(() => parseOnly(polls)));
  engineMs.push(time(() => ingest(polls)));
}
const floor = median(floorMs);
const engine = median(engineMs);
const perSecond = (ms: number) => Math.round(expected.lines / (ms / 1000));
console.log(
  `pages: ${polls.flat().length} of ${PAGE_SIZE} lines, ${expected.lines} lines fetched, ` +
    `${expected.delivered} after dedupe, ${expected.matched} match the filter`,
);
console.log(`JSON.parse floor: ${floor.toFixed(1)} ms  ${perSecond(floor).toLocaleString('en')} lines/s`);
console.log(`engine ingest:    ${engine.toFixed(1)} ms  ${perSecond(engine).toLocaleString('en')} lines/s`);
console.log(`ratio engine / floor: ${(engine / floor).toFixed(2)}x   target ≥ ${TARGET_LINES_PER_SECOND.toLocaleString('en')} lines/s`);
if (perSecond(engine) < TARGET_LINES_PER_SECOND) {
  console.error('below target');
  process.exit(1);
}
