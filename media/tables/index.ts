// The table editor's front end: a virtualized grid (only the rows in view exist in the DOM) fed a page at a
// time by offset, typed cells, sort by a column, a filter bar (builder and JSON, checked with the query
// grammar before anything is sent), free-text search with similarity, a group-by view, and cells edited in
// place (checked against the column, kept until saved; refused rows keep their edits and show why). The filter
// JSON box completes columns and operators (completer.ts).
// Every value is set as text.
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import { columnKinds, valueProblem, type ColumnSchema } from '../../src/core/tables/columns';
import { checkFilter, groupOperationsFor, operatorsFor, type ColumnKind, type GroupOperation } from '../../src/core/tables/query';
import type { HostMessage, Row, RowQuery, TableInfo, TableTarget, ViewMessage } from '../../src/webviews/tables/protocol';
import { $, el } from '../dom';
import { FilterCompleter } from './completer';
import './style.css';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const ROW_HEIGHT = 24;
const PAGE = 200;
const DEBOUNCE_MS = 350;
/** The least time between two asks for the pages in view while scrolling. */
const FETCH_MS = 80;
/**
 * Pages of rows kept in memory: past this, those farthest from the view are dropped (and asked again if scrolled
 * back to), so that a scroll through a large table holds a bounded heap and garbage collections stay short.
 */
const KEPT_PAGES = 50;
const SYSTEM = ['id', 'createdAt', 'updatedAt'];
/** Dates in local time as `toLocaleString()` writes them, from one formatter (that call builds a new one each time). */
const localTime = new Intl.DateTimeFormat(
  undefined,
  Object.fromEntries(['year', 'month', 'day', 'hour', 'minute', 'second'].map((part) => [part, 'numeric'])),
);

/** An edit not yet sent: the text typed, the value it reads as, and why it is refused (then it is not sent). */
interface Draft {
  text: string;
  value?: unknown;
  error?: string;
}
/** A grid line: a stored row (`row:<id>`) or a new one (`new:<n>`). */
interface Line {
  key: string;
  row?: Row;
}

/** A row element on screen and the row it shows (undefined: still loading). */
interface Drawn {
  el: HTMLElement;
  row?: Row;
}

class TableView {
  private readonly api = acquireVsCodeApi();
  private readonly viewport = $<HTMLDivElement>('viewport');
  private readonly rowsEl = $<HTMLDivElement>('rows');
  private readonly header = $<HTMLDivElement>('header');
  private target?: TableTarget;
  private table?: TableInfo;
  private kinds: Record<string, ColumnKind> = {};
  private columns: string[] = [];
  private query: RowQuery = { orderBy: 'id', orderDirection: 'asc' };
  private seq = 0;
  /** The query generation: answers of an older one are dropped. */
  private generation = 0;
  private readonly requested = new Map<number, number>(); // page offset → seq
  private readonly cache = new Map<number, Row>();
  /** The offsets of the pages in `cache`. */
  private readonly pages = new Set<number>();
  private total = 0;
  /** Whether `total` is the query's count (else an estimate that grows as pages arrive). */
  private counted = false;
  private lastMs = 0;
  private warnings: string[] = [];
  private readonly drafts = new Map<string, Map<string, Draft>>();
  private readonly undo: Array<{ key: string; column: string; before?: Draft }> = [];
  private readonly rowErrors = new Map<string, string>();
  private readonly created: string[] = [];
  private newCount = 0;
  private readonly selected = new Set<string>();
  private anchor?: string;
  private editing?: { key: string; column: string; input: HTMLInputElement };
  private mode: 'rows' | 'group' = 'rows';
  private readonly virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>;
  private timers: Record<string, ReturnType<typeof setTimeout>> = {};
  /** The rows on screen, by line key, with the data they were drawn from. */
  private drawn = new Map<string, Drawn>();
  private fetchTimer?: ReturnType<typeof setTimeout>;
  private lastFetch = 0;

  constructor() {
    this.virtualizer = new Virtualizer<HTMLDivElement, HTMLDivElement>({
      count: 0,
      getScrollElement: () => this.viewport,
      estimateSize: () => ROW_HEIGHT,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      overscan: 4,
      onChange: () => this.render(true),
    });
    this.virtualizer._didMount();
    this.virtualizer._willUpdate();
    window.addEventListener('message', (e: MessageEvent<HostMessage>) => this.receive(e.data));
    this.wire();
    this.post({ type: 'ready' });
  }

  private post(m: ViewMessage): void {
    this.api.postMessage(m);
  }

  // ---- messages ----------------------------------------------------------------------------------------

  private receive(m: HostMessage): void {
    switch (m.type) {
      case 'init':
        this.target = m.target;
        this.table = m.table;
        this.api.setState({ target: m.target });
        this.kinds = columnKinds({ properties: m.table.columns });
        this.columns = m.table.order;
        this.setupBuilder();
        this.reload();
        break;
      case 'rows': {
        if (this.requested.get(m.offset) !== m.seq) return;
        m.rows.forEach((r, i) => this.cache.set(m.offset + i, r));
        this.pages.add(m.offset);
        // A count is kept until the next query; without one (a search), the rows seen so far and a page more if there is one.
        if (m.total >= 0) [this.total, this.counted] = [m.total, true];
        else if (!this.counted) this.total = Math.max(this.total, m.offset + m.rows.length + (m.hasMore ? PAGE : 0));
        this.lastMs = m.ms;
        this.warnings = m.warnings ?? [];
        this.virtualizer.setOptions({ ...this.virtualizer.options, count: this.lineCount() });
        this.virtualizer._willUpdate();
        this.dropFarPages();
        this.render(true);
        break;
      }
      case 'groups':
        if (m.seq === this.seq) this.renderGroups(m.rows, m.ms);
        break;
      case 'failed':
        this.setStatus(`Failed: ${m.message}`, true);
        for (const [offset, seq] of this.requested) if (seq === m.seq) this.requested.delete(offset);
        break;
      case 'saved':
        this.saved(m.stored, m.errors);
        break;
      case 'deleted':
        if (m.count) {
          this.selected.clear();
          this.reload();
          this.setStatus(`Deleted ${m.count} row${m.count === 1 ? '' : 's'}.`);
        }
        break;
    }
  }

  // ---- the query ---------------------------------------------------------------------------------------

  private reload(): void {
    this.generation++;
    this.notice = undefined;
    this.cache.clear();
    this.pages.clear();
    this.requested.clear();
    this.total = 0;
    this.counted = false;
    this.request(0, true);
  }

  private request(offset: number, count: boolean): void {
    if (this.requested.has(offset)) return;
    const seq = ++this.seq;
    this.requested.set(offset, seq);
    this.post({ type: 'query', seq, query: this.query, offset, limit: PAGE, count });
  }

  private dropFarPages(): void {
    if (this.pages.size <= KEPT_PAGES) return;
    const here = Math.max(0, (this.virtualizer.getVirtualItems()[0]?.index ?? 0) - this.created.length);
    const distance = (offset: number) => Math.abs(offset - here);
    const far = [...this.pages].sort((a, b) => distance(b) - distance(a)).slice(0, this.pages.size - KEPT_PAGES);
    for (const offset of far) {
      for (let i = offset; i < offset + PAGE; i++) this.cache.delete(i);
      this.pages.delete(offset);
      this.requested.delete(offset);
    }
  }

  private lineCount(): number {
    return this.created.length + this.total;
  }

  private lineAt(index: number): Line | undefined {
    if (index < this.created.length) return { key: this.created[index] };
    const row = this.cache.get(index - this.created.length);
    return row ? { key: `row:${row.id}`, row } : undefined;
  }

  // ---- drawing -----------------------------------------------------------------------------------------

  private visibleColumns(): string[] {
    return ['id', ...this.columns, ...(this.query.search ? ['similarity'] : []), 'createdAt', 'updatedAt'];
  }

  private drawHeader(): void {
    this.header.replaceChildren(
      ...this.visibleColumns().map((c) => {
        const cell = el('div', `cell head ${this.alignOf(c)}`);
        const column = this.table?.columns[c];
        cell.textContent = c + (this.query.orderBy === c ? (this.query.orderDirection === 'asc' ? ' ▲' : ' ▼') : '');
        cell.title = column
          ? `${c}: ${column.format ?? column.type}${column.description ? `\n${column.description}` : ''}\nClick to sort`
          : `${c}\nClick to sort`;
        if (c !== 'similarity')
          cell.addEventListener('click', () => {
            this.query = {
              ...this.query,
              orderBy: c,
              orderDirection: this.query.orderBy === c && this.query.orderDirection === 'asc' ? 'desc' : 'asc',
            };
            this.drawHeader();
            this.reload();
          });
        return cell;
      }),
    );
  }

  private alignOf(column: string): string {
    const kind = column === 'id' || column === 'similarity' ? 'number' : this.kinds[column];
    return kind === 'number' ? 'num' : kind === 'boolean' ? 'bool' : '';
  }

  /**
   * Draws the rows in view. `reuse` (a scroll, a page arriving): a row already drawn for the same line and data is
   * kept as it is and only moved, so a scroll builds only the rows coming into view; anything else redraws all.
   */
  private render(reuse = false): void {
    // An open cell editor is not redrawn away: the grid catches up when the edit ends.
    if (this.mode !== 'rows' || this.editing) return;
    if (this.header.childElementCount === 0) this.drawHeader();
    const items = this.virtualizer.getVirtualItems();
    $<HTMLDivElement>('spacer').style.height = `${this.virtualizer.getTotalSize()}px`;
    const columns = this.visibleColumns();
    const before = reuse ? this.drawn : new Map<string, Drawn>();
    const lines = items.map((item) => {
      const line = this.lineAt(item.index);
      const key = line?.key ?? `loading:${item.index}`;
      const kept = before.get(key);
      return { item, line, key, kept: kept && kept.row === line?.row ? kept : undefined };
    });
    // The elements of rows gone from view are filled again for the rows coming into view (fewer elements made and
    // collected while scrolling); those left over leave.
    const keep = new Set(lines.map((l) => l.kept?.el));
    const free = [...this.rowsEl.children].filter((c) => !keep.has(c as HTMLElement)) as HTMLElement[];
    const next = new Map<string, Drawn>();
    let missing = false;
    for (const { item, line, key, kept } of lines) {
      const drawn = kept ?? { el: this.drawRow(line, columns, free.pop()), row: line?.row };
      drawn.el.style.transform = `translateY(${item.start}px)`;
      next.set(key, drawn);
      missing ||= !line;
    }
    for (const child of free) child.remove();
    // The rows stay where they are in the DOM; new ones are put in order among them.
    let previous: Element | null = null;
    for (const { el: rowEl } of next.values()) {
      const expected: Element | null = previous ? previous.nextElementSibling : this.rowsEl.firstElementChild;
      if (expected !== rowEl) this.rowsEl.insertBefore(rowEl, expected);
      previous = rowEl;
    }
    this.drawn = next;
    if (missing) this.fetchVisible();
    this.updateStatus();
  }

  /** Draws the row of `line` into `rowEl`: a new element, or one of a row gone from view, every attribute set again. */
  private drawRow(line: Line | undefined, columns: string[], rowEl: HTMLElement = el('div', 'row')): HTMLElement {
    rowEl.className = 'row';
    rowEl.removeAttribute('title');
    rowEl.setAttribute('role', 'row');
    if (!line) {
      delete rowEl.dataset.key;
      rowEl.classList.add('loading');
      rowEl.textContent = '…';
      return rowEl;
    }
    rowEl.dataset.key = line.key;
    if (this.selected.has(line.key)) rowEl.classList.add('selected');
    const error = this.rowErrors.get(line.key);
    if (error) {
      rowEl.classList.add('refused');
      rowEl.title = error;
    }
    if (rowEl.childElementCount !== columns.length) rowEl.replaceChildren(...columns.map(() => el('div', 'cell')));
    columns.forEach((c, i) => this.drawCell(rowEl.children[i] as HTMLElement, line, c));
    return rowEl;
  }

  /** Asks for the pages of the rows in view, at most every FETCH_MS: a fast scroll does not ask for every page it passes. */
  private fetchVisible(): void {
    if (this.fetchTimer) return;
    this.fetchTimer = setTimeout(
      () => {
        this.fetchTimer = undefined;
        this.lastFetch = performance.now();
        for (const item of this.virtualizer.getVirtualItems()) {
          const offset = Math.floor((item.index - this.created.length) / PAGE) * PAGE;
          if (offset >= 0 && !this.lineAt(item.index)) this.request(offset, false);
        }
      },
      Math.max(0, this.lastFetch + FETCH_MS - performance.now()),
    );
  }

  private drawCell(cell: HTMLElement, line: Line, column: string): void {
    const draft = this.drafts.get(line.key)?.get(column);
    const value = draft ? draft.value : line.row?.[column];
    cell.className = `cell ${this.alignOf(column)}`;
    cell.removeAttribute('title');
    cell.dataset.column = column;
    if (draft) {
      cell.classList.add('edited');
      cell.textContent = draft.text;
      if (draft.error) {
        cell.classList.add('invalid');
        cell.title = draft.error;
      }
      return;
    }
    const kind = SYSTEM.includes(column) ? (column === 'id' ? 'number' : 'date') : column === 'similarity' ? 'number' : this.kinds[column];
    if (value === null || value === undefined) {
      cell.classList.add('null');
      cell.textContent = line.row ? 'null' : '';
    } else if (kind === 'date' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
      cell.textContent = localTime.format(new Date(value));
      cell.title = value;
    } else if (kind === 'boolean') cell.textContent = value ? '✓ true' : '✗ false';
    else if (typeof value === 'object') {
      cell.textContent = JSON.stringify(value);
      cell.classList.add('json');
    } else cell.textContent = String(value);
  }

  private updateStatus(): void {
    const edits = [...this.drafts.values()].reduce((n, d) => n + d.size, 0);
    const invalid = [...this.drafts.values()].reduce((n, d) => n + [...d.values()].filter((x) => x.error).length, 0);
    const text =
      `${this.total.toLocaleString()} row${this.total === 1 ? '' : 's'}` +
      `${this.query.filter || this.query.search ? ' match' : ''} · query ${this.lastMs} ms` +
      (this.selected.size ? ` · ${this.selected.size} selected` : '') +
      (this.warnings.length ? ` · ⚠ ${this.warnings.join('; ')}` : '') +
      (this.notice ? ` · ${this.notice.text}` : '');
    const s = $('status-text');
    s.textContent = text;
    s.classList.toggle('error', !!this.notice?.error);
    $('edit-status').textContent =
      edits || this.created.length ? `${edits} unsent edit${edits === 1 ? '' : 's'}${invalid ? `, ${invalid} invalid` : ''}` : '';
    ($('save') as HTMLButtonElement).disabled = !edits && !this.created.length;
    ($('undo') as HTMLButtonElement).disabled = !this.undo.length;
    ($('delete') as HTMLButtonElement).disabled = ![...this.selected].some((k) => k.startsWith('row:'));
  }

  /** A message about the last action (save, delete, a failure), shown after the counts until the next query. */
  private notice?: { text: string; error: boolean };

  private setStatus(text: string, error = false): void {
    this.notice = { text, error };
    this.updateStatus();
  }

  // ---- selection, editing --------------------------------------------------------------------------------

  private lineByKey(key: string): Line | undefined {
    if (key.startsWith('new:')) return this.created.includes(key) ? { key } : undefined;
    for (const row of this.cache.values()) if (`row:${row.id}` === key) return { key, row };
    return undefined;
  }

  private select(key: string, e: MouseEvent): void {
    if (e.shiftKey && this.anchor) {
      const keys = [...Array(this.lineCount()).keys()].map((i) => this.lineAt(i)?.key).filter((k): k is string => !!k);
      const [a, b] = [keys.indexOf(this.anchor), keys.indexOf(key)].sort((x, y) => x - y);
      if (a >= 0 && b >= 0) keys.slice(a, b + 1).forEach((k) => this.selected.add(k));
    } else if (e.ctrlKey || e.metaKey) {
      if (!this.selected.delete(key)) this.selected.add(key);
      this.anchor = key;
    } else {
      this.selected.clear();
      this.selected.add(key);
      this.anchor = key;
    }
    const line = this.lineByKey(key);
    const drafts = Object.fromEntries(
      [...(this.drafts.get(key) ?? [])].map(([c, d]) => [c, d.error ? `${d.text} (⚠ ${d.error})` : d.value]),
    );
    $('detail').textContent =
      JSON.stringify(line?.row ? { ...line.row, ...drafts } : drafts, null, 2) +
      (this.rowErrors.has(key) ? `\n\n⚠ ${this.rowErrors.get(key)}` : '');
    // The rows stay (a double click on them edits): only their selection changes.
    for (const row of this.rowsEl.querySelectorAll<HTMLElement>('.row[data-key]'))
      row.classList.toggle('selected', this.selected.has(row.dataset.key!));
    this.updateStatus();
  }

  private startEdit(key: string, column: string, cellEl: HTMLElement): void {
    if (SYSTEM.includes(column) || column === 'similarity' || !this.table) return;
    const line = this.lineByKey(key);
    const draft = this.drafts.get(key)?.get(column);
    const current = line?.row?.[column];
    const input = el('input', 'editor');
    input.value = draft
      ? draft.text
      : current === null || current === undefined
        ? ''
        : typeof current === 'object'
          ? JSON.stringify(current)
          : String(current);
    input.setAttribute('aria-label', `Edit ${column}`);
    cellEl.replaceChildren(input);
    input.focus();
    input.select();
    this.editing = { key, column, input };
    const finish = (commit: boolean) => {
      if (this.editing?.input !== input) return;
      this.editing = undefined;
      if (commit) this.commitEdit(key, column, input.value, line?.row);
      this.render();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(true);
      if (e.key === 'Escape') finish(false);
      e.stopPropagation();
    });
    input.addEventListener('blur', () => finish(true));
  }

  /** Reads the typed text as the column's type and checks it; a refused value stays, marked, and is never sent. */
  private commitEdit(key: string, column: string, text: string, row: Row | undefined): void {
    const schema = this.table!.columns[column];
    const original = row?.[column];
    const originalText =
      original === null || original === undefined ? '' : typeof original === 'object' ? JSON.stringify(original) : String(original);
    const drafts = this.drafts.get(key) ?? new Map<string, Draft>();
    const before = drafts.get(column);
    if (row && text === originalText) {
      if (!before) return;
      drafts.delete(column);
    } else drafts.set(column, readValue(schema, text, this.table!.required.includes(column)));
    this.undo.push({ key, column, before });
    this.drafts.set(key, drafts);
    if (!drafts.size) this.drafts.delete(key);
  }

  private undoLast(): void {
    const last = this.undo.pop();
    if (!last) return;
    const drafts = this.drafts.get(last.key) ?? new Map<string, Draft>();
    if (last.before) drafts.set(last.column, last.before);
    else drafts.delete(last.column);
    if (drafts.size) this.drafts.set(last.key, drafts);
    else this.drafts.delete(last.key);
    this.render();
  }

  private addRow(): void {
    const key = `new:${++this.newCount}`;
    this.created.unshift(key);
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: this.lineCount() });
    this.virtualizer._willUpdate();
    this.viewport.scrollTop = 0;
    this.render();
    const first = this.rowsEl.querySelector<HTMLElement>(`[data-key="${key}"] .cell[data-column="${this.columns[0]}"]`);
    if (first) this.startEdit(key, this.columns[0], first);
  }

  private save(): void {
    if (!this.table) return;
    const invalid = [...this.drafts.entries()].filter(([, d]) => [...d.values()].some((x) => x.error));
    const updates: Array<{ key: string; id: number; changes: Record<string, unknown> }> = [];
    const creates: Array<{ key: string; data: Record<string, unknown> }> = [];
    for (const [key, drafts] of this.drafts) {
      if ([...drafts.values()].some((d) => d.error)) continue;
      const changes = Object.fromEntries([...drafts].map(([c, d]) => [c, d.value]));
      if (key.startsWith('row:')) updates.push({ key, id: Number(key.slice(4)), changes });
    }
    for (const key of this.created) {
      const drafts = this.drafts.get(key);
      if (drafts && [...drafts.values()].some((d) => d.error)) continue;
      const data = Object.fromEntries([...(drafts ?? [])].map(([c, d]) => [c, d.value]));
      const missing = this.table.required.filter((r) => data[r] === undefined || data[r] === null);
      if (missing.length) {
        this.rowErrors.set(key, `required: ${missing.join(', ')}`);
        continue;
      }
      creates.push({ key, data });
    }
    if (!updates.length && !creates.length) {
      this.setStatus(invalid.length ? 'Nothing sent: fix the cells marked in red first.' : 'Nothing to send.', !!invalid.length);
      this.render();
      return;
    }
    this.post({ type: 'save', seq: ++this.seq, updates, creates });
    this.setStatus(`Saving ${updates.length + creates.length} row${updates.length + creates.length === 1 ? '' : 's'}…`);
  }

  private saved(stored: Array<{ key: string; row: Row }>, errors: Record<string, string>): void {
    for (const { key, row } of stored) {
      this.drafts.delete(key);
      this.rowErrors.delete(key);
      const i = this.created.indexOf(key);
      if (i >= 0) this.created.splice(i, 1);
      for (const [index, r] of this.cache) if (r.id === row.id) this.cache.set(index, row);
    }
    for (const [key, message] of Object.entries(errors)) this.rowErrors.set(key, message);
    this.undo.length = 0;
    const refused = Object.keys(errors).length;
    if (stored.some((s) => s.key.startsWith('new:'))) this.reload();
    else this.render();
    this.setStatus(
      `Saved ${stored.length} row${stored.length === 1 ? '' : 's'}${refused ? `; ${refused} refused (hover the red rows)` : ''}.`,
      refused > 0,
    );
  }

  // ---- filter bar ----------------------------------------------------------------------------------------

  private setupBuilder(): void {
    const columns = [...this.columns, ...SYSTEM];
    const colSel = $<HTMLSelectElement>('b-column');
    colSel.replaceChildren(...columns.map((c) => new Option(c, c)));
    const fillOps = () => {
      const kind = this.kinds[colSel.value] ?? (colSel.value === 'id' ? 'number' : 'date');
      $<HTMLSelectElement>('b-op').replaceChildren(
        ...operatorsFor(kind)
          .filter((o) => o !== '$options')
          .map((o) => new Option(o, o)),
      );
    };
    colSel.onchange = fillOps;
    fillOps();
    $<HTMLSelectElement>('g-key').replaceChildren(...columns.map((c) => new Option(c, c)));
    $<HTMLSelectElement>('g-column').replaceChildren(...['id', ...this.columns].map((c) => new Option(c, c)));
  }

  /** Adds the builder's condition to the filter JSON (AND or OR with what is there). */
  private addCondition(): void {
    const column = $<HTMLSelectElement>('b-column').value;
    const op = $<HTMLSelectElement>('b-op').value;
    const raw = $<HTMLInputElement>('b-value').value;
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      if (op === '$in' || op === '$nin') value = raw.split(',').map((s) => s.trim());
    }
    if (this.kinds[column] === 'string' && typeof value !== 'string' && !['$in', '$nin', '$exists'].includes(op)) value = raw;
    const condition = { [column]: { [op]: value } };
    const join = $<HTMLSelectElement>('b-join').value as '$and' | '$or';
    const current = this.parseFilter();
    const next = !current
      ? condition
      : Object.keys(current).length === 1 && Array.isArray(current[join])
        ? { [join]: [...(current[join] as unknown[]), condition] }
        : { [join]: [current, condition] };
    $<HTMLTextAreaElement>('filter').value = JSON.stringify(next);
    this.applyFilter();
  }

  private parseFilter(): Record<string, unknown> | undefined {
    const text = $<HTMLTextAreaElement>('filter').value.trim();
    if (!text) return undefined;
    const parsed = JSON.parse(text) as unknown;
    return parsed as Record<string, unknown>;
  }

  /** Checks the filter JSON (syntax, columns, operators for the type, values); runs it only when clean. */
  private applyFilter(): void {
    const problemsEl = $('problems');
    let filter: Record<string, unknown> | undefined;
    try {
      filter = this.parseFilter();
    } catch (e) {
      problemsEl.textContent = `Not JSON: ${(e as Error).message}`;
      return;
    }
    const problems = filter ? checkFilter(filter, this.kinds) : [];
    problemsEl.replaceChildren(...problems.map((p) => el('div', 'problem', `${p.path}: ${p.message}`)));
    if (problems.length) return;
    this.query = { ...this.query, filter: filter && Object.keys(filter).length ? filter : undefined };
    if (this.mode === 'group') this.runGroup();
    else this.reload();
  }

  private runGroup(): void {
    const key = $<HTMLSelectElement>('g-key').value;
    const column = $<HTMLSelectElement>('g-column').value;
    const kind = column === 'id' ? 'number' : this.kinds[column];
    const ops = (['count', 'sum', 'avg', 'min', 'max'] as GroupOperation[]).filter(
      (o) => $<HTMLInputElement>(`g-${o}`).checked && groupOperationsFor(kind).includes(o),
    );
    const group: Record<string, GroupOperation[]> = { [key]: ['key'] };
    if (ops.length) group[column] = column === key ? ['key', ...ops] : ops;
    this.post({ type: 'group', seq: ++this.seq, filter: this.query.filter, group });
  }

  private renderGroups(rows: Record<string, unknown>[], ms: number): void {
    const names = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'id' && k !== 'computed');
    this.header.replaceChildren(...names.map((n) => el('div', 'cell head', n)));
    ($('spacer') as HTMLDivElement).style.height = '0px';
    this.rowsEl.replaceChildren(
      ...rows.map((r, i) => {
        const line = el('div', 'row static');
        line.style.transform = `translateY(${i * ROW_HEIGHT}px)`;
        for (const n of names)
          line.append(
            el(
              'div',
              `cell ${typeof r[n] === 'number' ? 'num' : ''}`,
              r[n] === null ? 'null' : typeof r[n] === 'number' ? String(Math.round((r[n] as number) * 100) / 100) : String(r[n]),
            ),
          );
        return line;
      }),
    );
    ($('spacer') as HTMLDivElement).style.height = `${rows.length * ROW_HEIGHT}px`;
    this.setStatus(`${rows.length} group${rows.length === 1 ? '' : 's'} · query ${ms} ms`);
  }

  private setMode(mode: 'rows' | 'group'): void {
    this.mode = mode;
    $('mode-rows').setAttribute('aria-pressed', String(mode === 'rows'));
    $('mode-group').setAttribute('aria-pressed', String(mode === 'group'));
    $('groupbar').hidden = mode !== 'group';
    if (mode === 'group') this.runGroup();
    else {
      this.drawHeader();
      this.render();
    }
  }

  /** The current query as a call of the official client (what a bot's code would write). */
  private asCode(): string {
    const args: Record<string, unknown> = { table: this.table?.name ?? this.target?.name };
    if (this.query.filter) args.filter = this.query.filter;
    if (this.query.search) args.search = this.query.search;
    if (this.mode === 'group') {
      const key = $<HTMLSelectElement>('g-key').value;
      args.group = { [key]: 'key' };
    }
    if (this.query.orderBy !== 'id') args.orderBy = this.query.orderBy;
    if (this.query.orderDirection !== 'asc') args.orderDirection = this.query.orderDirection;
    args.limit = 100;
    return `const { rows } = await client.findTableRows(${JSON.stringify(args, null, 2)})`;
  }

  // ---- wiring ---------------------------------------------------------------------------------------------

  private debounce(name: string, fn: () => void): void {
    clearTimeout(this.timers[name]);
    this.timers[name] = setTimeout(fn, DEBOUNCE_MS);
  }

  private wire(): void {
    $('filter').addEventListener('input', () => this.debounce('filter', () => this.applyFilter()));
    new FilterCompleter($<HTMLTextAreaElement>('filter'), $<HTMLUListElement>('filter-complete'), () => this.kinds);
    $('search').addEventListener('input', () =>
      this.debounce('search', () => {
        this.query = { ...this.query, search: $<HTMLInputElement>('search').value.trim() || undefined };
        this.drawHeader();
        this.reload();
      }),
    );
    $('b-add').addEventListener('click', () => this.addCondition());
    $('b-clear').addEventListener('click', () => {
      $<HTMLTextAreaElement>('filter').value = '';
      this.applyFilter();
    });
    $('mode-rows').addEventListener('click', () => this.setMode('rows'));
    $('mode-group').addEventListener('click', () => this.setMode('group'));
    $('g-run').addEventListener('click', () => this.runGroup());
    $('add').addEventListener('click', () => this.addRow());
    $('save').addEventListener('click', () => this.save());
    $('undo').addEventListener('click', () => this.undoLast());
    $('delete').addEventListener('click', () => {
      const ids = [...this.selected].filter((k) => k.startsWith('row:')).map((k) => Number(k.slice(4)));
      if (ids.length) this.post({ type: 'delete', seq: ++this.seq, ids });
    });
    $('copy-query').addEventListener('click', () => this.post({ type: 'copy', text: this.asCode() }));
    $('export').addEventListener('click', () => this.post({ type: 'export', query: this.query }));
    this.rowsEl.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
      if (row?.dataset.key && !this.editing) this.select(row.dataset.key, e);
    });
    this.rowsEl.addEventListener('dblclick', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('.cell');
      const row = cell?.closest<HTMLElement>('.row');
      if (cell?.dataset.column && row?.dataset.key) this.startEdit(row.dataset.key, cell.dataset.column, cell);
    });
    document.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 's') {
        e.preventDefault();
        this.save();
      }
      if ((e.ctrlKey || e.metaKey) && e.key === 'z' && !(e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement)) {
        e.preventDefault();
        this.undoLast();
      }
    });
  }
}

/** The typed text of a cell as its column's value, or why it cannot be. */
function readValue(column: ColumnSchema, text: string, required: boolean): Draft {
  if (text.trim() === '') return required || column.nullable === false ? { text, error: 'required: type a value' } : { text, value: null };
  let value: unknown = text;
  if (column.type === 'number') value = Number.isNaN(Number(text)) ? text : Number(text);
  else if (column.type === 'boolean') value = text === 'true' ? true : text === 'false' ? false : text;
  else if (column.type === 'object' || column.type === 'array') {
    try {
      value = JSON.parse(text);
    } catch {
      return { text, error: `not JSON (a ${column.type} column)` };
    }
  }
  const error = valueProblem(column, value);
  return error ? { text, error } : { text, value };
}

new TableView();
