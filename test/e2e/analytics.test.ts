// Analytics and usage in a real workbench, on the demo as `npm start` shows it: Find Bot hr-assistant (a month of
// traffic), Show Bot Analytics from its menu (charts drawn in the editor's colours, 7 d then 30 d, a chart as a table,
// Copy CSV, an empty custom range says so); then the workspace's Usage node (Bots past 80 % with a warning icon, usage
// by bot) and its History charts. Screenshots: test-results/analytics-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitUntil, withWorkbench } from './workbench';

test(
  "analytics: the demo bot's charts over ranges, as numbers and CSV, an empty range; the Usage node and its history",
  { timeout: 300_000 },
  async (t) => {
    await withWorkbench(t, { name: 'analytics', settings: { 'workbench.tree.enableStickyScroll': false } }, async (wb) => {
      const bot = await wb.findBot('hr-assistant');
      const tree = wb.botpressTree();
      await wb.contextMenu(bot, 'Show Bot Analytics');

      const view = await wb.webview('Analytics: hr-assistant');
      await view.locator('#title', { hasText: 'Analytics: hr-assistant' }).waitFor({ timeout: 20_000 });
      await view.locator('.chart canvas').first().waitFor({ timeout: 20_000 });
      assert.match(await view.locator('#status').innerText(), /^Daily · /);
      const titles = await view.locator('.chart h2').allInnerTexts();
      assert.deepEqual(titles, [
        'Users',
        'Sessions',
        'Messages',
        'Events by type',
        'Custom events',
        'LLM calls and errors',
        'Tokens',
        'LLM cost',
        'LLM latency',
      ]);
      assert.equal(await view.locator('.chart canvas').count(), 9, 'every chart is drawn');
      // Themed: the page takes the editor's colours (its CSS variables), not fixed ones.
      const colours = await view.locator('body').evaluate((b) => {
        const s = getComputedStyle(b);
        return {
          background: s.backgroundColor,
          theme: s.getPropertyValue('--vscode-editor-background').trim(),
          blue: s.getPropertyValue('--vscode-charts-blue').trim(),
        };
      });
      assert.ok(colours.theme && colours.blue, 'the editor passes its theme colours');
      const users = view.locator('.chart[data-chart="users"]');
      const week = await users.locator('.total').innerText();
      assert.match(week, /^new \d+ · returning \d+$/);
      assert.notEqual(week, 'new 0 · returning 0');
      await wb.screenshot('analytics-1-week');

      // 30 days: more users than in 7.
      await view.locator('button[data-preset="30d"]').click();
      const month = await waitUntil(
        async () => {
          const text = await users.locator('.total').innerText();
          return text !== week ? text : undefined;
        },
        15_000,
        'the 30-day figures',
      );
      const newUsers = (s: string) => Number(/new (\d+)/.exec(s)![1]);
      assert.ok(newUsers(month) > newUsers(week));

      // A chart as numbers: the table lists every day; Copy CSV puts them on the clipboard.
      const messages = view.locator('.chart[data-chart="messages"]');
      await messages.locator('button', { hasText: 'Table' }).click();
      const rows = messages.locator('table.numbers tbody tr');
      await rows.first().waitFor({ timeout: 5_000 });
      assert.ok((await rows.count()) >= 30, 'a row per day');
      assert.deepEqual(await messages.locator('table.numbers th').allInnerTexts(), ['Time (UTC)', 'user', 'bot']);
      await messages.locator('button', { hasText: 'Copy CSV' }).click();
      await wb.waitForNotification('Copied "Messages" as CSV');
      await wb.screenshot('analytics-2-month-table');

      // Another theme: the page and the charts (drawn again) take its colours.
      const background = () => view.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
      const before = await background();
      await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
      await waitUntil(async () => ((await background()) !== before ? true : undefined), 10_000, 'the new theme in the page');
      await view.locator('.chart canvas').nth(8).waitFor({ timeout: 10_000 });
      await wb.page.waitForTimeout(300);
      await wb.screenshot('analytics-2b-dark');
      await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
      await waitUntil(async () => ((await background()) === before ? true : undefined), 10_000, 'the first theme again');

      // A range with no traffic says so.
      await view.locator('#custom').click();
      await view.locator('#from').fill('2020-01-01');
      await view.locator('#to').fill('2020-01-07');
      await view.locator('#apply').click();
      await view.locator('#status.empty', { hasText: 'Nothing in this range' }).waitFor({ timeout: 15_000 });
      assert.equal(await view.locator('.chart').count(), 0);
      await wb.screenshot('analytics-3-empty');

      // The workspace's Usage node: Bots at 53 of 60 (88 %) with a warning; the others pass.
      // Collapse the bots so that the workspace's folders show, then open Usage (scrolled to the top of the list).
      await wb.treeRow('Bots', tree).locator('.monaco-tl-twistie').click();
      await wb.expand('Usage', tree);
      const quota = (label: string) =>
        tree.locator('.monaco-list-row[role="treeitem"][aria-level="4"]', {
          has: wb.page.locator('.label-name', { hasText: new RegExp(`^\\s*${label}\\s*$`) }),
        });
      const bots = quota('Bots');
      await bots.waitFor({ timeout: 20_000 });
      assert.match(await bots.innerText(), /53 \/ 60 · 88 %/);
      assert.equal(await bots.locator('.codicon-warning').count(), 1, 'past 80 %: a warning icon');
      const rowsQuota = quota('Table rows');
      assert.equal(await rowsQuota.locator('.codicon-pass').count(), 1, 'under 80 %: no warning');
      await wb.expand('By bot', tree);
      await tree
        .locator('.monaco-list-row[aria-level="5"]', { has: wb.page.locator('.label-name', { hasText: /^\s*Invocations\s*$/ }) })
        .locator('.monaco-tl-twistie')
        .click();
      const top = tree.locator('.monaco-list-row[role="treeitem"][aria-level="6"]').first();
      assert.match(await top.innerText(), /hr-assistant\s*\d+/, 'the demo bot has the most invocations');
      await wb.screenshot('analytics-4-usage');

      await (await wb.scrollToRow('History…', tree)).click();
      const history = await wb.webview('Usage: Acme Support');
      await history.locator('.chart canvas').first().waitFor({ timeout: 20_000 });
      assert.ok((await history.locator('.chart h2').allInnerTexts()).includes('Bots'));
      assert.equal(await history.locator('#ranges').isVisible(), false, 'monthly history: no range bar');
      await wb.screenshot('analytics-5-usage-history');

      // Live traffic: a chat with support-bot, then its analytics from the chat panel's Analytics button.
      const support = await wb.findBot('support-bot');
      await wb.contextMenu(support, 'Chat with Bot');
      const chat = await wb.webview('Chat: support-bot');
      await chat.locator('#composer').waitFor({ state: 'visible', timeout: 20_000 });
      await chat.locator('#input').fill('hello from the analytics test');
      await chat.locator('#input').press('Enter');
      await chat.locator('#transcript .bubble.bot', { hasText: 'You said: hello from the analytics test' }).waitFor({ timeout: 20_000 });
      await chat.locator('#analytics').click();
      const live = await wb.webview('Analytics: support-bot');
      await live.locator('button[data-preset="24h"]').click();
      await live.locator('#status', { hasText: /^Hourly · / }).waitFor({ timeout: 20_000 });
      const messagesToday = live.locator('.chart[data-chart="messages"] .total');
      assert.match(await messagesToday.innerText(), /^user 1 · bot [1-9]/, "the chat's message and the bot's answers");
      await wb.screenshot('analytics-6-live');
    });
  },
);
