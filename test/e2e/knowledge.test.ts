// A bot's knowledge in a real workbench against the demo: Knowledge → Acme Help Center → its files (an
// indexed one with size and date, the refused PDF with its reason), a file opened read-only (Markdown
// rendered), and Files → the bot's other files with their tags. Screenshots: test-results/knowledge-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withWorkbench } from './workbench';

test('knowledge bases and files in the explorer; a file opened read-only', { timeout: 300_000 }, async (t) => {
  await withWorkbench(t, { name: 'knowledge', settings: { 'workbench.tree.enableStickyScroll': false } }, async (wb) => {
    await wb.findBot('support-bot');
    const tree = wb.botpressTree();
    await wb.expand('support-bot', tree);
    await wb.expand('Knowledge', tree);
    await wb.expand('Acme Help Center', tree);
    // The tree draws only the rows in view: scroll down to a row of the long list.
    const scrollTo = async (label: string) => {
      const row = wb.treeRow(label, tree);
      // Down first (the list may still be loading), then back up.
      for (let i = 0; i < 60 && !(await row.isVisible()); i++) {
        await tree.hover();
        await wb.page.mouse.wheel(0, i < 30 ? 120 : -120);
        await wb.page.waitForTimeout(250);
      }
      await row.waitFor({ timeout: 10_000 });
      return row;
    };
    const pdf = await scrollTo('backpack-manual.pdf');
    assert.match((await pdf.textContent()) ?? '', /indexing failed: PDF documents are not parsed by the local emulator/);
    const gift = await scrollTo('gift-cards.md');
    assert.match((await gift.textContent()) ?? '', /gift-cards\.md\s*\d+(\.\d)? (B|kB)/);
    await wb.screenshot('knowledge-1-tree');

    await gift.click();
    const preview = await wb.webview('Preview gift-cards.md');
    await preview.locator('h1', { hasText: 'Gift cards' }).waitFor({ timeout: 30_000 });
    await preview.getByText('Acme gift cards never expire').waitFor({ timeout: 10_000 });
    await wb.screenshot('knowledge-2-file-preview');
  });
});
