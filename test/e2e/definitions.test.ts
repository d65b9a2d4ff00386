// Definition files in a real workbench, as a person sees them: the problem in the Problems panel, the
// quick fix from the editor's light bulb menu, and the problem gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { waitForProblems, withWorkbench } from './workbench';

test('a misnamed state shows in Problems, and the quick fix makes it disappear', { timeout: 180_000 }, async (t) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-definitions-e2e-'));
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  fs.writeFileSync(
    path.join(folder, 'bot.definition.yaml'),
    'name: ui-bot\nstates:\n  my_state:\n    type: conversation\n' +
      '    schema: { type: object, title: State, description: What the bot keeps }\n',
  );
  await withWorkbench(t, { name: 'definitions', folder, emulator: false, signedIn: false }, async (wb) => {
    await wb.openFile('bot.definition.yaml');
    const rows = await waitForProblems(wb, (r) => r.some((x) => x.includes('camelCase')), 'the camelCase problem');
    t.diagnostic(rows.join(' | '));
    await wb.screenshot('definitions-problem');

    // Clicking the problem selects its range in the editor; back in the editor, Ctrl+. opens the quick fixes.
    await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'camelCase' }).first().click();
    const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Rename to "myState"' }).first();
    // The code actions are computed after the cursor settles: ask again if the first Ctrl+. came too early.
    for (let attempt = 1; ; attempt++) {
      await wb.page.keyboard.press('Control+1');
      await wb.page.keyboard.press('Control+.');
      try {
        await fix.waitFor({ timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
        await wb.page.keyboard.press('Escape');
      }
    }
    await wb.screenshot('definitions-quick-fix');
    await fix.click();

    const after = await waitForProblems(wb, (r) => !r.some((x) => x.includes('camelCase')), 'the problem to disappear');
    assert.ok(!after.some((x) => /BP\d{3}/.test(x) || x.includes('camelCase')), after.join(' | '));
    await wb.page.locator('.view-lines', { hasText: 'myState:' }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('definitions-fixed');
  });
});
