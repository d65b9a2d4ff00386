// The getting-started walkthrough in a real workbench: opened from the palette, its six steps with their
// images, signing in already done (the demo signs in from the environment), and a step that completes
// when its command runs. Screenshot in test-results/walkthrough-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withWorkbench } from './workbench';

test('the walkthrough: six steps with images, completed as the user does them', { timeout: 180_000 }, async (t) => {
  await withWorkbench(t, { name: 'walkthrough' }, async (wb) => {
    await wb.runCommand('Welcome: Open Walkthrough...');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('Get Started with Botpress Toolkit');
    await wb.page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Botpress Toolkit' })
      .first()
      .waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Enter');
    const steps = wb.page.locator('.gettingStartedContainer .getting-started-step');
    await steps.first().waitFor({ timeout: 20_000 });
    const titles = (await steps.locator('.step-title').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(titles, [
      'Sign in to Botpress',
      'Open a bot project, or create one',
      'Deploy',
      'Chat with the bot',
      'Follow the logs',
      'Test conversations',
    ]);
    const step = (title: string) => steps.filter({ has: wb.page.locator('.step-title', { hasText: title }) });
    const done = wb.page.locator('[aria-checked="true"]');
    await step('Sign in to Botpress').and(done).waitFor({ timeout: 20_000 });
    assert.equal(await step('Follow the logs').getAttribute('aria-checked'), 'false', 'not done yet');

    // A step's image is drawn (an inline SVG, in the theme's colours).
    await step('Follow the logs').click();
    const media = wb.page.frameLocator('.getting-started-media iframe.webview.ready').frameLocator('iframe#active-frame');
    await media.locator('svg text', { hasText: 'Live · checked at' }).first().waitFor({ timeout: 20_000 });
    // Painted in the theme's colours (a style element would be refused by the walkthrough's CSP: all black).
    const [background, text] = await Promise.all([
      media
        .locator('svg rect')
        .first()
        .evaluate((e) => getComputedStyle(e).fill),
      media
        .locator('svg text', { hasText: 'Live · checked at' })
        .first()
        .evaluate((e) => getComputedStyle(e).fill),
    ]);
    const editorBackground = await wb.page
      .locator('.monaco-workbench')
      .evaluate((e) => getComputedStyle(e).getPropertyValue('--vscode-editor-background').trim());
    assert.notEqual(background, text, 'text stands out from the background');
    assert.notEqual(background, 'rgb(0, 0, 0)', `the image's background is the theme's, not black (editor background ${editorBackground})`);
    await wb.screenshot('walkthrough-1-steps');

    // Running Open Logs completes its step.
    await wb.runCommand('Botpress: Open Logs');
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: /^Open Logs/ }).waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Escape');
    await step('Follow the logs').and(done).waitFor({ timeout: 20_000 });
    await wb.screenshot('walkthrough-2-logs-step-done');
  });
});

test('the demo’s first start opens the walkthrough, its Sign in step already checked', { timeout: 180_000 }, async (t) => {
  // As scripts/start.js starts the demo: VS Code's default startup editor (the welcome page).
  await withWorkbench(t, { name: 'walkthrough-first-start', settings: { 'workbench.startupEditor': 'welcomePage' } }, async (wb) => {
    const steps = wb.page.locator('.gettingStartedContainer .getting-started-step');
    await steps.first().waitFor({ timeout: 60_000 });
    const signIn = steps.filter({ has: wb.page.locator('.step-title', { hasText: 'Sign in to Botpress' }) });
    await signIn.and(wb.page.locator('[aria-checked="true"]')).waitFor({ timeout: 20_000 });
    await wb.screenshot('walkthrough-2-first-start');
  });
});
