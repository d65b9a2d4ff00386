// Conversation tests in a real workbench: *.convo.txt files written into the workspace appear in the
// Test Explorer; a run against the emulator's support-bot (named by botpress.tests.bot) passes one and
// fails the other at its failing line, with expected and actual as a diff; a Botmock board is exported
// to a folder of the workspace (asking before replacing files) and run directly as a test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitUntil, withWorkbench } from './workbench';

test(
  'Test Explorer: discover, run, a failure with its diff at the failing line; a Botmock board exported and run',
  { timeout: 420_000 },
  async (t) => {
    await withWorkbench(
      t,
      {
        name: 'convo',
        settings: {
          'botpress.tests.bot': 'support-bot',
          'botpress.tests.turnTimeoutSeconds': 3,
          'testing.automaticallyOpenPeekView': 'failureAnywhere',
        },
      },
      async (wb) => {
        const page = wb.page;
        // Files written while the workbench is open are found by the watcher.
        fs.mkdirSync(path.join(wb.folder, 'tests'), { recursive: true });
        fs.writeFileSync(path.join(wb.folder, 'tests', 'greeting.convo.txt'), 'Greeting\n\n#me\nhello there\n\n#bot\nYou said: hello *\n');
        fs.writeFileSync(path.join(wb.folder, 'tests', 'wrong.convo.txt'), 'Deliberately wrong\n\n#me\nhi\n\n#bot\nGoodbye\n');
        fs.writeFileSync(path.join(wb.folder, 'tests', 'broken.convo.txt'), 'Broken\n#me\nhi\n#bot\nBUTTONS_COUNT many\n');
        // A hostile file (partial convos each including the next twice, 18 deep: 2^18 copies) read on the worker:
        // refused at its line, the folder still lists.
        fs.writeFileSync(path.join(wb.folder, 'tests', 'bomb.convo.txt'), 'Bomb\n#me\nstart\n#include P0\n');
        for (let i = 0; i < 18; i++)
          fs.writeFileSync(
            path.join(wb.folder, 'tests', `p${i}.pconvo.txt`),
            `P${i}\n#me\nx\n#bot\ny\n` + (i < 17 ? `#include P${i + 1}\n#include P${i + 1}\n` : ''),
          );

        await wb.openView('Testing');
        // Test Explorer rows: the test's name, then its file.
        const testRow = (name: string) => page.locator('.part.sidebar .monaco-list-row[role="treeitem"]', { hasText: name }).first();
        await testRow('Greeting').waitFor({ timeout: 30_000 });
        await testRow('Deliberately wrong').waitFor({ timeout: 30_000 });
        await testRow('Broken').waitFor({ timeout: 30_000 });
        const problems = await waitUntil(
          async () => {
            const rows = await wb.problems();
            return rows.some((r) => r.includes('BUTTONS_COUNT takes one count')) ? rows : undefined;
          },
          20_000,
          'the malformed file in the Problems panel',
        );
        assert.ok(
          problems.some((r) => r.includes('BUTTONS_COUNT') && /\b5\b/.test(r)),
          problems.join('\n'),
        );
        await testRow('Bomb').waitFor({ timeout: 30_000 });
        await waitUntil(
          async () => ((await wb.problems()).some((r) => r.includes('more than the 100,000 a test may have')) ? true : undefined),
          20_000,
          'the hostile file refused in the Problems panel',
        );

        // Run the two good files from the wrong file's editor: the failure peeks open at line 7.
        await wb.openFile('tests/wrong.convo.txt');
        await wb.runCommand('Test: Run All Tests');
        const peek = page.locator('.test-output-peek');
        await peek.waitFor({ timeout: 60_000 });
        await peek.locator('text=Expected the bot to say "Goodbye", it said "You said: hi".').first().waitFor({ timeout: 30_000 });
        // The diff editor shows both sides.
        const diff = peek.locator('.monaco-diff-editor');
        await diff.waitFor({ timeout: 20_000 });
        await diff.locator('.view-line', { hasText: 'Goodbye' }).first().waitFor({ timeout: 20_000 });
        await diff.locator('.view-line', { hasText: 'You said: hi' }).first().waitFor({ timeout: 20_000 });
        await wb.screenshot('convo-1-failure');
        // The message's buttons float over the diff's first line, the shared `#bot` line: none covers what the bot said.
        const said = (await diff.locator('.view-line', { hasText: 'You said: hi' }).first().boundingBox())!;
        const button = (await peek.locator('text="Open Conversation"').first().boundingBox())!;
        assert.ok(button.y + button.height < said.y + said.height / 2, `button ${JSON.stringify(button)} over ${JSON.stringify(said)}`);
        // The peek sits under the failing line of the file.
        const peekTop = (await page.locator('.zone-widget.test-output-peek, .test-output-peek').first().boundingBox())!.y;
        const line7 = await page
          .locator('.editor-group-container .monaco-editor .view-line', { hasText: /^Goodbye$/ })
          .first()
          .boundingBox();
        assert.ok(line7 && peekTop > line7.y, `peek at ${peekTop}, line 7 at ${line7?.y}`);
        const results = await page.locator('.part.sidebar .monaco-list-row[role="treeitem"]').allInnerTexts();
        assert.ok(
          results.some((r) => r.includes('Greeting')),
          results.join('\n'),
        );
        // The failure opens the conversation it ran.
        await page.locator('text="Open Conversation"').first().click({ timeout: 20_000 });
        const conversationTab = page.locator('.tabs-container .tab', { hasText: /^Conversation / }).first();
        await conversationTab.waitFor({ timeout: 30_000 });
        const conversation = await wb.webview((await conversationTab.innerText()).trim());
        await conversation.locator('#transcript .bubble.bot', { hasText: 'You said: hi' }).first().waitFor({ timeout: 30_000 });
        await wb.screenshot('convo-2-conversation');

        // The tests talked to the support-bot: its runtime holds the echo of the failing test.
        const bot = [...wb.emulator!.store.bots.values()].find((b) => b.bot.name === 'support-bot')!;
        assert.ok(bot.runtime.messages.some((m) => (m.payload as { text?: string }).text === 'You said: hi'));

        // Export a board of the Botmock explorer into the workspace.
        const botmock = await wb.openView('Botpress');
        await wb.expand('First Team', botmock);
        await wb.expand('Botium Exporter Test', botmock);
        await wb.expand('Boards', botmock);
        await wb.contextMenu(wb.treeRow('Main flow', botmock), 'Export Board as Conversation Tests');
        const exportTo = path.join(wb.folder, 'exported');
        /** The web workbench's file dialog is a quick input: type the folder, then press its "Export Here" button. */
        const pickFolder = async (folder: string) => {
          const input = page.locator('.quick-input-widget .quick-input-box input');
          await input.waitFor({ state: 'visible', timeout: 20_000 });
          // The dialog fills in its starting folder once it has read it: type only after that, then check.
          await page.waitForFunction(
            () => !!document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input')?.value,
            undefined,
            { timeout: 20_000 },
          );
          await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 20_000 });
          await input.fill(`${folder}/`);
          await page.waitForFunction(
            (typed) => document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input')?.value === typed,
            `${folder}/`,
            { timeout: 10_000 },
          );
          await wb.screenshot('convo-dialog');
          await page.locator('.quick-input-widget .monaco-button', { hasText: 'Export Here' }).first().click({ timeout: 10_000 });
        };
        fs.mkdirSync(exportTo);
        await pickFolder(exportTo);
        await wb.waitForNotification(/Exported 13 of 13 files \(12 conversation tests\) from "Main flow" to exported/, 30_000);
        assert.equal(fs.readdirSync(exportTo).filter((f) => f.endsWith('.convo.txt')).length, 12);

        // Exporting again asks before replacing; keeping them writes nothing.
        await wb.contextMenu(wb.treeRow('Main flow', botmock), 'Export Board as Conversation Tests');
        await pickFolder(exportTo);
        const modal = page.locator('.monaco-dialog-box');
        await modal.locator('text=13 of the 13 files already exist in the folder.').waitFor({ timeout: 20_000 });
        await modal.locator('.monaco-button', { hasText: 'Keep Them' }).click();
        await wb.waitForNotification(/Exported 0 of 13 files/, 20_000);

        // Run the board directly: it appears as its own group; the echo bot passes only the "test" path.
        await wb.contextMenu(wb.treeRow('Main flow', botmock), 'Run Board as Test');
        await wb.openView('Testing');
        await testRow('Board: Main flow').waitFor({ timeout: 30_000 });
        await wb.screenshot('convo-3-board');
      },
    );
  },
);
