// The knowledge loop in a real workbench against the Local Cloud: retrieval tests in the Test Explorer from
// startup; a folder synced to a new knowledge base through botpress.knowledge.json (a preview first, a PDF that
// fails indexing a problem on that file); the search panel (ranked lexically, breadcrumb and context, a passage
// opening its source) comparing a pinned result list with the one after a second sync whose preview never makes
// deleting the default; a failing retrieval test showing the expected source against what came back with scores.
// Screenshots: test-results/knowledge-loop-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoWorkspace, waitForProblems, withWorkbench } from './workbench';

const watch = (reset: string) =>
  `# Trail watch\n\n## Reset\n\n${reset}\n\n## Battery\n\nThe battery of the Trail watch lasts 14 days between charges.\n`;

/** The demo workspace with a folder of documents and a retrieval test file, as a team would keep them. */
function workspace(): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bp-knowledge-')), 'demo-workspace');
  fs.cpSync(demoWorkspace, folder, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
  const docs = path.join(folder, 'docs');
  fs.mkdirSync(docs);
  fs.writeFileSync(path.join(docs, 'trail-watch.md'), watch('To reset the Trail watch, hold the crown for ten seconds.'));
  fs.writeFileSync(path.join(docs, 'tents.md'), '# Tents\n\n## Waterproofing\n\nEvery Acme tent is seam-sealed at the factory.\n');
  fs.writeFileSync(path.join(docs, 'old-notes.txt'), 'Notes from the 2024 catalogue about the discontinued Trail watch 1.\n');
  fs.writeFileSync(path.join(docs, 'scanned-warranty.pdf'), '%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n');
  fs.mkdirSync(path.join(folder, 'tests'));
  fs.writeFileSync(
    path.join(folder, 'tests', 'help.retrieval.yaml'),
    [
      'knowledgeBase: Acme Help Center',
      'tests:',
      '  - query: Do gift cards expire?',
      '    expect: { file: gift-cards.md }',
      '  - name: gift cards answered by the shipping page',
      '    query: Do gift cards expire?',
      '    expect: { file: shipping/international.md }',
      '    k: 2',
      '',
    ].join('\n'),
  );
  return folder;
}

/** Answers the bot pick: the workspace first when it asks for one, then the support bot. */
test(
  'knowledge: retrieval tests at startup, a folder sync with its preview, the search panel, a failing retrieval test',
  { timeout: 600_000 },
  async (t) => {
    const folder = workspace();
    t.after(() => fs.rmSync(path.dirname(folder), { recursive: true, force: true }));
    await withWorkbench(
      t,
      { name: 'knowledge-loop', folder, settings: { 'testing.automaticallyOpenPeekView': 'failureAnywhere' } },
      async (wb) => {
        const page = wb.page;
        // --- retrieval tests are in the Test Explorer as soon as it opens.
        await wb.openView('Testing');
        const testRow = (name: string) => page.locator('.part.sidebar .monaco-list-row[role="treeitem"]', { hasText: name }).first();
        await testRow('help.retrieval.yaml').waitFor({ timeout: 30_000 });
        await testRow('tests/help.retrieval.yaml').locator('.monaco-tl-twistie').click();
        await testRow('gift cards answered by the shipping page').waitFor({ timeout: 30_000 });

        // --- the mapping, shared with the team: docs → a new knowledge base of the support bot.
        const store = wb.emulator!.store;
        const bot = [...store.bots.values()].find((b) => b.bot.name === 'support-bot')!;
        const mapping = { mappings: [{ folder: 'docs', bot: bot.bot.id, workspace: bot.workspaceId, kb: 'Product Docs' }] };
        fs.writeFileSync(path.join(wb.folder, 'botpress.knowledge.json'), JSON.stringify(mapping, null, 2));

        await wb.runCommand('Botpress: Sync Folder to Knowledge Base…');
        const first = await wb.dialog(/Sync docs → Product Docs\?/);
        assert.match(first, /Added \(4\)/);
        await wb.screenshot('knowledge-loop-1-first-sync-preview');
        await wb.clickDialogButton('Sync');
        await wb.waitForNotification(/3 indexed, 1 failed indexing/, 60_000);
        const problems = await waitForProblems(wb, (rows) => rows.some((r) => r.includes('PDF')), 'the PDF that failed indexing');
        assert.ok(
          problems.some((r) => /Product Docs.*PDF documents are not parsed/.test(r)),
          problems.join('\n'),
        );
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'scanned-warranty.pdf' }).first().waitFor({ timeout: 10_000 });
        await wb.screenshot('knowledge-loop-2-failed-file-problem');

        // --- the search panel: ranked lexically on the Local Cloud, breadcrumb and context, a passage with its source.
        await wb.runCommand('Botpress: Search Knowledge Bases…');
        await wb.answerBotPick('support-bot');
        const view = await wb.webview('Search Knowledge: support-bot');
        await view.locator('#ranking', { hasText: 'ranked lexically (Local Cloud)' }).waitFor({ timeout: 30_000 });
        await view.locator('#kbs label', { hasText: 'Product Docs' }).waitFor({ timeout: 10_000 });
        await view.locator('#query').fill('How do I reset the Trail watch?');
        await view.locator('#query').press('Enter');
        const top = view.locator('#current-list .passage').first();
        await top.locator('.text', { hasText: 'hold the crown for ten seconds' }).waitFor({ timeout: 30_000 });
        assert.match((await top.locator('.crumb').innerText()).trim(), /Trail watch > Reset/);
        assert.match((await top.locator('.score').innerText()).trim(), /^\d+\.\d{3}$/);
        await top.locator('button.open', { hasText: 'docs/trail-watch.md' }).waitFor({ timeout: 10_000 });
        await view.locator('#recent .chip', { hasText: 'How do I reset the Trail watch?' }).waitFor({ timeout: 10_000 });
        await view.locator('#pin').click();
        await view.locator('#pinned-list .passage').first().waitFor({ timeout: 10_000 });

        // --- the docs change; the second sync's preview lists each change, and deleting is not its default.
        fs.writeFileSync(path.join(wb.folder, 'docs', 'trail-watch.md'), watch('Press both side buttons for three seconds to reset it.'));
        fs.writeFileSync(
          path.join(wb.folder, 'docs', 'watch-faq.md'),
          '# Watch FAQ\n\n## How do I reset the Trail watch?\n\nTo reset the Trail watch, press both side buttons for three seconds.\n',
        );
        fs.rmSync(path.join(wb.folder, 'docs', 'old-notes.txt'));
        await wb.runCommand('Botpress: Sync Folder to Knowledge Base…');
        const second = await wb.dialog(/Sync docs → Product Docs\?/);
        assert.match(second, /Added \(1\): watch-faq\.md/);
        assert.match(second, /Replaced \(1\): trail-watch\.md/);
        assert.match(second, /Only in the knowledge base \(deleted only if you choose to\) \(1\): old-notes\.txt/);
        const buttons = (await page.locator('.monaco-dialog-box .monaco-button').allInnerTexts()).map((b) => b.trim());
        assert.deepEqual(buttons.sort(), ['Cancel', 'Sync', 'Sync and Delete 1']);
        assert.equal((await page.locator('.monaco-dialog-box .monaco-button:focus').innerText()).trim(), 'Sync');
        await wb.screenshot('knowledge-loop-3-sync-preview');
        await wb.clickDialogButton('Sync');
        await wb.waitForNotification(/2 indexed, 0 failed indexing, 0 deleted/, 60_000);
        assert.ok(
          [...store.files.of(bot.bot.id).files.values()].some((f) => f.file.key.endsWith('/old-notes.txt')),
          'the file only in the knowledge base is kept',
        );

        // --- the same query again, compared with the pinned list: the new passage, the gone one.
        const again = await wb.webview('Search Knowledge: support-bot');
        await again.locator('#recent .chip', { hasText: 'How do I reset the Trail watch?' }).first().click();
        await again.locator('#current-list .move.new').first().waitFor({ timeout: 30_000 });
        await again.locator('#pinned-list .passage.gone .text', { hasText: 'hold the crown' }).waitFor({ timeout: 10_000 });
        await again.locator('#current-title', { hasText: 'Now: "How do I reset the Trail watch?"' }).waitFor({ timeout: 10_000 });
        await wb.runCommand('View: Hide Panel');
        await wb.screenshot('knowledge-loop-4-search-compared');
        await again.locator('#current-list button.open', { hasText: 'docs/watch-faq.md' }).first().click();
        await page.locator('.tabs-container .tab', { hasText: 'watch-faq.md' }).waitFor({ timeout: 20_000 });
        const selected = await page.locator('.editor-group-container .monaco-editor .selected-text').count();
        assert.ok(selected > 0, 'the passage is selected in its source');

        // --- a failing retrieval test: the expected source against what came back, with scores.
        await wb.runCommand('View: Close All Editors');
        await wb.openView('Testing');
        await wb.runCommand('Test: Run All Tests');
        await wb.answerBotPick('support-bot');
        const peek = page.locator('.test-output-peek');
        await peek.waitFor({ timeout: 60_000 });
        await peek.locator('text=/expected file shipping\\/international\\.md in the top 2/').first().waitFor({ timeout: 30_000 });
        const diff = peek.locator('.monaco-diff-editor');
        await diff
          .locator('.view-line', { hasText: 'file shipping/international.md within the top 2' })
          .first()
          .waitFor({ timeout: 20_000 });
        await diff
          .locator('.view-line', { hasText: /1\.\s\d\.\d{3}\s.*gift-cards\.md/ })
          .first()
          .waitFor({ timeout: 20_000 });
        await wb.screenshot('knowledge-loop-5-retrieval-failure');
      },
    );
  },
);
