/**
 * What the trace view shows of a store's spans: one tree per trace (a conversation turn → its autonomous
 * execution → iterations → tool calls and model requests; workflow steps; actions; state loads and saves), each
 * span with a kind, a label and a one-line detail, and each trace with a summary the filters work on. Span names
 * and attributes are the ones `@botpress/runtime` 1.14 defines (`SpanDefinitions` of `@botpress/runtime/ui`).
 */
import type { Span, SpanStatus, TraceStore } from './store';

export type SpanKind =
  | 'request'
  | 'conversation'
  | 'workflow'
  | 'step'
  | 'action'
  | 'trigger'
  | 'event'
  | 'execution'
  | 'iteration'
  | 'tool'
  | 'model'
  | 'state'
  | 'chat'
  | 'http'
  | 'other';

const KINDS: Record<string, SpanKind> = {
  'request.incoming': 'request',
  'handler.conversation': 'conversation',
  'handler.workflow': 'workflow',
  'handler.workflow.step': 'step',
  'handler.action': 'action',
  'handler.trigger': 'trigger',
  'handler.event': 'event',
  'autonomous.execution': 'execution',
  'autonomous.iteration': 'iteration',
  'autonomous.tool': 'tool',
  'cognitive.request': 'model',
  'http.client': 'http',
  'botpress.client': 'http',
};

export function spanKind(name: string | undefined): SpanKind {
  if (!name) return 'other';
  if (KINDS[name]) return KINDS[name];
  if (name.startsWith('state.') || name.startsWith('tags.')) return 'state';
  if (name.startsWith('chat.')) return 'chat';
  return 'other';
}

/** One row of a trace's tree, in display order (depth-first). */
export interface SpanRow {
  readonly spanId: string;
  readonly parentId?: string;
  readonly depth: number;
  readonly kind: SpanKind;
  readonly name: string;
  readonly label: string;
  readonly detail: string;
  /** Milliseconds from the trace's start. */
  readonly offsetMs: number;
  /** Absent while the span runs. */
  readonly durationMs?: number;
  readonly error: boolean;
  readonly hasChildren: boolean;
  /** The runtime parented it elsewhere (see `normalize`): the id it gave. */
  readonly movedFrom?: string;
}

export type TraceKind = 'conversation' | 'workflow' | 'action' | 'trigger' | 'event' | 'other';

export interface TraceSummary {
  readonly traceId: string;
  readonly kind: TraceKind;
  readonly title: string;
  /** Epoch ms of its first span's start. */
  readonly startMs: number;
  readonly durationMs?: number;
  readonly running: boolean;
  readonly error: boolean;
  readonly spans: number;
  readonly conversationId?: string;
  readonly workflowId?: string;
  readonly workflowName?: string;
  readonly modelRequests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD, the sum of its model requests' `ai.cost`. */
  readonly cost: number;
}

export interface TraceView {
  readonly summary: TraceSummary;
  readonly rows: SpanRow[];
}

/** Whether a span failed: its status, or what the runtime records of a failed tool call or iteration. */
export function spanFailed(span: Span): boolean {
  if (span.status === 'error') return true;
  if (span.attrs['autonomous.tool.status'] === 'error') return true;
  const status = span.attrs['autonomous.status'];
  return typeof status === 'string' && /_error$/.test(status);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A JSON attribute (the runtime stores objects as JSON text) as one short line. */
function preview(v: unknown, max = 60): string {
  let text: string;
  if (typeof v === 'string') {
    try {
      text = JSON.stringify(JSON.parse(v));
    } catch {
      text = v;
    }
  } else text = JSON.stringify(v) ?? '';
  text = text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatCost(usd: number): string {
  return usd === 0 ? '$0' : usd < 0.01 ? `$${usd.toFixed(5)}` : `$${usd.toFixed(4)}`;
}

/** A span's label and detail line. */
export function describe(span: Span): { label: string; detail: string } {
  const a = span.attrs;
  const name = span.name ?? '(unnamed span)';
  switch (name) {
    case 'request.incoming':
      return {
        label: `Request ${str(a['request.type']) ?? str(a['request.operation']) ?? ''}`.trim(),
        detail: str(a['request.operation']) ?? '',
      };
    case 'handler.conversation': {
      const channel = [str(a.integration), str(a.channel)].filter(Boolean).join('.');
      let text = '';
      const payload = a['message.payload'];
      if (typeof payload === 'string') {
        try {
          text = str((JSON.parse(payload) as { text?: unknown }).text) ?? '';
        } catch {
          /* not JSON: no text */
        }
      }
      return {
        label: `Conversation turn${channel ? ` · ${channel}` : ''}`,
        detail: text ? `“${preview(text, 80).replace(/^"|"$/g, '')}”` : '',
      };
    }
    case 'handler.workflow':
      return {
        label: `Workflow ${str(a['workflow.name']) ?? ''}`.trim(),
        detail: [str(a['workflow.status.initial']), str(a['workflow.status.final'])].filter(Boolean).join(' → '),
      };
    case 'handler.workflow.step': {
      const attempt = num(a['workflow.step.attempt']);
      const err = str(a['workflow.step.error']);
      return {
        label: `Step ${str(a['workflow.step']) ?? ''}`.trim(),
        detail: [
          attempt > 0 ? `attempt ${attempt + 1}` : '',
          err ?? (a['workflow.step.output'] !== undefined ? `→ ${preview(a['workflow.step.output'])}` : ''),
        ]
          .filter(Boolean)
          .join(' · '),
      };
    }
    case 'handler.action':
      return {
        label: `Action ${str(a['action.name']) ?? ''}`.trim(),
        detail: a['action.input'] !== undefined ? preview(a['action.input']) : '',
      };
    case 'handler.trigger':
    case 'handler.event':
      return { label: `${name === 'handler.trigger' ? 'Trigger' : 'Event'} ${str(a['event.type']) ?? ''}`.trim(), detail: '' };
    case 'autonomous.execution':
      return {
        label: `Autonomous execution${str(a['autonomous.mode']) ? ` (${str(a['autonomous.mode'])})` : ''}`,
        detail: a['autonomous.iterations'] !== undefined ? `${num(a['autonomous.iterations'])} iterations` : '',
      };
    case 'autonomous.iteration': {
      const exit = str(a['autonomous.exit.name']);
      return {
        label: `Iteration ${num(a['autonomous.iteration']) + 1}`,
        detail: [str(a['autonomous.status']), exit ? `exit ${exit}` : '', str(a['autonomous.error'])].filter(Boolean).join(' · '),
      };
    }
    case 'autonomous.tool': {
      const tool = [str(a['autonomous.tool.object']), str(a['autonomous.tool.name'])].filter(Boolean).join('.');
      const out =
        str(a['autonomous.tool.error']) ?? (a['autonomous.tool.output'] !== undefined ? `→ ${preview(a['autonomous.tool.output'])}` : '');
      return {
        label: `Tool ${tool}`,
        detail: [a['autonomous.tool.input'] !== undefined ? preview(a['autonomous.tool.input'], 40) : '', out].filter(Boolean).join(' '),
      };
    }
    case 'cognitive.request': {
      const model = str(a['ai.model']) ?? 'model';
      const tokens = a['ai.input_tokens'] !== undefined ? `${num(a['ai.input_tokens'])} → ${num(a['ai.output_tokens'])} tokens` : '';
      const cost = a['ai.cost'] !== undefined ? formatCost(num(a['ai.cost'])) : '';
      return { label: `Model ${model}`, detail: [tokens, cost, a['ai.cached'] === true ? 'cached' : ''].filter(Boolean).join(' · ') };
    }
    case 'state.load':
    case 'state.save':
      return {
        label: `${name === 'state.load' ? 'Load' : 'Save'} ${str(a.type) ?? ''} state ${str(a.name) ?? ''}`.replace(/\s+/g, ' ').trim(),
        detail: a.state_size_bytes !== undefined ? `${num(a.state_size_bytes)} bytes` : a.has_value === false ? 'empty' : '',
      };
    case 'http.client':
      return {
        label: `${str(a['http.method']) ?? 'HTTP'} ${urlPath(str(a['http.url']))}`,
        detail: str(a['http.status_code']) ?? str(a['http.error']) ?? '',
      };
    case 'botpress.client':
      return {
        label: `${str(a['botpress.method']) ?? 'HTTP'} ${urlPath(str(a['botpress.url']))}`,
        detail: str(a['botpress.status_code']) ?? str(a['botpress.error']) ?? '',
      };
    case 'state.saveAllDirty':
      return { label: 'Save states', detail: a.states_count !== undefined ? `${num(a.states_count)} changed` : '' };
    case 'tags.load':
    case 'tags.save':
      return { label: `${name === 'tags.load' ? 'Load' : 'Save'} ${str(a.type) ?? ''} tags`.replace(/\s+/g, ' '), detail: '' };
    case 'chat.sendMessage':
      return { label: 'Send message', detail: [str(a.direction), str(a['message.type'])].filter(Boolean).join(' · ') };
    case 'interruption.check':
      return { label: 'Interruption check', detail: a['interruption.detected'] === true ? 'interrupted' : '' };
    default:
      return { label: LABELS[name] ?? name, detail: span.statusMessage ?? '' };
  }
}

const LABELS: Record<string, string> = {
  'state.loadAll': 'Load states',
  'tags.loadAll': 'Load tags',
  'tags.saveAllDirty': 'Save tags',
  'chat.fetchTranscript': 'Fetch transcript',
  'chat.compactTranscript': 'Compact transcript',
  'chat.saveTranscript': 'Save transcript',
};

function urlPath(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/**
 * The runtime parents a tool call to the autonomous execution, and each iteration after the first to the one
 * before it (the context it runs in). For a tree that reads execution → iterations → their tool calls and model
 * requests, iterations go under their execution and a tool call under the iteration whose time holds its start.
 */
function normalize(spans: Map<string, Span>): Map<string, { parentId?: string; movedFrom?: string }> {
  const parents = new Map<string, { parentId?: string; movedFrom?: string }>();
  for (const s of spans.values()) parents.set(s.spanId, { parentId: s.parentId && spans.has(s.parentId) ? s.parentId : undefined });
  const execOf = (id: string | undefined): string | undefined => {
    for (let cur = id, guard = 0; cur && guard < 1000; cur = parents.get(cur)?.parentId, guard++) {
      if (spans.get(cur)?.name === 'autonomous.execution') return cur;
    }
    return undefined;
  };
  for (const s of spans.values()) {
    if (s.name !== 'autonomous.iteration') continue;
    const parent = parents.get(s.spanId)!.parentId;
    if (parent && spans.get(parent)?.name === 'autonomous.iteration') {
      const exec = execOf(parent);
      if (exec) parents.set(s.spanId, { parentId: exec, movedFrom: parent });
    }
  }
  for (const s of spans.values()) {
    const parent = parents.get(s.spanId)!.parentId;
    if (s.name !== 'autonomous.tool' || !parent || spans.get(parent)?.name !== 'autonomous.execution' || s.startMs === undefined) continue;
    const home = [...spans.values()].find(
      (it) =>
        it.name === 'autonomous.iteration' &&
        parents.get(it.spanId)!.parentId === parent &&
        it.startMs !== undefined &&
        it.startMs <= s.startMs! &&
        (it.endMs === undefined || s.startMs! <= it.endMs),
    );
    if (home) parents.set(s.spanId, { parentId: home.spanId, movedFrom: parent });
  }
  return parents;
}

const TRACE_KINDS: Array<[string, TraceKind]> = [
  ['handler.conversation', 'conversation'],
  ['handler.workflow', 'workflow'],
  ['handler.action', 'action'],
  ['handler.trigger', 'trigger'],
  ['handler.event', 'event'],
];

/** One trace's tree and summary. Spans whose parent never arrived are roots. */
export function buildTrace(traceId: string, list: Span[]): TraceView {
  const spans = new Map(list.map((s) => [s.spanId, s]));
  const parents = normalize(spans);
  const children = new Map<string | undefined, Span[]>();
  for (const s of list) {
    const p = parents.get(s.spanId)!.parentId;
    const arr = children.get(p) ?? [];
    arr.push(s);
    children.set(p, arr);
  }
  const byStart = (a: Span, b: Span) => (a.startMs ?? Infinity) - (b.startMs ?? Infinity);
  const starts = list.map((s) => s.startMs).filter((v): v is number => v !== undefined);
  const t0 = starts.length ? Math.min(...starts) : 0;
  const rows: SpanRow[] = [];
  const seen = new Set<string>();
  const walk = (s: Span, depth: number) => {
    if (seen.has(s.spanId)) return;
    seen.add(s.spanId);
    const kids = (children.get(s.spanId) ?? []).sort(byStart);
    const { label, detail } = describe(s);
    rows.push({
      spanId: s.spanId,
      parentId: parents.get(s.spanId)!.parentId,
      depth,
      kind: spanKind(s.name),
      name: s.name ?? '',
      label,
      detail,
      offsetMs: s.startMs !== undefined ? s.startMs - t0 : 0,
      durationMs: s.startMs !== undefined && s.endMs !== undefined ? Math.max(0, s.endMs - s.startMs) : undefined,
      error: spanFailed(s),
      hasChildren: kids.length > 0,
      movedFrom: parents.get(s.spanId)!.movedFrom,
    });
    for (const k of kids) walk(k, depth + 1);
  };
  for (const root of (children.get(undefined) ?? []).sort(byStart)) walk(root, 0);
  for (const s of list.sort(byStart)) walk(s, 0); // a parent cycle in bad input: still every span once

  const handler = TRACE_KINDS.map(([name, kind]) => ({ span: list.find((s) => s.name === name), kind })).find((h) => h.span);
  const a = handler?.span?.attrs ?? {};
  const models = list.filter((s) => s.name === 'cognitive.request');
  const ends = list.map((s) => s.endMs).filter((v): v is number => v !== undefined);
  const running = list.some((s) => s.endMs === undefined);
  const root = rows[0] && spans.get(rows[0].spanId);
  const title = handler?.span
    ? `${describe(handler.span).label}${describe(handler.span).detail ? ` ${describe(handler.span).detail}` : ''}`
    : root
      ? describe(root).label
      : traceId;
  return {
    summary: {
      traceId,
      kind: handler?.kind ?? 'other',
      title,
      startMs: t0,
      durationMs: !running && ends.length ? Math.max(...ends) - t0 : undefined,
      running,
      error: list.some(spanFailed),
      spans: list.length,
      conversationId: str(a.conversationId) ?? list.map((s) => str(s.attrs.conversationId)).find(Boolean),
      workflowId: str(a.workflowId),
      workflowName: str(a['workflow.name']),
      modelRequests: models.length,
      inputTokens: models.reduce((n, s) => n + num(s.attrs['ai.input_tokens']), 0),
      outputTokens: models.reduce((n, s) => n + num(s.attrs['ai.output_tokens']), 0),
      cost: models.reduce((n, s) => n + num(s.attrs['ai.cost']), 0),
    },
    rows,
  };
}

/** Every trace of a store, newest first. */
export function buildTraces(store: TraceStore): TraceView[] {
  return new TraceViews(store).all();
}

/** A store's trace views, each built again only when its trace changed (a live file adds to few traces at a time). */
export class TraceViews {
  private readonly cache = new Map<string, { version: number; view: TraceView }>();

  constructor(readonly store: TraceStore) {}

  /** Newest first. */
  all(): TraceView[] {
    const views: TraceView[] = [];
    const ids = new Set<string>();
    for (const traceId of this.store.traceIds()) {
      ids.add(traceId);
      const version = this.store.traceVersion(traceId);
      let entry = this.cache.get(traceId);
      if (entry?.version !== version) {
        entry = { version, view: buildTrace(traceId, this.store.trace(traceId) ?? []) };
        this.cache.set(traceId, entry);
      }
      views.push(entry.view);
    }
    for (const id of this.cache.keys()) if (!ids.has(id)) this.cache.delete(id);
    return views.sort((a, b) => b.summary.startMs - a.summary.startMs);
  }
}

export interface TraceFilter {
  /** Only this conversation's traces. */
  readonly conversationId?: string;
  /** Only workflow traces; with a name, only that workflow's. */
  readonly workflow?: boolean | string;
  readonly errorsOnly?: boolean;
  /** Text in the title, ids, or a span's label. */
  readonly text?: string;
}

export function matchesFilter(view: TraceView, f: TraceFilter): boolean {
  const s = view.summary;
  if (f.errorsOnly && !s.error) return false;
  if (f.conversationId && s.conversationId !== f.conversationId) return false;
  if (f.workflow && (s.kind !== 'workflow' || (typeof f.workflow === 'string' && s.workflowName !== f.workflow))) return false;
  const text = f.text?.trim().toLowerCase();
  if (text) {
    const hay = [s.title, s.traceId, s.conversationId ?? '', s.workflowId ?? '', ...view.rows.map((r) => `${r.label} ${r.detail}`)]
      .join('\n')
      .toLowerCase();
    if (!hay.includes(text)) return false;
  }
  return true;
}

/** What a span's attributes panel lists: every attribute, the span's own fields first. */
export interface SpanDetail {
  readonly spanId: string;
  readonly traceId: string;
  readonly parentId?: string;
  readonly name: string;
  readonly status: SpanStatus;
  readonly statusMessage?: string;
  readonly startMs?: number;
  readonly endMs?: number;
  readonly attrs: Array<[string, string]>;
  readonly events: Array<{ name: string; timeMs: number; attrs: Array<[string, string]> }>;
  readonly resource: Array<[string, string]>;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v, null, 2) ?? String(v)));
const entries = (o: Record<string, unknown> | undefined): Array<[string, string]> =>
  Object.entries(o ?? {})
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([k, v]) => [k, asText(v)]);

export function spanDetail(span: Span): SpanDetail {
  return {
    spanId: span.spanId,
    traceId: span.traceId,
    parentId: span.parentId,
    name: span.name ?? '',
    status: span.status,
    statusMessage: span.statusMessage,
    startMs: span.startMs,
    endMs: span.endMs,
    attrs: entries(span.attrs),
    events: span.events.map((e) => ({ name: e.name, timeMs: e.timeMs, attrs: entries(e.attrs as Record<string, unknown>) })),
    resource: entries(span.resource),
  };
}
