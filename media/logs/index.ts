// The logs panel's front end: a virtualized list of log lines (only the rows in view exist in the DOM),
// server-side filters sent to the host, an instant client-side filter with highlighting, and keyboard
// navigation. Log content is only ever set as text.
import { compileFilter, type FilterSpec, type MatchRange, type TextMatcher } from '../../src/core/logs/filter';
import { formatTime, layoutLine, type TimeZone } from '../../src/core/logs/line';
import type {
  HostMessage,
  LogLine,
  LogRange,
  LogsViewState,
  RangePreset,
  ServerFilters,
  TailStatus,
  ViewMessage,
} from '../../src/webviews/logs/protocol';
import { emptyState, type WidenAction } from './empty';
import { fullText, LineStore, type Row } from './store';
import './style.css';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const SERVER_FILTERS = ['level', 'conversationId', 'userId', 'workflowId', 'messageContains'] as const;
/** Rows drawn beyond each edge of the viewport, so fast scrolling does not show blanks. */
const OVERSCAN = 10;
/** Time per frame spent adding received lines; the rest waits for the next frame. */
const FRAME_BUDGET_MS = 6;
/** Lines added between two looks at the clock. */
const SLICE = 500;
/** How long typing in a server-side filter waits for the next key before the tail starts again. */
const QUERY_DEBOUNCE_MS = 400;

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`logs panel: #${id} is missing`);
  return el as T;
}

/** Local `datetime-local` value ⇄ ISO instant. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}
function fromLocalInput(value: string): string | undefined {
  const ms = value ? new Date(value).getTime() : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

class LogsView {
  private readonly api = acquireVsCodeApi();
  private readonly viewport = element<HTMLDivElement>('viewport');
  private readonly spacer = element<HTMLDivElement>('spacer');
  private readonly rows = element<HTMLDivElement>('rows');
  private readonly find = element<HTMLInputElement>('find');
  private readonly regex = element<HTMLButtonElement>('regex');
  private readonly matchCase = element<HTMLButtonElement>('case');
  private readonly count = element<HTMLSpanElement>('count');
  private readonly pause = element<HTMLButtonElement>('pause');
  private readonly statusText = element<HTMLSpanElement>('status-text');
  private readonly status = element<HTMLDivElement>('status');
  private readonly retry = element<HTMLButtonElement>('retry');
  private readonly jump = element<HTMLButtonElement>('jump');
  private readonly detail = element<HTMLPreElement>('detail');
  private readonly rangeSelect = element<HTMLSelectElement>('range');
  private readonly custom = element<HTMLSpanElement>('custom');
  private readonly since = element<HTMLInputElement>('since');
  private readonly until = element<HTMLInputElement>('until');
  private readonly utc = element<HTMLButtonElement>('utc');
  private readonly empty = element<HTMLDivElement>('empty');

  private store = new LineStore(100_000);
  private state?: LogsViewState;
  private matcher?: TextMatcher;
  private filterVersion = 0;
  /** Why the filter typed cannot be used (the previous one stays applied). */
  private filterError?: string;
  private conversationLinks = false;
  private paused = false;
  private following = true;
  private selectedSeq?: number;
  private renderPending = false;
  /** Lines received and not added yet (the first batch from `incomingAt`). */
  private incoming: LogLine[][] = [];
  private incomingAt = 0;
  private filterTimer?: ReturnType<typeof setTimeout>;
  private queryTimer?: ReturnType<typeof setTimeout>;
  /** Whether the tail has fetched the range once (before that, no line is known to be missing). */
  private loaded = false;
  private emptyKey = '';
  private readonly rowHeight: number;

  constructor() {
    this.rowHeight = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--row-height')) || 20;
    window.addEventListener('message', (e: MessageEvent<HostMessage>) => this.receive(e.data));
    this.bindToolbar();
    this.bindList();
    new ResizeObserver(() => this.scheduleRender()).observe(this.viewport);
    this.api.postMessage({ type: 'ready' });
  }

  private post(message: ViewMessage): void {
    this.api.postMessage(message);
  }

  private receive(message: HostMessage): void {
    switch (message.type) {
      case 'init':
        this.init(message);
        break;
      case 'lines': {
        if (!this.state) return; // lines before init belong to a page being replaced
        this.incoming.push(message.lines);
        this.scheduleRender();
        break;
      }
      case 'reset':
        this.loaded = false;
        this.dropIncoming();
        this.store.clear();
        this.selectedSeq = undefined;
        this.following = true;
        this.scheduleRender();
        break;
      case 'status':
        this.showStatus(message.status, message.paused);
        break;
      case 'maxLines':
        this.store.resize(message.maxLines);
        this.scheduleRender();
        break;
    }
  }

  private init(message: Extract<HostMessage, { type: 'init' }>): void {
    this.state = message.state;
    this.conversationLinks = message.conversationLinks;
    this.store = new LineStore(message.maxLines, message.state.timeZone ?? 'local');
    this.showTimeZone();
    this.dropIncoming();
    this.following = true;
    const { filters, range, clientFilter } = message.state;
    for (const name of SERVER_FILTERS) {
      const input = element<HTMLInputElement | HTMLSelectElement>(name);
      input.value = filters[name] ?? '';
      input.hidden = !message.filterNames.includes(name);
    }
    this.rangeSelect.value = range.preset;
    this.since.value = toLocalInput(range.since);
    this.until.value = toLocalInput(range.until);
    this.custom.hidden = range.preset !== 'custom';
    this.find.value = clientFilter.text;
    this.regex.setAttribute('aria-pressed', String(!!clientFilter.regex));
    this.matchCase.setAttribute('aria-pressed', String(!!clientFilter.caseSensitive));
    this.applyClientFilter();
    this.showPaused(message.paused);
    this.saveState();
  }

  private saveState(): void {
    if (this.state) this.api.setState(this.state);
  }

  // —— toolbar ——

  private bindToolbar(): void {
    // One model: every server-side filter applies as it changes (typing waits for a pause; Enter applies at once).
    element<HTMLFormElement>('query').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submitQuery();
    });
    this.rangeSelect.addEventListener('change', () => {
      this.custom.hidden = this.rangeSelect.value !== 'custom';
      if (this.rangeSelect.value === 'custom' && !this.since.value) {
        this.since.value = toLocalInput(new Date(Date.now() - 3_600_000).toISOString());
      }
      this.submitQuery();
    });
    element<HTMLSelectElement>('level').addEventListener('change', () => this.submitQuery());
    for (const input of [this.since, this.until]) input.addEventListener('change', () => this.submitQuery());
    for (const name of SERVER_FILTERS) {
      if (name === 'level') continue;
      element<HTMLInputElement>(name).addEventListener('input', () => {
        clearTimeout(this.queryTimer);
        this.queryTimer = setTimeout(() => this.submitQuery(), QUERY_DEBOUNCE_MS);
      });
    }
    this.utc.addEventListener('click', () => this.setTimeZone(this.store.timeZone === 'utc' ? 'local' : 'utc'));
    this.empty.addEventListener('click', (e) => {
      const action = (e.target as HTMLElement).closest<HTMLButtonElement>('button')?.dataset.action as WidenAction | undefined;
      if (action) this.widen(action);
    });
    this.find.addEventListener('input', () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.applyClientFilter(), 60);
    });
    this.find.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        this.find.value = '';
        this.applyClientFilter();
        this.viewport.focus();
      } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
        e.preventDefault();
        this.viewport.focus();
        if (this.selectedSeq === undefined) this.select(this.store.count - 1);
      }
    });
    for (const toggle of [this.regex, this.matchCase]) {
      toggle.addEventListener('click', () => {
        toggle.setAttribute('aria-pressed', String(toggle.getAttribute('aria-pressed') !== 'true'));
        this.applyClientFilter();
      });
    }
    this.pause.addEventListener('click', () => this.post({ type: this.paused ? 'resume' : 'pause' }));
    element('clear').addEventListener('click', () => this.post({ type: 'clear' }));
    element('export').addEventListener('click', () =>
      this.post({ type: 'export', seqs: this.store.filtering ? this.store.shownSeqs() : undefined }),
    );
    this.retry.addEventListener('click', () => this.post({ type: 'retry' }));
    // The button hides once clicked: the keyboard goes back to the lines rather than to nowhere.
    this.jump.addEventListener('click', () => {
      this.scrollToEnd();
      this.viewport.focus();
    });
    document.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        this.find.focus();
        this.find.select();
      }
    });
  }

  private submitQuery(): void {
    clearTimeout(this.queryTimer);
    if (!this.state) return;
    const filters: ServerFilters = {};
    for (const name of SERVER_FILTERS) {
      const input = element<HTMLInputElement | HTMLSelectElement>(name);
      const value = input.value.trim();
      if (value && !input.hidden) filters[name] = value;
    }
    const preset = this.rangeSelect.value as RangePreset;
    const range: LogRange = { preset };
    if (preset === 'custom') {
      range.since = fromLocalInput(this.since.value);
      range.until = fromLocalInput(this.until.value);
      if (!range.since) {
        this.showError('Choose when the custom range starts.');
        this.since.focus();
        return;
      }
    }
    if (JSON.stringify({ filters, range }) === JSON.stringify({ filters: this.state.filters, range: this.state.range })) return;
    this.state = { ...this.state, filters, range };
    this.saveState();
    this.post({ type: 'query', filters, range });
  }

  private setTimeZone(zone: TimeZone): void {
    this.store.setTimeZone(zone);
    this.showTimeZone();
    this.filterVersion++;
    if (this.state) {
      this.state = { ...this.state, timeZone: zone };
      this.saveState();
      this.post({ type: 'timeZone', timeZone: zone });
    }
    this.scheduleRender();
  }

  private showTimeZone(): void {
    const utc = this.store.timeZone === 'utc';
    this.utc.setAttribute('aria-pressed', String(utc));
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.utc.title = utc ? `Times in UTC (click for your time zone, ${local})` : `Times in your time zone, ${local} (click for UTC)`;
  }

  /** An empty state's way out: drop the text filter, the server-side filters, or look further back. */
  private widen(action: WidenAction): void {
    if (action === 'clearFind') {
      this.find.value = '';
      this.applyClientFilter();
      return;
    }
    if (action === 'clearServerFilters') {
      for (const name of SERVER_FILTERS) element<HTMLInputElement | HTMLSelectElement>(name).value = '';
    } else {
      this.rangeSelect.value = '24h';
      this.custom.hidden = true;
    }
    this.submitQuery();
  }

  private clientFilterSpec(): FilterSpec {
    return {
      text: this.find.value,
      regex: this.regex.getAttribute('aria-pressed') === 'true',
      caseSensitive: this.matchCase.getAttribute('aria-pressed') === 'true',
    };
  }

  private applyClientFilter(): void {
    const spec = this.clientFilterSpec();
    const compiled = compileFilter(spec);
    this.filterError = compiled.ok ? undefined : compiled.error;
    this.find.classList.toggle('invalid', !compiled.ok);
    this.find.title = this.filterError ?? '';
    if (!compiled.ok) {
      this.scheduleRender();
      return;
    }
    const selected = this.selectedSeq;
    this.matcher = compiled.active ? compiled.match : undefined;
    this.filterVersion++;
    this.store.setFilter(this.matcher);
    if (this.state) {
      this.state = { ...this.state, clientFilter: spec };
      this.saveState();
      this.post({ type: 'clientFilter', filter: spec });
    }
    const index = selected === undefined ? -1 : this.store.indexOf(selected);
    if (index >= 0) this.reveal(index);
    else if (this.following) this.scrollToEnd();
    this.scheduleRender();
  }

  private showPaused(paused: boolean): void {
    this.paused = paused;
    this.pause.textContent = paused ? 'Resume' : 'Pause';
    this.pause.title = paused ? 'Fetch new lines again, from where it stopped' : 'Stop fetching new lines';
    this.pause.setAttribute('aria-pressed', String(paused));
  }

  private showStatus(status: TailStatus, paused: boolean): void {
    this.showPaused(paused);
    const seconds = (at: number) => Math.max(1, Math.round((at - Date.now()) / 1000));
    let text: string;
    let error = false;
    let canRetry = false;
    switch (status.state) {
      case 'fetching':
        if (this.statusText.textContent?.startsWith('Live')) return;
        text = 'Fetching…';
        break;
      case 'waiting':
        this.loaded = true;
        text = `Live · checked at ${new Date().toLocaleTimeString()}`;
        break;
      case 'paused':
        text = 'Paused: new lines are fetched again, with none missing, on Resume';
        break;
      case 'retrying':
        error = true;
        canRetry = !status.rateLimited;
        text = status.rateLimited
          ? `Rate limited: waiting ${seconds(status.nextPollAt)} s, as the server asked (${status.error})`
          : `${status.error} · retrying in ${seconds(status.nextPollAt)} s; the lines shown are kept`;
        break;
      case 'failed':
        error = true;
        canRetry = true;
        text = status.error;
        break;
      case 'done':
        this.loaded = true;
        text = 'Every line of the range is loaded';
        break;
    }
    this.statusText.textContent = text;
    this.status.classList.toggle('error', error);
    this.retry.hidden = !canRetry;
    this.scheduleRender();
  }

  private showError(message: string): void {
    this.statusText.textContent = message;
    this.status.classList.add('error');
    this.retry.hidden = true;
  }

  // —— the list ——

  private bindList(): void {
    this.viewport.addEventListener('scroll', () => {
      this.following = this.atBottom();
      this.scheduleRender();
    });
    this.rows.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const rowEl = target.closest<HTMLElement>('.row');
      const row = rowEl ? this.store.bySeq(Number(rowEl.dataset.seq)) : undefined;
      if (!row) return;
      if (target.closest('.copy')) this.copy(row);
      else if (target.closest('.link') && row.entry.conversationId)
        this.post({ type: 'openConversation', conversationId: row.entry.conversationId });
      else {
        this.selectedSeq = row.seq;
        this.viewport.focus();
        this.scheduleRender();
      }
    });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
  }

  private onKey(e: KeyboardEvent): void {
    const count = this.store.count;
    if (!count) return;
    const current = this.selectedSeq === undefined ? -1 : this.store.indexOf(this.selectedSeq);
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / this.rowHeight) - 1);
    const move: Record<string, number> = {
      ArrowDown: current < 0 ? count - 1 : current + 1,
      ArrowUp: current < 0 ? count - 1 : current - 1,
      PageDown: current + page,
      PageUp: Math.max(0, current) - page,
      Home: 0,
      End: count - 1,
    };
    const row = current >= 0 ? this.store.at(current) : undefined;
    if (e.key in move) {
      e.preventDefault();
      this.select(Math.min(count - 1, Math.max(0, move[e.key])));
      if (e.key === 'End') this.scrollToEnd();
    } else if (row && (e.key === 'c' || (e.key.toLowerCase() === 'c' && (e.ctrlKey || e.metaKey)))) {
      e.preventDefault();
      this.copy(row);
    } else if (row && e.key === 'Enter' && this.conversationLinks && row.entry.conversationId) {
      this.post({ type: 'openConversation', conversationId: row.entry.conversationId });
    } else if (e.key === 'Escape') {
      this.selectedSeq = undefined;
      this.scheduleRender();
    }
  }

  private select(index: number): void {
    const row = this.store.at(index);
    if (!row) return;
    this.selectedSeq = row.seq;
    this.reveal(index);
    this.scheduleRender();
  }

  /** Scrolls just enough for the row at `index` to be in view. */
  private reveal(index: number): void {
    const top = index * this.rowHeight;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + this.rowHeight > this.viewport.scrollTop + this.viewport.clientHeight) {
      this.viewport.scrollTop = top + this.rowHeight - this.viewport.clientHeight;
    }
    this.following = this.atBottom();
  }

  private copy(row: Row): void {
    this.post({ type: 'copy', text: fullText(row) });
  }

  private atBottom(): boolean {
    return this.viewport.scrollTop + this.viewport.clientHeight >= this.viewport.scrollHeight - this.rowHeight / 2;
  }

  private scrollToEnd(): void {
    this.following = true;
    this.scheduleRender();
  }

  private scheduleRender(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => {
      this.renderPending = false;
      this.render();
    });
  }

  private dropIncoming(): void {
    this.incoming = [];
    this.incomingAt = 0;
  }

  /** Adds received lines for at most a frame's budget, so a large batch never stalls a frame. */
  private addIncoming(): void {
    const deadline = performance.now() + FRAME_BUDGET_MS;
    while (this.incoming.length && performance.now() < deadline) {
      const batch = this.incoming[0];
      const slice = batch.slice(this.incomingAt, this.incomingAt + SLICE);
      this.incomingAt += slice.length;
      if (this.incomingAt >= batch.length) {
        this.incoming.shift();
        this.incomingAt = 0;
      }
      const dropped = this.store.append(slice);
      if (!this.following && dropped) this.viewport.scrollTop -= dropped * this.rowHeight;
    }
    if (this.incoming.length) this.scheduleRender();
  }

  private render(): void {
    this.addIncoming();
    const count = this.store.count;
    const h = this.rowHeight;
    this.spacer.style.height = `${count * h}px`;
    if (this.following) this.viewport.scrollTop = this.viewport.scrollHeight;
    const top = this.viewport.scrollTop;
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const end = Math.min(count, Math.ceil((top + this.viewport.clientHeight) / h) + OVERSCAN);
    this.rows.style.transform = `translateY(${first * h}px)`;
    const elements = this.rows.children;
    for (let i = first; i < end; i++) {
      const el = (elements[i - first] as HTMLElement | undefined) ?? this.rows.appendChild(document.createElement('div'));
      this.fill(el, this.store.at(i)!);
    }
    while (elements.length > end - first) this.rows.lastElementChild!.remove();
    this.jump.hidden = this.following || count === 0;
    this.showDetail();
    this.showEmpty();
    const total = this.store.total;
    this.count.textContent =
      this.filterError ??
      (this.store.filtering
        ? `${count.toLocaleString()} of ${total.toLocaleString()} lines`
        : `${total.toLocaleString()} line${total === 1 ? '' : 's'}`);
    this.count.title = this.count.textContent;
    this.count.classList.toggle('error', !!this.filterError);
  }

  private showEmpty(): void {
    const state =
      this.state &&
      emptyState(
        {
          total: this.store.total,
          shown: this.store.count,
          filters: this.state.filters,
          range: this.state.range,
          find: this.find.value,
          loaded: this.loaded,
        },
        (iso) => formatTime(iso, this.store.timeZone),
      );
    const key = state ? JSON.stringify(state) : '';
    if (key === this.emptyKey) return;
    this.emptyKey = key;
    this.empty.hidden = !state;
    if (!state) return;
    const text = document.createElement('p');
    text.textContent = state.text;
    const buttons = state.actions.map(({ action, label }) => {
      const b = document.createElement('button');
      b.dataset.action = action;
      b.textContent = label;
      return b;
    });
    this.empty.replaceChildren(text, ...buttons);
  }

  /** The selected line in full under the list, with its ISO time (rows show one line, cut at the panel's width). */
  private showDetail(): void {
    const row = this.store.bySeq(this.selectedSeq);
    const text = row ? fullText(row) : '';
    this.detail.hidden = !row;
    if (this.detail.textContent !== text) this.detail.textContent = text;
  }

  /** Draws one row, unless it already shows this line with this filter and selection. */
  private fill(el: HTMLElement, row: Row): void {
    const selected = row.seq === this.selectedSeq;
    const key = `${row.seq}:${this.filterVersion}:${selected}`;
    if (el.dataset.key === key) return;
    el.dataset.key = key;
    el.dataset.seq = String(row.seq);
    el.className = `row level-${row.entry.level.toLowerCase()}${selected ? ' selected' : ''}`;
    el.setAttribute('role', 'option');
    el.setAttribute('aria-selected', String(selected));
    const { text, fields } = layoutLine(row.entry, this.store.timeZone);
    el.title = fullText(row);
    const ranges = this.matcher?.(text) ?? [];
    const parts: Node[] = [];
    let at = 0;
    for (const field of fields) {
      if (field.start > at) parts.push(...this.segments(text, at, field.start, ranges));
      const span = document.createElement('span');
      span.className = `f-${field.kind}`;
      if (field.kind === 'conversationId' && this.conversationLinks) {
        span.classList.add('link');
        span.title = 'Open this conversation';
      }
      span.append(...this.segments(text, field.start, field.end, ranges));
      parts.push(span);
      at = field.end;
    }
    if (at < text.length) parts.push(...this.segments(text, at, text.length, ranges));
    const copy = document.createElement('button');
    copy.className = 'copy';
    copy.tabIndex = -1;
    copy.title = 'Copy this line';
    copy.textContent = 'Copy';
    parts.push(copy);
    el.replaceChildren(...parts);
  }

  /** Text of [start, end) with the matched parts in <mark>; newlines shown as ↵ so a row stays one line. */
  private segments(text: string, start: number, end: number, ranges: MatchRange[]): Node[] {
    const out: Node[] = [];
    const piece = (a: number, b: number) => text.slice(a, b).replace(/\r?\n/g, '↵');
    let at = start;
    for (const r of ranges) {
      const a = Math.max(r.start, at);
      const b = Math.min(r.end, end);
      if (b <= a) continue;
      if (a > at) out.push(document.createTextNode(piece(at, a)));
      const mark = document.createElement('mark');
      mark.textContent = piece(a, b);
      out.push(mark);
      at = b;
    }
    if (at < end) out.push(document.createTextNode(piece(at, end)));
    return out;
  }
}

new LogsView();
