// The knowledge search panel's front end: a query and its options (knowledge bases, top k, context), the ranked
// passages with score, file, breadcrumb and context, the recent queries, and a pinned result list beside the
// current one with each passage's move (up, down, new) and what is gone. Every remote text is set as text.
import { compareRankings, type Movement } from '../../src/core/knowledge/compare';
import type {
  HostMessage,
  KnowledgeBaseInfo,
  ResultList,
  ResultPassage,
  SearchOptions,
  SearchTarget,
  SearchViewState,
  ViewMessage,
} from '../../src/webviews/knowledge/protocol';
import { $, el } from '../dom';
import './style.css';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  getState(): SearchViewState | undefined;
  setState(state: SearchViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

class SearchView {
  private readonly api = acquireVsCodeApi();
  private target?: SearchTarget;
  private kbs: KnowledgeBaseInfo[] = [];
  private chosen = new Set<string>();
  private current?: ResultList;
  private pinned?: ResultList;
  private seq = 0;
  private readonly query = $<HTMLInputElement>('query');
  private readonly limit = $<HTMLSelectElement>('limit');
  private readonly depth = $<HTMLSelectElement>('depth');

  constructor() {
    const saved = this.api.getState();
    if (saved) {
      this.current = saved.current;
      this.pinned = saved.pinned;
      if (saved.options) {
        this.chosen = new Set(saved.options.kbIds);
        this.limit.value = String(saved.options.limit);
        this.depth.value = String(saved.options.contextDepth);
      }
      if (saved.current) this.query.value = saved.current.query;
    }
    $<HTMLFormElement>('form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.search(this.query.value);
    });
    $('pin').addEventListener('click', () => {
      this.pinned = this.current;
      this.render();
    });
    $('unpin').addEventListener('click', () => {
      this.pinned = undefined;
      this.render();
    });
    window.addEventListener('message', (e: MessageEvent<HostMessage>) => this.receive(e.data));
    this.render();
    this.api.postMessage({ type: 'ready' });
    this.query.focus();
  }

  private options(): SearchOptions {
    return { kbIds: [...this.chosen], limit: Number(this.limit.value), contextDepth: Number(this.depth.value) };
  }

  private save(): void {
    if (this.target) this.api.setState({ target: this.target, options: this.options(), current: this.current, pinned: this.pinned });
  }

  private search(text: string): void {
    const query = text.trim();
    if (!query) return this.status('Type a question to search for.');
    this.query.value = query;
    this.seq++;
    this.status(`Searching "${query}"…`);
    this.api.postMessage({ type: 'search', seq: this.seq, query, options: this.options() });
  }

  private status(text: string, error = false): void {
    const s = $('status-text');
    s.textContent = text;
    s.classList.toggle('error', error);
  }

  private receive(m: HostMessage): void {
    switch (m.type) {
      case 'init':
        this.target = m.target;
        this.kbs = m.knowledgeBases;
        if (m.select) this.chosen = new Set(m.select);
        this.chosen = new Set([...this.chosen].filter((id) => this.kbs.some((k) => k.id === id)));
        $('bot').textContent = `Search the knowledge of ${m.target.name}`;
        $('ranking').textContent = m.lexical
          ? 'ranked lexically (Local Cloud): Botpress Cloud ranks by meaning'
          : 'ranked by Botpress (semantic search)';
        $('ranking').classList.toggle('lexical', m.lexical);
        this.renderKbs();
        this.renderHistory(m.history);
        this.status(
          this.kbs.length ? 'Type a question, as a user would ask it.' : 'This bot has no knowledge base yet: sync a folder first.',
        );
        this.render();
        return;
      case 'select':
        this.chosen = new Set(m.kbIds);
        this.renderKbs();
        this.save();
        return;
      case 'results':
        if (m.seq !== this.seq) return;
        this.current = m.list;
        this.renderHistory(m.history);
        this.status(`${m.list.passages.length} passages from ${m.list.scope} in ${m.list.ms} ms`);
        this.render();
        return;
      case 'failed':
        if (m.seq === this.seq || m.seq < 0) this.status(m.message, true);
        return;
    }
  }

  private renderKbs(): void {
    const box = $('kbs');
    box.replaceChildren(el('legend', undefined, 'Knowledge bases'));
    const all = el('label');
    const allBox = el('input');
    allBox.type = 'checkbox';
    allBox.checked = this.chosen.size === 0;
    allBox.addEventListener('change', () => {
      this.chosen.clear();
      this.renderKbs();
      this.save();
    });
    all.append(allBox, ' All');
    box.append(all);
    for (const kb of this.kbs) {
      const label = el('label');
      label.title = kb.id;
      const input = el('input');
      input.type = 'checkbox';
      input.checked = this.chosen.has(kb.id);
      input.addEventListener('change', () => {
        if (input.checked) this.chosen.add(kb.id);
        else this.chosen.delete(kb.id);
        if (this.chosen.size === this.kbs.length) this.chosen.clear();
        this.renderKbs();
        this.save();
      });
      label.append(input, ` ${kb.name}`);
      box.append(label);
    }
  }

  private renderHistory(history: string[]): void {
    const box = $('recent');
    box.replaceChildren();
    if (!history.length) return;
    box.append(el('span', 'muted', 'Recent:'));
    for (const q of history) {
      const b = el('button', 'chip', q);
      b.type = 'button';
      b.title = `Search "${q}" again`;
      b.addEventListener('click', () => this.search(q));
      box.append(b);
    }
  }

  private render(): void {
    this.save();
    const pinned = this.pinned;
    const current = this.current;
    /** Just pinned: nothing to compare until the next run. */
    const same = !!pinned && pinned.at === current?.at;
    $<HTMLButtonElement>('pin').disabled = !current || same;
    $('unpin').hidden = !pinned;
    $('pinned').hidden = !pinned;
    $('current-title').hidden = !pinned;
    document.body.classList.toggle('comparing', !!pinned);
    const comparison =
      pinned && current && !same
        ? compareRankings(
            pinned.passages.map((p) => p.identity),
            current.passages.map((p) => p.identity),
          )
        : undefined;
    const heading = (what: string, list: ResultList) =>
      `${what}: "${list.query}" · ${list.scope} · ${new Date(list.at).toLocaleTimeString()}`;
    if (pinned) {
      $('pinned-title').textContent = heading('Pinned', pinned);
      const gone = new Set(comparison?.gone ?? []);
      $('pinned-list').replaceChildren(...pinned.passages.map((p, i) => this.card(p, gone.has(i) ? 'gone' : undefined)));
      $('current-title').textContent =
        !current || same ? 'Now: search again (after a sync, say) to compare with the pinned list' : heading('Now', current);
    }
    const list = $('current-list');
    if (!current || same) return list.replaceChildren();
    if (!current.passages.length) return list.replaceChildren(el('li', 'empty', `Nothing found for "${current.query}".`));
    list.replaceChildren(...current.passages.map((p, i) => this.card(p, comparison?.moves[i])));
  }

  /** A passage: rank, score, file, knowledge base, breadcrumb, context around its text; a move or "gone" when comparing. */
  private card(p: ResultPassage, change?: Movement | 'gone'): HTMLLIElement {
    const li = el('li', 'passage');
    const head = el('div', 'head');
    head.append(el('span', 'rank', `${p.rank}.`), el('span', 'score', p.score.toFixed(3)));
    if (change) head.append(this.badge(change));
    const file = el('span', 'file', p.title);
    file.title = p.fileKey;
    head.append(file);
    if (p.kbName) head.append(el('span', 'muted', p.kbName));
    if (p.subtype) head.append(el('span', 'muted', p.position !== undefined ? `${p.subtype} #${p.position}` : p.subtype));
    head.append(el('span', 'spacer'));
    if (p.source) {
      const open = el('button', 'open', `Open ${p.source}`);
      open.type = 'button';
      open.title = 'Open the local file this passage was synced from, at its place';
      open.addEventListener('click', () => this.api.postMessage({ type: 'open', passage: p }));
      head.append(open);
    }
    li.append(head);
    if (p.breadcrumb) li.append(el('div', 'crumb', p.breadcrumb));
    for (const t of p.before) li.append(el('div', 'context', t));
    li.append(el('div', 'text', p.text));
    for (const t of p.after) li.append(el('div', 'context', t));
    if (change === 'gone') li.classList.add('gone');
    return li;
  }

  private badge(change: Movement | 'gone'): HTMLSpanElement {
    if (change === 'gone') return el('span', 'move gone', 'gone');
    switch (change.kind) {
      case 'new':
        return el('span', 'move new', 'new');
      case 'same':
        return el('span', 'move same', `= was ${change.from}`);
      default:
        return el('span', `move ${change.kind}`, `${change.kind === 'up' ? '▲' : '▼'}${change.by} (was ${change.from})`);
    }
  }
}

new SearchView();
