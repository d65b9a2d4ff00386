// An SDK project in a real workbench, as a person sees it: typing a state name the CLI rejects into
// bot.definition.ts puts the problem in the Problems panel and under the name, beside TypeScript's own.
// The folder is the SDK fixtures as `npm ci` installed them (test/fixtures/sdk, the official SDK 5.4.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { root, waitForProblems, withWorkbench } from './workbench';

test('typing a bad state name into an SDK bot definition shows the problem', { timeout: 180_000 }, async (t) => {
  const folder = path.join(root, 'test', 'fixtures', 'sdk');
  await withWorkbench(t, { name: 'sdk-definition', folder, emulator: false, signedIn: false }, async (wb) => {
    await wb.openFile('bot/bot.definition.ts');
    // Click the line of the state `cart` and type `my_` before its name.
    await wb.page.locator('.view-lines .view-line', { hasText: 'cart: {' }).first().click();
    await wb.page.keyboard.press('Home');
    await wb.page.keyboard.type('my_', { delay: 60 });
    await wb.page.locator('.view-lines', { hasText: 'my_cart: {' }).first().waitFor({ timeout: 10_000 });

    const rows = await waitForProblems(wb, (r) => r.some((x) => x.includes('camelCase')), 'the camelCase problem');
    t.diagnostic(rows.join(' | '));
    assert.ok(
      rows.some((x) => x.includes('my_cart')),
      rows.join(' | '),
    );
    // The squiggle sits in the editor, under the name.
    await wb.page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
    await wb.screenshot('sdk-definition-problem');
  });
});
