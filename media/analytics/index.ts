// The charts page (a bot's analytics, a workspace's usage history): one uPlot chart per figure, in the editor's
// colours, each with its numbers as a table and as CSV. Every text is set as text.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { bucketLabel, chartCsv, formatValue, type Chart, type ChartSet } from '../../src/core/analytics/charts';
import type { ChartsTarget, HostMessage, Range, ViewMessage } from '../../src/webviews/analytics/protocol';
import { $, el } from '../dom';
import './style.css';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

const saved = vscode.getState() as { target?: ChartsTarget; range?: Range } | undefined;
let target: ChartsTarget | undefined = saved?.target;
let range: Range = saved?.range ?? { preset: '7d' };
let seq = 0;
let plots: uPlot[] = [];
const tables = new Set<string>();

const css = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
const palette = () => [
  css('--vscode-charts-blue', '#3794ff'),
  css('--vscode-charts-orange', '#d18616'),
  css('--vscode-charts-green', '#89d185'),
  css('--vscode-charts-purple', '#b180d7'),
  css('--vscode-charts-yellow', '#cca700'),
  css('--vscode-charts-red', '#f14c4c'),
  css('--vscode-charts-foreground', '#cccccc'),
];

function save(): void {
  vscode.setState({ target, range });
}

function load(): void {
  save();
  for (const b of document.querySelectorAll<HTMLButtonElement>('#ranges .toggle')) {
    const preset = b.dataset.preset;
    b.setAttribute('aria-pressed', String(preset ? 'preset' in range && range.preset === preset : 'from' in range));
  }
  $('custom-range').hidden = !('from' in range);
  if ('from' in range) {
    $<HTMLInputElement>('from').value = range.from;
    $<HTMLInputElement>('to').value = range.to;
  }
  vscode.postMessage({ type: 'load', seq: ++seq, range });
}

function status(text: string, kind: 'info' | 'error' | 'empty' = 'info'): void {
  const s = $('status');
  s.textContent = text;
  s.className = kind;
}

let shown: { set: ChartSet; description: string } | undefined;

function render(set: ChartSet, description: string): void {
  shown = { set, description };
  for (const p of plots) p.destroy();
  plots = [];
  const main = $('charts');
  main.replaceChildren();
  if (set.empty || !set.x.length) {
    status(
      `${description}. Nothing in this range: no users, messages, events or LLM calls. Pick a longer range, or talk to the bot.`,
      'empty',
    );
    return;
  }
  status(description);
  const colours = palette();
  for (const chart of set.charts) main.append(section(set, chart, colours));
}

function total(chart: Chart): string {
  if (!chart.series.length) return 'none';
  return chart.series
    .slice(0, 2)
    .map((s) => {
      const sum = chart.unit === 'ms' ? Math.max(0, ...s.values) : s.values.reduce((a, b) => a + b, 0);
      return `${s.label} ${formatValue(chart.limit === undefined ? sum : (s.values[s.values.length - 1] ?? 0), chart.unit)}`;
    })
    .join(' · ');
}

function section(set: ChartSet, chart: Chart, colours: string[]): HTMLElement {
  const box = el('section', 'chart');
  box.dataset.chart = chart.id;
  const head = el('div', 'chart-head');
  const title = el('h2', undefined, chart.title);
  const sub = el('span', 'total', chart.limit === undefined ? total(chart) : `${total(chart)} of ${formatValue(chart.limit, chart.unit)}`);
  const toggle = el('button', 'link', 'Table');
  toggle.setAttribute('aria-pressed', String(tables.has(chart.id)));
  const copy = el('button', 'link', 'Copy CSV');
  copy.title = `Copy the numbers of "${chart.title}" as CSV`;
  head.append(title, sub, el('span', 'spacer'), toggle, copy);
  const plot = el('div', 'plot');
  const table = numbers(set, chart);
  table.hidden = !tables.has(chart.id);
  toggle.addEventListener('click', () => {
    table.hidden = !table.hidden;
    toggle.setAttribute('aria-pressed', String(!table.hidden));
    if (table.hidden) tables.delete(chart.id);
    else tables.add(chart.id);
  });
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copy', text: chartCsv(set, chart), what: `"${chart.title}"` }));
  box.append(head, plot, table);
  requestAnimationFrame(() => plots.push(draw(plot, set, chart, colours)));
  return box;
}

function numbers(set: ChartSet, chart: Chart): HTMLTableElement {
  const table = el('table', 'numbers');
  const head = el('tr');
  for (const h of ['Time (UTC)', ...chart.series.map((s) => s.label), ...(chart.limit === undefined ? [] : ['quota'])])
    head.append(el('th', undefined, h));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  set.x.forEach((t, i) => {
    const row = el('tr');
    row.append(el('td', undefined, bucketLabel(t, set.bucket)));
    for (const s of chart.series) row.append(el('td', 'num', formatValue(s.values[i] ?? 0, chart.unit)));
    if (chart.limit !== undefined) row.append(el('td', 'num', formatValue(chart.limit, chart.unit)));
    table.tBodies[0].append(row);
  });
  return table;
}

const wholeSteps = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => m * p)).sort((a, b) => a - b);

function draw(host: HTMLElement, set: ChartSet, chart: Chart, colours: string[]): uPlot {
  const fg = css('--vscode-descriptionForeground', css('--vscode-foreground', '#ccc'));
  const grid = css('--vscode-charts-lines', 'rgba(128,128,128,0.25)');
  const font = `${css('--vscode-font-size', '12px')} ${css('--vscode-font-family', 'sans-serif')}`;
  const axis = { stroke: fg, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const value = (_u: uPlot, v: number | null) => (v === null ? '' : formatValue(v, chart.unit));
  const series: uPlot.Series[] = [
    { label: 'time', value: (_u, v) => (v === null ? '' : bucketLabel(v * 1000, set.bucket)) },
    ...chart.series.map((s, i) => {
      const colour = s.label === 'errors' ? colours[5] : colours[i % colours.length];
      return { label: s.label, stroke: colour, width: 2, points: { show: set.x.length <= 60, size: 5, fill: colour }, value };
    }),
  ];
  const data: uPlot.AlignedData = [set.x.map((t) => t / 1000), ...chart.series.map((s) => s.values)];
  if (chart.limit !== undefined) {
    series.push({ label: 'quota', stroke: colours[5], width: 1, dash: [6, 4], points: { show: false }, value });
    data.push(set.x.map(() => chart.limit!));
  }
  return new uPlot(
    {
      width: Math.max(240, host.clientWidth),
      height: 180,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max, chart.limit ?? 0) * 1.1] } },
      axes: [
        axis,
        {
          ...axis,
          // Wide enough for the longest label ("100,000", "$0.0012").
          size: (_u, values) => 16 + 7 * Math.max(3, ...(values ?? []).map((v) => String(v).length)),
          values: (_u, ticks) => ticks.map((v) => formatValue(v, chart.unit)),
          // Counts tick at whole numbers.
          ...(chart.unit === 'count' || chart.unit === 'tokens' ? { incrs: wholeSteps } : {}),
        },
      ],
      series,
      legend: { show: true },
      cursor: { points: { size: 6 } },
    },
    data,
    host,
  );
}

// The canvas takes its colours when drawn: a change of theme (the body's class) draws the charts again.
new MutationObserver(() => shown && render(shown.set, shown.description)).observe(document.body, {
  attributes: true,
  attributeFilter: ['class'],
});

window.addEventListener('resize', () => {
  for (const p of plots) p.setSize({ width: Math.max(240, (p.root.parentElement as HTMLElement).clientWidth), height: 180 });
});

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  const m = e.data;
  switch (m?.type) {
    case 'init':
      target = m.target;
      $('title').textContent = m.title;
      $('subtitle').textContent = m.subtitle;
      $('ranges').hidden = !m.ranges;
      if (!saved?.range) range = m.range;
      load();
      return;
    case 'loading':
      if (m.seq === seq) status('Loading…');
      return;
    case 'data':
      if (m.seq === seq) render(m.set, m.description);
      return;
    case 'failed':
      if (m.seq === seq) status(m.message, 'error');
      return;
  }
});

for (const b of document.querySelectorAll<HTMLButtonElement>('#ranges .toggle[data-preset]')) {
  b.addEventListener('click', () => {
    range = { preset: b.dataset.preset as '24h' | '7d' | '30d' };
    load();
  });
}
$('custom').addEventListener('click', () => {
  const today = new Date().toISOString().slice(0, 10);
  const weekAgo = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
  $('custom-range').hidden = false;
  const from = $<HTMLInputElement>('from');
  const to = $<HTMLInputElement>('to');
  if (!from.value) from.value = weekAgo;
  if (!to.value) to.value = today;
  from.focus();
});
$('apply').addEventListener('click', () => {
  range = { from: $<HTMLInputElement>('from').value, to: $<HTMLInputElement>('to').value };
  load();
});
$('refresh').addEventListener('click', () => load());
vscode.postMessage({ type: 'ready' });
