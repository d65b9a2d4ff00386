// ADK traces in a real workbench: an agent folder holding what @botpress/runtime wrote in development
// (test/fixtures/traces/recorded), opened with Botpress: Open Traces… — the day file's traces listed, a turn's tree
// and timeline, a span's attributes, the errors-only filter; then live.ndjson followed while spans are appended.
// Screenshots: test-results/traces-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitUntil, withWorkbench } from './workbench';

const RECORDED = path.join(__dirname, '../fixtures/traces/recorded/traces');
const DAY = '2026-12-06.ndjson';

test('a recorded trace: tree, timeline, span attributes, a filter; live mode picks up appended spans', { timeout: 300_000 }, async (t) => {
  // An ADK agent's folder as `adk dev` leaves it: the runtime's traces/ under .adk/bot (its working directory).
  const source = mkdtempSync(path.join(tmpdir(), 'traces-agent-'));
  t.after(() => rmSync(source, { recursive: true, force: true }));
  writeFileSync(
    path.join(source, 'agent.config.ts'),
    "import { defineConfig } from '@botpress/runtime';\nexport default defineConfig({ name: 'orders' });\n",
  );
  const traces = path.join(source, '.adk/bot/traces');
  mkdirSync(traces, { recursive: true });
  cpSync(path.join(RECORDED, DAY), path.join(traces, DAY));
  // live.ndjson cut after the first turn's first lines: the turn is still running.
  const live = readFileSync(path.join(RECORDED, 'live.ndjson'), 'utf8').split('\n').filter(Boolean);
  const cut = 30;
  writeFileSync(
    path.join(traces, 'live.ndjson'),
    live
      .slice(0, cut)
      .map((l) => `${l}\n`)
      .join(''),
  );

  await withWorkbench(t, { name: 'traces', folder: source, emulator: false, signedIn: false }, async (wb) => {
    await wb.runCommand('Botpress: Open Traces…');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'live.ndjson' }).waitFor({ timeout: 20_000 });
    const separators = await wb.page.locator('.quick-input-widget .quick-input-list-separator').allInnerTexts();
    assert.ok(
      separators.some((s) => s.includes('ADK agent')),
      separators.join(' | '),
    );
    await wb.answerInput('2026-12-06');

    const view = await wb.webview(`Traces: ${DAY}`);
    const items = view.locator('.trace-item');
    await waitUntil(async () => ((await items.count()) === 4 ? true : undefined), 20_000, 'four traces');
    assert.match((await view.locator('#status').innerText()).trim(), /^103 spans in 4 traces/);

    await items.filter({ hasText: 'Where is my order 42?' }).click();
    const rows = view.locator('.span-row');
    const tool = rows.filter({ hasText: 'Tool lookupOrder' });
    await tool.waitFor({ timeout: 10_000 });
    assert.equal(await rows.filter({ hasText: 'Model gpt-4.1-mini-2025-04-14' }).count(), 2);
    assert.equal(await rows.filter({ hasText: 'Iteration 2' }).count(), 1);
    assert.equal(await rows.filter({ hasText: 'Load user state userState' }).count(), 1);
    // The timeline: every row has a bar of some width, the turn's the widest.
    const widths = await rows.locator('.bar').evaluateAll((bars) => bars.map((b) => (b as HTMLElement).getBoundingClientRect().width));
    assert.ok(widths.length > 20 && widths.every((w) => w >= 1), widths.join(','));
    const turnBar = await rows.filter({ hasText: 'Conversation turn' }).locator('.bar').boundingBox();
    const toolBar = await tool.locator('.bar').boundingBox();
    assert.ok(turnBar!.width > 10 * toolBar!.width, `${turnBar!.width} vs ${toolBar!.width}`);

    await tool.click();
    const detail = view.locator('#detail');
    await detail.locator('dt', { hasText: 'autonomous.tool.name' }).waitFor({ timeout: 10_000 });
    assert.match(await detail.innerText(), /autonomous\.tool\.output[\s\S]*"status": "shipped"/);
    await wb.screenshot('traces-1-tree-timeline');

    await view.locator('#errors').check();
    await waitUntil(async () => ((await items.count()) === 1 ? true : undefined), 10_000, 'one failed trace');
    assert.match(await items.first().innerText(), /And my order missing\?/);
    await rows.filter({ hasText: 'Tool lookupOrder' }).waitFor();
    assert.match(await rows.filter({ hasText: 'Tool lookupOrder' }).innerText(), /Order missing not found/);
    assert.ok(await rows.filter({ hasText: 'Tool lookupOrder' }).evaluate((r) => r.classList.contains('failed')));
    // HTTP calls hidden until asked; a span folded away with its twisty.
    assert.equal(await rows.filter({ hasText: 'GET /v1/chat/messages' }).count(), 0);
    await view.locator('#http').check();
    await rows.filter({ hasText: 'GET /v1/chat/messages' }).first().waitFor({ timeout: 10_000 });
    await view.locator('#http').uncheck();
    await rows.filter({ hasText: 'Autonomous execution' }).locator('.twisty').click();
    await rows.filter({ hasText: 'Iteration 1' }).waitFor({ state: 'detached', timeout: 10_000 });
    await rows.filter({ hasText: 'Autonomous execution' }).locator('.twisty').click();
    await rows.filter({ hasText: 'Iteration 1' }).waitFor({ timeout: 10_000 });
    await wb.screenshot('traces-2-errors-only');

    // Live: the file adk dev appends to, followed.
    await wb.runCommand('Botpress: Open Traces…');
    await wb.answerInput('live.ndjson');
    const liveView = await wb.webview('Traces: live.ndjson');
    await liveView.locator('#live[aria-pressed="true"]').waitFor({ timeout: 10_000 });
    const liveItems = liveView.locator('.trace-item');
    await waitUntil(async () => ((await liveItems.count()) === 1 ? true : undefined), 20_000, 'the running turn');
    assert.match(await liveItems.first().innerText(), /running/);
    await wb.screenshot('traces-3-live-running');

    const file = path.join(wb.folder, '.adk/bot/traces/live.ndjson');
    appendFileSync(
      file,
      live
        .slice(cut)
        .map((l) => `${l}\n`)
        .join(''),
    );
    await waitUntil(async () => ((await liveItems.count()) === 4 ? true : undefined), 20_000, 'the appended traces');
    await liveItems.filter({ hasText: 'Workflow sendReport' }).click();
    await liveView.locator('.span-row', { hasText: 'Step collect' }).waitFor({ timeout: 10_000 });
    assert.doesNotMatch(await liveItems.filter({ hasText: 'Where is my order 42?' }).innerText(), /running/);
    await wb.screenshot('traces-4-live-appended');

    // After a window reload the view comes back on the same file, still live. ("Reload Window", as a person
    // would: the workbench saves its open editors, then the page loads again.)
    const loaded = wb.page.waitForEvent('load', { timeout: 60_000 });
    await wb.runCommand('Developer: Reload Window');
    await loaded;
    const restored = await wb.webview('Traces: live.ndjson');
    await restored.locator('#live[aria-pressed="true"]').waitFor({ timeout: 30_000 });
    await waitUntil(async () => ((await restored.locator('.trace-item').count()) === 4 ? true : undefined), 30_000, 'the restored traces');
  });
});
