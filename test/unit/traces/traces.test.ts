import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileFollower } from '../../../src/core/traces/follow';
import {
  buildTraces,
  describe as describeSpan,
  matchesFilter,
  spanDetail,
  spanKind,
  TraceViews,
  type TraceView,
} from '../../../src/core/traces/model';
import { TraceStore } from '../../../src/core/traces/store';

// Spans @botpress/runtime 1.14.0 wrote during a real run (test/fixtures/traces/README.md).
const DIR = join(__dirname, '../../fixtures/traces/recorded/traces');
const day = readdirSync(DIR).find((f) => /^\d{4}-\d\d-\d\d\.ndjson$/.test(f))!;
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');

function load(text: string, chunk = Infinity, store = new TraceStore()): TraceStore {
  for (let i = 0; i < text.length; i += chunk) store.pushChunk(text.slice(i, i + chunk));
  store.end();
  return store;
}

const conversation = (views: TraceView[], text: string) => views.find((v) => v.summary.title.includes(text))!;

test('the day file: one tree per handled request, the turn read down to its tool calls and model requests', () => {
  const store = load(read(day));
  assert.deepEqual(store.problems, []);
  const views = buildTraces(store);
  assert.deepEqual(views.map((v) => v.summary.kind).sort(), ['action', 'conversation', 'conversation', 'workflow']);

  const first = conversation(views, 'Where is my order 42?');
  const s = first.summary;
  assert.equal(s.title, 'Conversation turn · webchat.channel “Where is my order 42?”');
  assert.equal(s.conversationId, 'conv_01KRECORDINGCONV0000000000');
  assert.equal(s.error, false);
  assert.equal(s.running, false);
  assert.equal(s.modelRequests, 2);
  assert.ok(s.inputTokens > 8000 && s.outputTokens > 0, `${s.inputTokens} / ${s.outputTokens}`);
  assert.ok(s.cost > 0.003 && s.cost < 0.004, String(s.cost));

  const path = (spanId: string): string[] => {
    const rows = new Map(first.rows.map((r) => [r.spanId, r]));
    const out: string[] = [];
    for (let r = rows.get(spanId); r; r = r.parentId ? rows.get(r.parentId) : undefined) out.unshift(r.kind);
    return out;
  };
  const tool = first.rows.find((r) => r.kind === 'tool')!;
  assert.equal(tool.label, 'Tool lookupOrder');
  assert.match(tool.detail, /"id":"42".*→ .*"status":"shipped"/);
  assert.deepEqual(path(tool.spanId), ['request', 'conversation', 'execution', 'iteration', 'tool']);
  assert.ok(tool.movedFrom, 'the runtime parented it to the execution');
  const iterations = first.rows.filter((r) => r.kind === 'iteration');
  assert.deepEqual(
    iterations.map((r) => [r.label, r.depth]),
    [
      ['Iteration 1', iterations[0].depth],
      ['Iteration 2', iterations[0].depth],
    ],
    'both iterations are children of the execution',
  );
  const models = first.rows.filter((r) => r.kind === 'model');
  assert.equal(models.length, 2);
  for (const m of models) {
    assert.equal(m.label, 'Model gpt-4.1-mini-2025-04-14');
    assert.match(m.detail, /^\d+ → \d+ tokens · \$0\.00\d+$/);
    assert.ok(m.durationMs! > 0);
    assert.deepEqual(path(m.spanId).slice(-2), ['iteration', 'model']);
  }
  const states = first.rows.filter((r) => r.kind === 'state').map((r) => r.label);
  for (const label of ['Load bot state botState', 'Load user state userState', 'Save conversation state state', 'Save states']) {
    assert.ok(states.includes(label), `${label} in ${states.join(', ')}`);
  }
  // Depth-first, children after their parent and by start time.
  first.rows.forEach((r, i) => r.parentId && assert.ok(first.rows.findIndex((p) => p.spanId === r.parentId) < i));
});

test('every span the runtime wrote has a label of its own, not its raw name', () => {
  for (const view of buildTraces(load(read(day)))) {
    for (const row of view.rows) assert.notEqual(row.label, row.name, `${row.name} has no label`);
  }
});

test('every span kind the runtime defines has a label, and the attributes read are the ones it defines', () => {
  // SpanDefinitions of @botpress/runtime/ui, saved by the recorder.
  const defs = JSON.parse(readFileSync(join(DIR, '../span-definitions.json'), 'utf8')) as Array<{
    name: string;
    attributes: Record<string, unknown>;
  }>;
  assert.ok(defs.length >= 20);
  for (const def of defs) {
    const { label } = describeSpan({ traceId: 't', spanId: 's', name: def.name, status: 'unset', attrs: {}, events: [], beats: 0 });
    assert.notEqual(label, def.name, `${def.name} has no label`);
  }
  const read: Record<string, string[]> = {
    'handler.conversation': ['conversationId', 'integration', 'channel', 'message.payload'],
    'handler.workflow': ['workflowId', 'workflow.name', 'workflow.status.initial', 'workflow.status.final'],
    'handler.workflow.step': ['workflow.step', 'workflow.step.attempt', 'workflow.step.output', 'workflow.step.error'],
    'handler.action': ['action.name', 'action.input'],
    'autonomous.execution': ['autonomous.mode', 'autonomous.iterations'],
    'autonomous.iteration': ['autonomous.iteration', 'autonomous.status', 'autonomous.exit.name', 'autonomous.error'],
    'autonomous.tool': [
      'autonomous.tool.object',
      'autonomous.tool.name',
      'autonomous.tool.input',
      'autonomous.tool.output',
      'autonomous.tool.status',
      'autonomous.tool.error',
    ],
    'cognitive.request': ['ai.model', 'ai.input_tokens', 'ai.output_tokens', 'ai.cost', 'ai.cached'],
    'state.load': ['type', 'name', 'has_value'],
    'state.save': ['type', 'name', 'state_size_bytes'],
    'state.saveAllDirty': ['states_count'],
    'http.client': ['http.method', 'http.url', 'http.status_code', 'http.error'],
    'interruption.check': ['interruption.detected'],
  };
  for (const [name, attrs] of Object.entries(read)) {
    const def = defs.find((d) => d.name === name);
    assert.ok(def, name);
    for (const a of attrs) assert.ok(a in def.attributes, `${name} defines ${a}`);
  }
  assert.deepEqual(
    defs.filter((d) => spanKind(d.name) === 'other').map((d) => d.name),
    ['interruption.check'],
  );
});

test('a failed tool call marks its iteration and trace as errors; workflow steps and actions are read', () => {
  const views = buildTraces(load(read(day)));
  const second = conversation(views, 'And my order missing?');
  assert.equal(second.summary.error, true);
  const tool = second.rows.find((r) => r.kind === 'tool')!;
  assert.equal(tool.error, true);
  assert.match(tool.detail, /Order missing not found/);
  assert.match(second.rows.find((r) => r.label === 'Iteration 1')!.detail, /execution_error/);

  const wf = views.find((v) => v.summary.kind === 'workflow')!;
  assert.equal(wf.summary.workflowName, 'sendReport');
  assert.equal(wf.summary.title, 'Workflow sendReport pending → completed');
  assert.deepEqual(
    wf.rows.filter((r) => r.kind === 'step').map((r) => [r.label, r.detail]),
    [
      ['Step collect', '→ ["2026-12-06-1","2026-12-06-2"]'],
      ['Step send', '→ 2'],
    ],
  );
  assert.ok(wf.rows.some((r) => r.label === 'Save workflow state workflowSteps'));
  const action = views.find((v) => v.summary.kind === 'action')!;
  assert.equal(action.rows[1].label, 'Action ping');
  assert.equal(action.rows[1].detail, '{"text":"hello"}');
});

test('filters: conversation, workflow, errors only, text', () => {
  const views = buildTraces(load(read(day)));
  const kinds = (f: Parameters<typeof matchesFilter>[1]) => views.filter((v) => matchesFilter(v, f)).map((v) => v.summary.kind);
  assert.deepEqual(kinds({ errorsOnly: true }), ['conversation']);
  assert.deepEqual(kinds({ workflow: true }), ['workflow']);
  assert.deepEqual(kinds({ workflow: 'sendReport' }), ['workflow']);
  assert.deepEqual(kinds({ workflow: 'other' }), []);
  assert.deepEqual(kinds({ conversationId: 'conv_01KRECORDINGCONV0000000000' }).sort(), ['conversation', 'conversation', 'workflow']);
  assert.deepEqual(kinds({ conversationId: 'conv_nope' }), []);
  assert.deepEqual(kinds({ text: 'lookuporder' }), ['conversation', 'conversation']);
});

test('the live file, the by-trace files and the day file read the same; any chunking reads the same', () => {
  const summaries = (store: TraceStore) =>
    buildTraces(store).map((v) => ({ ...v.summary, rows: v.rows.map((r) => `${r.depth} ${r.label} ${r.detail} ${r.error}`) }));
  const fromDay = summaries(load(read(day)));
  const live = load(read('live.ndjson'));
  assert.deepEqual(live.problems, []);
  const fromLive = summaries(live);
  assert.deepEqual(
    fromLive.map((s) => ({ ...s, durationMs: undefined })),
    fromDay.map((s) => ({ ...s, durationMs: undefined })),
  );
  const byTrace = new TraceStore();
  for (const f of readdirSync(join(DIR, 'by-trace'))) load(read(join('by-trace', f)), Infinity, byTrace);
  assert.deepEqual(summaries(byTrace), fromDay);
  assert.deepEqual(summaries(load(read(day), 7)), fromDay);
  assert.deepEqual(summaries(load(read(day), 4096)), fromDay);
});

test('a live file cut while the agent runs: open spans are running, the unfinished last line waits', () => {
  const text = read('live.ndjson');
  const cut = text.indexOf('\n', 30_000) + 40; // 40 characters into a line
  const store = new TraceStore();
  store.pushChunk(text.slice(0, cut));
  assert.equal(store.pending, true);
  assert.deepEqual(store.problems, []);
  const [turn] = buildTraces(store);
  assert.equal(turn.summary.running, true);
  assert.equal(turn.summary.durationMs, undefined);
  assert.ok(turn.rows.some((r) => r.kind === 'conversation' && r.durationMs === undefined));
  store.pushChunk(text.slice(cut));
  store.end();
  assert.deepEqual(store.problems, []);
  assert.equal(
    buildTraces(store).every((v) => !v.summary.running),
    true,
  );
});

test('views are built again only for the traces that changed', () => {
  const lines = read('live.ndjson').split('\n').filter(Boolean);
  const store = new TraceStore();
  const views = new TraceViews(store);
  for (const l of lines.slice(0, -1)) store.pushLine(l);
  const before = views.all();
  const last = JSON.parse(lines[lines.length - 1]) as { traceId: string };
  store.pushLine(lines[lines.length - 1]);
  const after = views.all();
  assert.equal(after.length, before.length);
  for (const v of after) {
    const old = before.find((b) => b.summary.traceId === v.summary.traceId)!;
    assert.equal(v === old, v.summary.traceId !== last.traceId, v.summary.title);
  }
  assert.deepEqual(after, buildTraces(store));
});

test('malformed input: each bad line is a problem with its line number, the good ones are kept', () => {
  const good = read(day).split('\n').filter(Boolean);
  const lines = [
    good[0],
    '{not json',
    '[1,2]',
    '{"t":"start","traceId":"zz","spanId":"1"}',
    '{"t":"weird","traceId":"0123456789abcdef0123456789abcdef","spanId":"0123456789abcdef"}',
    '',
    '{"traceId":"0123456789abcdef0123456789abcdef","spanId":"0123456789abcdef","handler":"handler.conversation"}',
    good[1],
  ];
  const store = load(lines.join('\n'));
  assert.deepEqual(
    store.problems.map((p) => p.line),
    [2, 3, 4, 5],
  );
  assert.match(store.problems[0].message, /^not JSON: \{not json/);
  assert.match(store.problems[1].message, /JSON object/);
  assert.match(store.problems[2].message, /traceId and spanId/);
  assert.match(store.problems[3].message, /unknown record type "weird"/);
  assert.equal(store.size, 2);
  // A parent cycle (never written by the runtime) still shows each span once.
  const cyc = new TraceStore();
  const t = '0123456789abcdef0123456789abcdef';
  cyc.pushLine(
    JSON.stringify({ t: 'start', traceId: t, spanId: 'aaaaaaaaaaaaaaaa', parentSpanId: 'bbbbbbbbbbbbbbbb', name: 'x', startNs: 1e18 }),
  );
  cyc.pushLine(
    JSON.stringify({ t: 'start', traceId: t, spanId: 'bbbbbbbbbbbbbbbb', parentSpanId: 'aaaaaaaaaaaaaaaa', name: 'y', startNs: 1e18 }),
  );
  assert.equal(buildTraces(cyc)[0].rows.length, 2);
});

test('caps: a huge line is skipped without being held, and past maxSpans the oldest traces go', () => {
  const store = new TraceStore({ maxLineLength: 10_000 });
  const good = read(day).split('\n').filter(Boolean);
  store.pushChunk(`${good[0]}\n{"t":"start","attrs":"`);
  for (let i = 0; i < 100; i++) store.pushChunk('x'.repeat(100_000)); // 10 MB of one line
  store.pushChunk(`"}\n${good[1]}\n`);
  store.end();
  assert.equal(store.problems.length, 1);
  assert.match(store.problems[0].message, /longer than 10000 characters/);
  assert.equal(store.problems[0].line, 2);
  assert.equal(store.size, 2);
  assert.equal(store.lines, 3);

  const capped = load(read(day), Infinity, new TraceStore({ maxSpans: 40 }));
  assert.ok(capped.size <= 40 + 38, String(capped.size));
  assert.ok(capped.droppedTraces >= 2);
  const kept = buildTraces(capped).map((v) => v.summary.kind);
  assert.ok(kept.includes('action'), 'the newest is kept');

  const few = new TraceStore({ maxProblems: 3 });
  load(Array(50).fill('nope').join('\n'), Infinity, few);
  assert.equal(few.problems.length, 3);
  assert.equal(few.problemCount, 50);
});

test('a span’s detail lists every attribute as text, sorted', () => {
  const store = load(read(day));
  const view = buildTraces(store).find((v) => v.summary.kind === 'action')!;
  const detail = spanDetail(store.span(view.summary.traceId, view.rows[1].spanId)!);
  assert.equal(detail.name, 'handler.action');
  assert.deepEqual(
    detail.attrs.map(([k]) => k),
    [...detail.attrs.map(([k]) => k)].sort((a, b) => a.localeCompare(b)),
  );
  assert.deepEqual(
    detail.attrs.find(([k]) => k === 'action.name'),
    ['action.name', 'ping'],
  );
  assert.ok(detail.resource.some(([k, v]) => k === 'runtime.version' && v === '1.14.0'));
});

test('following a file: appended lines are read, a partial line waits for its end, a truncated file starts over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'traces-follow-'));
  const file = join(dir, 'live.ndjson');
  const lines = read('live.ndjson').split('\n').filter(Boolean);
  writeFileSync(file, `${lines.slice(0, 10).join('\n')}\n`);
  const store = new TraceStore();
  let resets = 0;
  const follower = new FileFollower(file, {
    follow: true,
    pollMs: 50,
    onText: (t) => store.pushChunk(t),
    onReset: () => resets++,
  });
  try {
    await follower.start();
    assert.equal(store.lines, 10);
    appendFileSync(file, `${lines[10]}\n${lines[11].slice(0, 20)}`);
    await follower.poke();
    assert.equal(store.lines, 11);
    assert.equal(store.pending, true);
    appendFileSync(file, `${lines[11].slice(20)}\n`);
    await waitFor(() => store.lines === 12);
    assert.deepEqual(store.problems, []);
    writeFileSync(file, `${lines[0]}\n`);
    await follower.poke();
    assert.equal(resets, 1);
  } finally {
    follower.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file over the read cap is read from its last whole lines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'traces-cap-'));
  const file = join(dir, 'big.ndjson');
  writeFileSync(file, read(day));
  const store = new TraceStore();
  let info: { bytes: number; skippedBytes: number } | undefined;
  try {
    await new FileFollower(file, {
      follow: false,
      maxInitialBytes: 50_000,
      chunkBytes: 4096,
      onText: (t) => store.pushChunk(t),
      onLoaded: (i) => (info = i),
    }).start();
    store.end();
    assert.deepEqual(store.problems, [], 'starts at a line boundary');
    assert.ok(info!.skippedBytes > 0 && info!.bytes <= 50_000);
    assert.ok(store.size > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function waitFor(ok: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('trace files: live first, then the days newest first, per folder; by-trace, index and node_modules left out', async () => {
  const { traceFiles } = await import('../../../src/core/traces/files');
  const files = traceFiles([
    '/w/agent/.adk/bot/traces/2026-12-05.ndjson',
    '/w/agent/.adk/bot/traces/by-trace/0123.ndjson',
    '/w/agent/.adk/bot/traces/index/2026-12-06.ndjson',
    '/w/agent/.adk/bot/traces/live.ndjson',
    '/w/agent/.adk/bot/traces/2026-12-06.ndjson',
    '/w/agent/traces/notes.ndjson',
    '/w/node_modules/x/traces/live.ndjson',
    '/w/other/traces/live.ndjson',
  ]);
  assert.deepEqual(
    files.map((f) => [f.folder, f.kind, f.day]),
    [
      ['/w/agent/.adk/bot', 'live', undefined],
      ['/w/agent/.adk/bot', 'day', '2026-12-06'],
      ['/w/agent/.adk/bot', 'day', '2026-12-05'],
      ['/w/other', 'live', undefined],
    ],
  );
});

test('the demo workspace holds the recorded day file, so Open Traces has a trace to show in npm start', () => {
  const demo = join(__dirname, '../../fixtures/demo-workspace/traces', day);
  assert.equal(readFileSync(demo, 'utf8'), read(day), 'the demo carries the recording unchanged');
  assert.equal(buildTraces(load(read(day))).filter((v) => v.summary.kind === 'conversation').length, 2);
});
