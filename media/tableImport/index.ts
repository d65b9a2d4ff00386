// An import's page: the file's headers mapped to the table's columns, its first rows as they would be sent (a
// cell a column refuses marked, with why), every row's problems listed, insert or upsert by a key chosen here;
// then the progress with Cancel; then the summary (inserted, updated, failed with reasons; the failed rows can be
// saved). Nothing is sent before Import is pressed. Every value is set as text.
import type { ImportHostMessage, ImportOutcome, ImportPreview, ImportViewMessage } from '../../src/webviews/tableImport/protocol';
import { $, el } from '../dom';
import './style.css';

interface VsCodeApi {
  postMessage(message: ImportViewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const post = (m: ImportViewMessage) => api.postMessage(m);
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const shown = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

let preview: ImportPreview | undefined;

function renderPreview(p: ImportPreview): void {
  preview = p;
  const good = p.total - p.bad;
  $('title').textContent = `Import ${p.file} into ${p.table}: ${plural(p.total, 'row')}, ${plural(p.bad, 'row')} with problems`;
  const mapping = Object.entries(p.mapped).map(([h, c]) => (h === c ? c : `${h} → ${c}`));
  $('mapping').textContent = `Columns from the file: ${mapping.join(', ') || 'none'}.`;
  $('warnings').textContent = [
    p.ignored.length ? `Not a column of the table (not sent): ${p.ignored.join(', ')}.` : '',
    p.missing.length ? `Required, and in no column of the file: ${p.missing.join(', ')}.` : '',
    good ? '' : 'Every row has a problem: nothing can be imported.',
  ]
    .filter(Boolean)
    .join(' ');

  // Insert, or upsert by a key (the table's key column first).
  const key = $<HTMLSelectElement>('key');
  key.replaceChildren(...p.keys.map((k) => new Option(k === p.keyColumn ? `${k} (the table's key column)` : k, k)));
  if (p.keyColumn) $<HTMLInputElement>('mode-upsert').checked = true;
  updateStart();
  $('choose').hidden = false;
  $<HTMLButtonElement>('start').disabled = !good;

  // The first rows, as they would be sent: the file's columns in the table's order.
  const provided = new Set(Object.values(p.mapped));
  const columns = p.columns.filter((c) => provided.has(c.name));
  const headerOf = Object.fromEntries(Object.entries(p.mapped).map(([h, c]) => [c, h]));
  const table = $<HTMLTableElement>('sample');
  const head = el('tr');
  head.append(el('th', 'line', 'row'));
  for (const c of columns) {
    const th = el('th', undefined, c.name);
    const type = c.schema.format === 'date-time' ? 'date-time' : c.schema.type;
    th.append(el('span', 'type', headerOf[c.name] === c.name ? type : `${type} ← ${headerOf[c.name]}`));
    head.append(th);
  }
  const body = p.sample.map((r) => {
    const tr = el('tr', r.problems.length ? 'bad' : undefined);
    tr.dataset.line = String(r.line);
    tr.append(el('td', 'line', String(r.line)));
    for (const c of columns) {
      const problem = r.problems.find((x) => x.startsWith(`${c.name}:`));
      const td = el('td', undefined, problem ? shown(r.source[headerOf[c.name]]) : shown(r.data[c.name]));
      td.dataset.column = c.name;
      if (problem) {
        td.classList.add('invalid');
        td.title = problem;
      } else if (r.data[c.name] === null) {
        td.classList.add('null');
        td.textContent = 'null';
      } else if (typeof r.data[c.name] === 'number') td.classList.add('num');
      tr.append(td);
    }
    return tr;
  });
  table.replaceChildren(el('thead'), el('tbody'));
  table.tHead!.append(head);
  table.tBodies[0].append(...body);
  $('sample-title').textContent = `First ${plural(p.sample.length, 'row')}, as they would be sent`;

  // Every row's problems.
  $('problems-title').textContent = p.bad
    ? `${plural(p.bad, 'row')} with problems, not sent${p.bad > p.problems.length ? ` (the first ${p.problems.length} listed)` : ''}`
    : 'No row has a problem';
  $('problems').replaceChildren(...p.problems.map((r) => el('li', undefined, `row ${r.line}: ${r.problems.join('; ')}`)));
  $('import').setAttribute('aria-busy', 'false');
}

function chosenKey(): string | undefined {
  return $<HTMLInputElement>('mode-upsert').checked ? $<HTMLSelectElement>('key').value : undefined;
}

function updateStart(): void {
  if (!preview) return;
  const good = preview.total - preview.bad;
  const key = chosenKey();
  $('start').textContent = key ? `Upsert ${plural(good, 'row')} by ${key}` : `Insert ${plural(good, 'row')}`;
  $<HTMLSelectElement>('key').disabled = !key;
}

function renderSummary(o: ImportOutcome): void {
  $('running').hidden = true;
  $('summary').hidden = false;
  const n = (x: number) => x.toLocaleString('en-US');
  $('summary-text').textContent =
    `${o.cancelled ? 'Cancelled: ' : 'Done: '}${n(o.inserted)} inserted, ${n(o.updated)} updated, ${n(o.failed.length)} failed.`;
  $<HTMLButtonElement>('save-failed').hidden = !o.failed.length;
  // The failed rows include those with problems: one list, with the reasons the cloud gave too.
  $('problems-title').hidden = $('problems').hidden = true;
  $('failed-title').hidden = $('failed').hidden = !o.failed.length;
  $('failed-title').textContent = `Failed rows (${o.failed.length.toLocaleString('en-US')}), with their reason`;
  $('failed').replaceChildren(...o.failed.slice(0, 1000).map((f) => el('li', undefined, `row ${f.line}: ${f.reason}`)));
  $('close').focus();
}

window.addEventListener('message', (e: MessageEvent<ImportHostMessage>) => {
  const m = e.data;
  switch (m.type) {
    case 'preview':
      return renderPreview(m.preview);
    case 'progress': {
      const bar = $<HTMLProgressElement>('progress');
      bar.max = Math.max(m.total, 1);
      bar.value = m.done;
      $('progress-text').textContent = `${m.done.toLocaleString('en-US')} of ${plural(m.total, 'row')} sent`;
      return;
    }
    case 'summary':
      return renderSummary(m.outcome);
    case 'failed':
      $('running').hidden = true;
      $('summary').hidden = false;
      $('summary-text').textContent = `The import failed: ${m.message}`;
      $<HTMLButtonElement>('save-failed').hidden = true;
      return;
    case 'saved':
      $('saved').textContent = `Saved to ${m.file}`;
      return;
  }
});

for (const id of ['mode-insert', 'mode-upsert', 'key']) $(id).addEventListener('change', updateStart);
$('start').addEventListener('click', () => {
  if (!preview) return;
  $('choose').hidden = true;
  $('running').hidden = false;
  $('progress-text').textContent = `Sending ${plural(preview.total - preview.bad, 'row')}…`;
  $('cancel').focus();
  post({ type: 'start', key: chosenKey() });
});
$('cancel').addEventListener('click', () => {
  $<HTMLButtonElement>('cancel').disabled = true;
  $('progress-text').textContent = 'Cancelling after the batch in flight…';
  post({ type: 'cancel' });
});
$('save-failed').addEventListener('click', () => post({ type: 'saveFailed' }));
for (const id of ['close', 'close-preview']) $(id).addEventListener('click', () => post({ type: 'close' }));
post({ type: 'ready' });
