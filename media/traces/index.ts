// The trace view's front end: the traces the filter lets through (newest first), the selected trace as a tree of
// spans beside its timeline (a bar per span on one time axis), and the selected span's attributes. Every name, id
// and value is set as text.
import { formatCost } from '../../src/core/traces/model';
import type {
  HostMessage,
  SpanDetail,
  SpanRow,
  TraceFilter,
  TraceStatus,
  TraceSummary,
  TraceView,
  ViewMessage,
} from '../../src/webviews/traces/protocol';
import { $, el } from '../dom';
import './style.css';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

const conversationSelect = $<HTMLSelectElement>('conversation');
const workflowSelect = $<HTMLSelectElement>('workflow');
const errors = $<HTMLInputElement>('errors');
const text = $<HTMLInputElement>('text');
const http = $<HTMLInputElement>('http');
const liveButton = $<HTMLButtonElement>('live');
const list = $('traces');
const rowsBox = $('rows');
const detailBox = $('detail');

let traces: TraceSummary[] = [];
let selected: string | undefined;
let view: TraceView | undefined;
let selectedSpan: string | undefined;
let status: TraceStatus | undefined;
const collapsed = new Set<string>();
/** Traces listed at most (newest first); the filter reaches the others. */
const MAX_LISTED = 500;

const ms = (v: number | undefined) =>
  v === undefined ? '…' : v < 1 ? `${v.toFixed(2)} ms` : v < 1000 ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : `${(v / 1000).toFixed(2)} s`;
const time = (epochMs: number) =>
  new Date(epochMs).toLocaleTimeString(undefined, { hour12: false }) + `.${String(Math.floor(epochMs % 1000)).padStart(3, '0')}`;

function sendFilter(): void {
  const wf = workflowSelect.value;
  const filter: TraceFilter = {
    conversationId: conversationSelect.value || undefined,
    workflow: wf === '*' ? true : wf || undefined,
    errorsOnly: errors.checked || undefined,
    text: text.value.trim() || undefined,
  };
  vscode.postMessage({ type: 'filter', filter });
}

let textTimer: ReturnType<typeof setTimeout> | undefined;
conversationSelect.addEventListener('change', sendFilter);
workflowSelect.addEventListener('change', sendFilter);
errors.addEventListener('change', sendFilter);
text.addEventListener('input', () => {
  clearTimeout(textTimer);
  textTimer = setTimeout(sendFilter, 200);
});
http.addEventListener('change', renderTrace);
liveButton.addEventListener('click', () => vscode.postMessage({ type: 'live', live: liveButton.getAttribute('aria-pressed') !== 'true' }));

function setOptions(select: HTMLSelectElement, fixed: number, values: string[], current: string | undefined): void {
  const now = [...select.options].slice(fixed).map((o) => o.value);
  if (now.join('\n') !== values.join('\n')) {
    while (select.options.length > fixed) select.remove(fixed);
    for (const v of values) select.add(new Option(v, v));
  }
  select.value = current ?? '';
  if (select.selectedIndex < 0) select.value = '';
}

function renderStatus(): void {
  if (!status) return;
  const s = status;
  liveButton.setAttribute('aria-pressed', String(s.live));
  liveButton.textContent = s.live ? '● Live' : 'Live';
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const parts = [s.loading ? 'Reading…' : `${n(s.spans, 'span')} in ${n(s.traces, 'trace')}`, n(s.lines, 'line')];
  if (s.live && !s.loading) parts.push('following the file');
  if (s.dropped) parts.push(`${s.dropped} older traces dropped (over the cap)`);
  if (s.skippedBytes) parts.push(`the first ${(s.skippedBytes / 1048576).toFixed(1)} MB not read (over the cap)`);
  const box = $('status');
  box.textContent = s.error ? `Cannot read ${s.file}: ${s.error}` : parts.join(' · ');
  box.classList.toggle('error', !!s.error);
  const problems = $('problems') as HTMLDetailsElement;
  problems.hidden = s.problemCount === 0;
  $('problems-title').textContent = `${s.problemCount} line${s.problemCount === 1 ? '' : 's'} skipped`;
  const ol = $('problem-list');
  ol.replaceChildren(...s.problems.map((p) => el('li', undefined, `line ${p.line}: ${p.message}`)));
  if (s.problemCount > s.problems.length) ol.append(el('li', 'more', `and ${s.problemCount - s.problems.length} more`));
}

function renderList(total: number): void {
  const plural = (n: number) => `${n} trace${n === 1 ? '' : 's'}`;
  $('count').textContent = traces.length === total ? plural(total) : `${traces.length} of ${plural(total)}`;
  const items = traces.slice(0, MAX_LISTED).map((t) => {
    const item = el('div', `trace-item kind-${t.kind}`);
    item.setAttribute('role', 'option');
    item.dataset.traceId = t.traceId;
    item.tabIndex = -1;
    item.setAttribute('aria-selected', String(t.traceId === selected));
    if (t.error) item.classList.add('failed');
    const head = el('div', 'title');
    head.append(el('span', 'mark', t.error ? '✕' : t.running ? '●' : ''), el('span', 'name', t.title));
    const facts = [time(t.startMs), t.running ? 'running' : ms(t.durationMs), `${t.spans} spans`];
    if (t.modelRequests) facts.push(`${t.modelRequests} model req · ${t.inputTokens + t.outputTokens} tokens · ${formatCost(t.cost)}`);
    item.append(head, el('div', 'facts', facts.join(' · ')));
    item.addEventListener('click', () => select(t.traceId));
    return item;
  });
  list.replaceChildren(...items);
  if (traces.length > MAX_LISTED) list.append(el('div', 'none', `and ${traces.length - MAX_LISTED} older: narrow the filter to see them`));
  if (!traces.length)
    list.append(el('div', 'none', total ? 'No trace matches the filter.' : status?.loading ? 'Reading…' : 'No spans in this file yet.'));
  if (!selected && traces[0]) select(traces[0].traceId);
}

function select(traceId: string | undefined): void {
  if (traceId === selected) return;
  selected = traceId;
  selectedSpan = undefined;
  collapsed.clear();
  detailBox.hidden = true;
  for (const item of list.querySelectorAll<HTMLElement>('.trace-item'))
    item.setAttribute('aria-selected', String(item.dataset.traceId === traceId));
  vscode.postMessage({ type: 'selectTrace', traceId });
}

list.addEventListener('keydown', (e) => {
  const i = traces.findIndex((t) => t.traceId === selected);
  const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : -2;
  if (next < -1 || !traces[next]) return;
  e.preventDefault();
  select(traces[next].traceId);
  list.querySelector<HTMLElement>(`[data-trace-id="${traces[next].traceId}"]`)?.scrollIntoView({ block: 'nearest' });
});

/** Rows shown: not under a collapsed span, HTTP calls only when asked. */
function visibleRows(rows: SpanRow[]): SpanRow[] {
  const hidden = new Set<string>();
  const out: SpanRow[] = [];
  for (const r of rows) {
    if ((r.parentId && hidden.has(r.parentId)) || (!http.checked && r.kind === 'http')) {
      hidden.add(r.spanId);
      continue;
    }
    out.push(r);
    if (collapsed.has(r.spanId)) hidden.add(r.spanId);
  }
  return out;
}

function renderTrace(): void {
  const head = $('trace-head');
  const axis = $('axis');
  const empty = $('empty');
  if (!view) {
    head.replaceChildren();
    axis.replaceChildren();
    rowsBox.replaceChildren();
    empty.textContent = traces.length ? 'Select a trace.' : '';
    return;
  }
  empty.textContent = '';
  const s = view.summary;
  const facts = [s.traceId, time(s.startMs), s.running ? 'running' : ms(s.durationMs)];
  if (s.conversationId) facts.push(s.conversationId);
  if (s.workflowId) facts.push(s.workflowId);
  if (s.modelRequests) facts.push(`${s.inputTokens} in / ${s.outputTokens} out tokens`, formatCost(s.cost));
  head.replaceChildren(el('div', 'trace-title', s.title), el('div', 'facts', facts.join(' · ')));

  const total = Math.max(1, ...view.rows.map((r) => r.offsetMs + (r.durationMs ?? 0)));
  axis.replaceChildren(el('span', 'axis-label', 'Span'), ...[0, 0.25, 0.5, 0.75, 1].map((f) => tick(f, total)));
  const shown = visibleRows(view.rows);
  const parents = new Set(view.rows.filter((r) => http.checked || r.kind !== 'http').map((r) => r.parentId));
  rowsBox.replaceChildren(...shown.map((r) => spanRow(r, total, parents.has(r.spanId))));
}

function tick(f: number, total: number): HTMLElement {
  const t = el('span', 'tick', ms(total * f));
  t.style.left = `calc(var(--name-width) + (100% - var(--name-width)) * ${f})`;
  return t;
}

/** A row of the tree with its bar; `expandable`: it has children shown (HTTP calls hidden or not). */
function spanRow(r: SpanRow, total: number, expandable: boolean): HTMLElement {
  const row = el('div', `span-row kind-${r.kind}`);
  row.setAttribute('role', 'treeitem');
  row.setAttribute('aria-level', String(r.depth + 1));
  if (expandable) row.setAttribute('aria-expanded', String(!collapsed.has(r.spanId)));
  row.setAttribute('aria-selected', String(r.spanId === selectedSpan));
  row.dataset.spanId = r.spanId;
  row.tabIndex = r.spanId === selectedSpan || (!selectedSpan && r.depth === 0) ? 0 : -1;
  if (r.error) row.classList.add('failed');

  const name = el('div', 'name');
  name.style.paddingLeft = `${4 + r.depth * 14}px`;
  const twisty = el('span', 'twisty', expandable ? (collapsed.has(r.spanId) ? '▸' : '▾') : '');
  twisty.addEventListener('click', (e) => {
    e.stopPropagation();
    toggle(r.spanId);
  });
  name.append(twisty, el('span', 'label', r.label));
  if (r.detail) name.append(el('span', 'detail', r.detail));
  const moved = r.movedFrom ? ` (shown under the iteration it ran in; the runtime parented it to ${r.movedFrom})` : '';
  name.title = `${r.label}${r.detail ? ` ${r.detail}` : ''}\n${r.name}${moved}`;

  const lane = el('div', 'lane');
  const bar = el('div', r.durationMs === undefined ? 'bar running' : 'bar');
  const width = r.durationMs === undefined ? 100 - (r.offsetMs / total) * 100 : (r.durationMs / total) * 100;
  bar.style.left = `${(r.offsetMs / total) * 100}%`;
  bar.style.width = `max(1px, ${width}%)`;
  lane.append(bar, el('span', 'duration', r.durationMs === undefined ? 'running' : ms(r.durationMs)));
  row.append(name, lane);
  row.addEventListener('click', () => selectSpan(r.spanId));
  row.addEventListener('keydown', (e) => rowKey(e, r, expandable));
  return row;
}

function toggle(spanId: string): void {
  if (collapsed.has(spanId)) collapsed.delete(spanId);
  else collapsed.add(spanId);
  renderTrace();
  rowsBox.querySelector<HTMLElement>(`[data-span-id="${spanId}"]`)?.focus();
}

function rowKey(e: KeyboardEvent, r: SpanRow, expandable: boolean): void {
  const rows = [...rowsBox.querySelectorAll<HTMLElement>('.span-row')];
  const i = rows.findIndex((x) => x.dataset.spanId === r.spanId);
  const focus = (x: HTMLElement | undefined) => x && (x.focus(), selectSpan(x.dataset.spanId!));
  if (e.key === 'ArrowDown') focus(rows[i + 1]);
  else if (e.key === 'ArrowUp') focus(rows[i - 1]);
  else if ((e.key === 'ArrowLeft' && expandable && !collapsed.has(r.spanId)) || (e.key === 'ArrowRight' && collapsed.has(r.spanId)))
    toggle(r.spanId);
  else if (e.key === 'Enter' || e.key === ' ') selectSpan(r.spanId);
  else return;
  e.preventDefault();
}

function selectSpan(spanId: string): void {
  if (!selected) return;
  selectedSpan = spanId;
  for (const row of rowsBox.querySelectorAll<HTMLElement>('.span-row')) {
    const on = row.dataset.spanId === spanId;
    row.setAttribute('aria-selected', String(on));
    row.tabIndex = on ? 0 : -1;
  }
  vscode.postMessage({ type: 'selectSpan', traceId: selected, spanId });
}

function renderDetail(d: SpanDetail | undefined): void {
  if (!d || d.spanId !== selectedSpan) {
    detailBox.hidden = !d;
    if (!d) return;
  }
  detailBox.hidden = false;
  const head = el('div', 'detail-head');
  const close = el('button', 'close', '✕');
  close.title = 'Close';
  close.addEventListener('click', () => (detailBox.hidden = true));
  const when =
    d.startMs !== undefined
      ? `${new Date(d.startMs).toISOString()}${d.endMs !== undefined ? ` · ${ms(d.endMs - d.startMs)}` : ' · running'}`
      : '';
  head.append(
    el('span', 'detail-name', d.name),
    el('span', `status status-${d.status}`, d.statusMessage ? `${d.status}: ${d.statusMessage}` : d.status),
    el('span', 'facts', when),
    close,
  );
  const table = (title: string, pairs: Array<[string, string]>) => {
    const section = el('section');
    section.append(el('h3', undefined, title));
    const dl = el('dl');
    for (const [k, v] of pairs) dl.append(el('dt', undefined, k), el('dd', v.includes('\n') ? 'multiline' : undefined, v));
    section.append(dl);
    return section;
  };
  const sections = [
    table('Attributes', [
      ['spanId', d.spanId],
      ['traceId', d.traceId],
      ...(d.parentId ? ([['parentSpanId', d.parentId]] as Array<[string, string]>) : []),
      ...d.attrs,
    ]),
  ];
  for (const e of d.events) sections.push(table(`Event ${e.name} at ${new Date(e.timeMs).toISOString()}`, e.attrs));
  if (d.resource.length) sections.push(table('Resource', d.resource));
  detailBox.replaceChildren(head, ...sections);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'status':
      status = m.status;
      vscode.setState({ file: status.file, live: status.live });
      renderStatus();
      break;
    case 'list': {
      traces = m.traces;
      selected ??= m.selected;
      errors.checked = !!m.filter.errorsOnly;
      if (document.activeElement !== text) text.value = m.filter.text ?? '';
      setOptions(conversationSelect, 1, m.conversations, m.filter.conversationId);
      setOptions(workflowSelect, 2, m.workflows, m.filter.workflow === true ? '*' : m.filter.workflow || undefined);
      if (selected && !traces.some((t) => t.traceId === selected)) select(traces[0]?.traceId);
      renderList(m.total);
      break;
    }
    case 'trace':
      view = m.view && m.view.summary.traceId === selected ? m.view : undefined;
      renderTrace();
      break;
    case 'span':
      renderDetail(m.detail);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
