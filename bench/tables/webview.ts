// The grid's scrolling in the real webview: a workbench (code-server + Chromium, the packaged extension) opens the
// bench's 100,000-row table from the explorer, then the page is scrolled from the top row to the last, one step per
// animation frame, while Chromium's PerformanceObserver('longtask') records every task of the webview's main thread
// over 50 ms. Against, in the same run and webview: its frames idle, and the floor, the same scroll over clones of
// the rows on screen in a plain scroller (what the browser alone costs to scroll and paint a screen of rows a frame).
import type { Frame } from 'playwright-core';
import { Workbench } from '../../test/e2e/workbench';

export interface ScrollFigures {
  rows: number;
  /** Scrolled pixels per animation frame. */
  step: number;
  frames: number;
  ms: number;
  /** Long tasks seen by the webview: their duration and whose they were ('self': the webview's own). */
  longTasks: Array<{ ms: number; name: string }>;
  /** Frame intervals (ms): while scrolling, and idle. */
  scrolling: { p50: number; p95: number; max: number };
  idle: { p50: number; p95: number; max: number };
  /** The last row on screen at the end (its key). */
  lastRow: string;
  /** The same scroll over clones of the rows on screen in a plain scroller (no data, no script): the browser's own cost. */
  floor: { frames: number; longTasks: Array<{ ms: number; name: string }>; intervals: { p50: number; p95: number; max: number } };
}

/** The webview frame that holds the grid. */
async function gridFrame(wb: Workbench): Promise<Frame> {
  for (let tries = 0; tries < 100; tries++) {
    for (const frame of wb.page.frames()) {
      const found = await frame.evaluate("!!document.getElementById('viewport') && !!document.getElementById('filter')").catch(() => false);
      if (found) return frame;
    }
    await wb.page.waitForTimeout(200);
  }
  throw new Error('no webview frame with the grid');
}

/**
 * Runs in the webview: idle frames, then the scroll from top to bottom, under a long-task observer. Plain JavaScript
 * in a string, so that no helper of the TypeScript loader (tsx names functions with `__name`) is sent to the page.
 */
const scrollInPage = `async (step) => {
  const quantiles = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
    return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0 };
  };
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const frameIntervals = async (count, each) => {
    const out = [];
    let last = await nextFrame();
    for (let i = 0; i < count; i++) {
      each();
      const now = await nextFrame();
      out.push(now - last);
      last = now;
    }
    return out;
  };
  const viewport = document.getElementById('viewport');
  const idle = await frameIntervals(240, () => {});
  const longTasks = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push({ ms: e.duration, name: e.name })));
  observer.observe({ type: 'longtask' });
  const started = performance.now();
  const end = () => viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1;
  const scrolling = [];
  while (!end()) scrolling.push(...(await frameIntervals(50, () => (viewport.scrollTop += step))));
  // The last page arrives and is drawn.
  const deadline = performance.now() + 10000;
  while (document.querySelector('.row.loading') && performance.now() < deadline) await nextFrame();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 300));
  observer.disconnect();
  const rows = [...document.querySelectorAll('.row[data-key]')];
  const lastRow = rows.sort((a, b) => a.offsetTop - b.offsetTop).pop()?.dataset.key ?? '';
  // The floor: what the browser alone costs to scroll a screen of these rows a frame. A plain scroller over the grid,
  // as tall, holding clones of the rows on screen that follow its scroll position: no data, no messages, no script.
  const floor = document.createElement('div');
  const box = viewport.getBoundingClientRect();
  floor.style.cssText = 'position:fixed;overflow-y:auto;z-index:99;background:var(--vscode-editor-background);' +
    'left:' + box.left + 'px;top:' + box.top + 'px;width:' + box.width + 'px;height:' + box.height + 'px';
  const tall = document.createElement('div');
  tall.style.cssText = 'position:relative;height:' + viewport.scrollHeight + 'px';
  const clones = rows.map((r) => r.cloneNode(true));
  tall.append(...clones);
  floor.append(tall);
  document.body.append(floor);
  const floorTasks = [];
  const floorObserver = new PerformanceObserver((list) =>
    list.getEntries().forEach((e) => floorTasks.push({ ms: e.duration, name: e.name })),
  );
  floorObserver.observe({ type: 'longtask' });
  const floorFrames = await frameIntervals(Math.min(scrolling.length, 1000), () => {
    floor.scrollTop += step;
    clones.forEach((c, i) => (c.style.transform = 'translateY(' + (floor.scrollTop + i * 24) + 'px)'));
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  floorObserver.disconnect();
  floor.remove();
  return {
    frames: scrolling.length, ms, longTasks, scrolling: quantiles(scrolling), idle: quantiles(idle), lastRow,
    floor: { frames: floorFrames.length, longTasks: floorTasks, intervals: quantiles(floorFrames) },
  };
}`;

export async function measureGridScroll(
  emulator: { url: string; token: string },
  names: { workspace: string; bot: string; table: string },
  rows: number,
): Promise<ScrollFigures> {
  const wb = await Workbench.open({
    name: 'bench-tables',
    emulator: false,
    settings: { 'botpress.apiUrl': emulator.url, 'workbench.tree.enableStickyScroll': false },
    env: { BP_API_URL: emulator.url, BP_TOKEN: emulator.token },
  });
  try {
    await wb.openView('Botpress');
    const tree = wb.botpressTree();
    await wb.expand(names.workspace, tree);
    await wb.expand(names.bot, tree);
    await wb.expand('Tables', tree);
    await wb.treeRow(names.table, tree).click();
    const view = await wb.webview(`Table: ${names.table}`);
    await view.locator('#status-text', { hasText: `${rows.toLocaleString('en-US')} rows` }).waitFor({ timeout: 60_000 });
    const frame = await gridFrame(wb);
    const step = (await frame.evaluate("document.getElementById('viewport').clientHeight")) as number;
    // The webview runs in the workbench's renderer (one main thread for both): the profile is the page's.
    const cdp = process.env.BENCH_PROFILE ? await wb.page.context().newCDPSession(wb.page) : undefined;
    if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
    const figures = (await frame.evaluate(`(${scrollInPage})(${step})`)) as Omit<ScrollFigures, 'rows' | 'step'>;
    if (cdp) require('node:fs').writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    return { rows, step, ...figures };
  } finally {
    await wb.close();
  }
}
