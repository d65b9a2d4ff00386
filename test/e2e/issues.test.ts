// A bot's issues and versions in a real workbench. A bot whose deployed code throws really fails in the Local Cloud
// (the emulator) before the editor looks: its row counts the issue, the Issues node lists it, the issue opens as a
// document whose "Logs around this event" opens the logs panel on that time and conversation. Then a version is
// created from the Versions node, the bot changes, the version is compared with the current bot JSON (the diff
// editor) and deployed back through its modal. Screenshots: test-results/issues-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@botpress/client';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitForProblems, waitUntil, withWorkbench } from './workbench';
import { bundleBot } from '../contract/sdk';

/** The bot's source, a project of the workspace: throws on "refund" (line 7), answers nothing otherwise. */
const source = `type Request = { headers: Record<string, string>; body: string }
export default {
  handler: async (req: Request) => {
    if (req.headers['x-bp-operation'] !== 'event_received') return { status: 200 }
    const { event } = JSON.parse(req.body)
    const text: string = event.payload.message.payload.text
    if (text.includes('refund')) throw new TypeError("Cannot read properties of undefined (reading 'amount')")
    return { status: 200, body: '{}' }
  },
}
`;

test(
  'issues and versions: a throwing bot’s issue in the tree, its document and logs; a version created, compared, deployed',
  { timeout: 400_000 },
  async (t) => {
    await withWorkbench(t, { name: 'issues', settings: { 'workbench.tree.enableStickyScroll': false } }, async (wb) => {
      const emu = wb.emulator!;
      const workspaceId = emu.store.workspaces.find((w) => w.name === 'Personal Sandbox')!.id;
      const admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
      const { bot } = await admin.createBot({ name: 'crashy-bot' });
      // Its project in the workspace, linked to it (.botpress/project.cache.json), deployed with inline source maps.
      const project = path.join(wb.folder, 'crashy-bot');
      fs.mkdirSync(path.join(project, 'src'), { recursive: true });
      fs.mkdirSync(path.join(project, '.botpress'));
      fs.writeFileSync(path.join(project, 'src', 'index.ts'), source);
      fs.writeFileSync(
        path.join(project, 'bot.definition.ts'),
        "import * as sdk from '@botpress/sdk'\nexport default new sdk.BotDefinition({})\n",
      );
      fs.writeFileSync(path.join(project, '.botpress', 'project.cache.json'), JSON.stringify({ botId: bot.id }));
      await admin.updateBot({ id: bot.id, code: await bundleBot(project, 'src/index', [], true), description: 'before' });
      await admin.publishFromBotJson({ id: bot.id, botJson: { flows: ['main'], version: 1 } });
      const runtime = new Client({ apiUrl: emu.url, token: emu.token, botId: bot.id });
      const { user } = await runtime.createUser({ tags: {} });
      const { conversation } = await runtime.createConversation({ channel: 'channel', tags: {} });
      for (const text of ['I want a refund', 'refund please'])
        await runtime.createMessage({ conversationId: conversation.id, userId: user.id, type: 'text', tags: {}, payload: { text } });
      await waitUntil(async () => (emu.store.issues.list(bot.id)[0]?.eventsCount === 2 ? true : undefined), 20_000, 'the issue');

      await wb.openView('Botpress');
      const tree = wb.botpressTree();
      await wb.treeRow('Demo Developer', tree).waitFor({ timeout: 30_000 });
      await wb.runCommand('Botpress: Find Bot…');
      await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Personal Sandbox' }).waitFor({ timeout: 20_000 });
      await wb.answerInput('Personal Sandbox');
      await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'crashy-bot' }).waitFor({ timeout: 20_000 });
      await wb.answerInput('crashy-bot');
      const botRow = wb.treeRow('crashy-bot', tree);
      await botRow.waitFor({ timeout: 30_000 });
      assert.match(await botRow.innerText(), /1 issue/);
      await wb.expand('crashy-bot', tree);
      await wb.scrollToRow('Issues', tree);
      await wb.expand('Issues', tree);
      const title = "Unhandled error: TypeError: Cannot read properties of undefined (reading 'amount')";
      const issueRow = await wb.scrollToRow(title, tree);
      assert.match(await issueRow.innerText(), /user code · 2 events · last seen/);
      await wb.page.mouse.move(900, 700);
      await wb.screenshot('issues-1-tree');

      // The stack names line 7 of the linked project's src/index.ts: a problem there.
      const problems = await waitForProblems(wb, (rows) => rows.some((r) => r.includes('amount')), 'the issue as a problem');
      assert.ok(
        problems.some((r) => /Unhandled error: TypeError.*Botpress issue/.test(r) && /\b7\b/.test(r)),
        problems.join(' | '),
      );
      await wb.screenshot('issues-1b-problem');
      await wb.page.keyboard.press('Control+Shift+M');

      // The issue as a document: its facts, its events with their conversation, and the code lenses.
      await issueRow.click();
      const editor = wb.page.locator('.editor-instance .view-lines');
      await editor.filter({ hasText: 'category: user_code' }).waitFor({ timeout: 20_000 });
      const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /eventsCount: 2/);
      assert.ok(text.includes(`conversationId: ${conversation.id}`), text);
      assert.match(text, /stack: \|/);
      const lens = wb.page.locator('.codelens-decoration a', { hasText: 'Logs around this event' }).first();
      await lens.waitFor({ timeout: 20_000 });
      await wb.screenshot('issues-2-document');

      await lens.click();
      const logs = await wb.webview('Logs: crashy-bot');
      await logs.locator('.row', { hasText: 'The handler threw: TypeError' }).first().waitFor({ timeout: 30_000 });
      await wb.screenshot('issues-3-logs-around-event');

      // Versions: create one, change the bot, compare, deploy back.
      await wb.page.keyboard.press('Escape');
      await wb.openView('Botpress');
      const versions = await wb.scrollToRow('Versions', tree);
      await wb.contextMenu(versions, 'Create Version…');
      await wb.answerInput('v1');
      await wb.answerInput('before the refund fix');
      await waitUntil(async () => (emu.store.versions.list(bot.id).length === 1 ? true : undefined), 20_000, 'the version');
      await admin.updateBot({ id: bot.id, description: 'after' });
      await admin.publishFromBotJson({ id: bot.id, botJson: { flows: ['main', 'refunds'], version: 2 } });

      await wb.expand('Versions', tree);
      const v1 = await wb.scrollToRow('v1', tree);
      await wb.contextMenu(v1, 'Compare with Current');
      const diff = wb.page.locator('.monaco-diff-editor');
      await diff.waitFor({ timeout: 20_000 });
      await diff.locator('.view-lines', { hasText: '"refunds"' }).first().waitFor({ timeout: 20_000 });
      await wb.page.locator('.tab', { hasText: 'v1 ↔ current' }).first().waitFor({ timeout: 10_000 });
      await wb.screenshot('issues-4-compare');

      await wb.contextMenu(await wb.scrollToRow('v1', tree), 'Deploy Version…');
      const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Deploy version "v1" to bot "crashy-bot"?' });
      await dialog.waitFor({ timeout: 20_000 });
      // The focused button is what Enter presses: the safe one.
      await dialog.locator('.monaco-button:focus', { hasText: /^Keep Current Bot$/ }).waitFor({ timeout: 5_000 });
      await wb.screenshot('issues-5-deploy-modal');
      await dialog.locator('.monaco-button', { hasText: /^Deploy Version$/ }).click();
      await waitUntil(
        async () => ((await admin.getBot({ id: bot.id })).bot.description === 'before' ? true : undefined),
        20_000,
        'the version deployed',
      );
      assert.deepEqual(await admin.getBotJson({ id: bot.id }), { flows: ['main'], version: 1 });
      await wb.waitForNotification(/Deployed version "v1" to crashy-bot/);
      await wb.screenshot('issues-6-deployed');

      // Pull Bot JSON: a workspace file, keys sorted. Edited, then published back after the diff and the modal.
      await wb.contextMenu(await wb.scrollToRow('crashy-bot', tree), 'Pull Bot JSON…');
      const input = wb.page.locator('.quick-input-widget .quick-input-box input');
      await wb.page.waitForFunction(
        () => document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input')?.value.endsWith('crashy-bot.bot.json'),
        undefined,
        { timeout: 20_000 },
      );
      await input.press('Enter');
      const pulled = path.join(wb.folder, 'crashy-bot.bot.json');
      await waitUntil(async () => (fs.existsSync(pulled) ? true : undefined), 20_000, 'the pulled bot JSON');
      assert.equal(fs.readFileSync(pulled, 'utf8'), '{\n  "flows": [\n    "main"\n  ],\n  "version": 1\n}\n');
      fs.writeFileSync(pulled, '{\n  "flows": [\n    "main",\n    "returns"\n  ],\n  "version": 3\n}\n');
      await wb.page.locator('.editor-instance .view-lines', { hasText: '"returns"' }).first().waitFor({ timeout: 20_000 });
      await wb.runCommand('Botpress: Publish Bot JSON…');
      await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'crashy-bot' }).waitFor({ timeout: 20_000 });
      await wb.answerInput('crashy-bot');
      const publish = wb.page.locator('.monaco-dialog-box', { hasText: 'Publish crashy-bot.bot.json to bot "crashy-bot"?' });
      await publish.waitFor({ timeout: 20_000 });
      await wb.page.locator('.tab', { hasText: 'current ↔ crashy-bot.bot.json' }).first().waitFor({ timeout: 10_000 });
      await wb.screenshot('issues-7-publish-diff');
      await publish.locator('.monaco-button', { hasText: /^Publish$/ }).click();
      await waitUntil(
        async () => ((await admin.getBotJson({ id: bot.id })).version === 3 ? true : undefined),
        20_000,
        'the published bot JSON',
      );

      // Resolve the issue: a modal whose default keeps it; then the issue and its problem are gone.
      await wb.openView('Botpress');
      await wb.contextMenu(await wb.scrollToRow(title, tree), 'Delete (Resolve) Issue…');
      const resolve = wb.page.locator('.monaco-dialog-box', { hasText: 'Resolve the issue' });
      await resolve.waitFor({ timeout: 20_000 });
      await resolve.locator('.monaco-button:focus', { hasText: /^Keep Issue$/ }).waitFor({ timeout: 5_000 });
      await resolve.locator('.monaco-button', { hasText: /^Delete Issue$/ }).click();
      await waitUntil(async () => (emu.store.issues.list(bot.id).length === 0 ? true : undefined), 20_000, 'the issue deleted');
      await waitForProblems(wb, (rows) => !rows.some((r) => r.includes('amount')), 'the problem cleared');
      assert.doesNotMatch(await wb.treeRow('Issues', tree).innerText(), /open/);
      await wb.screenshot('issues-8-resolved');
    });
  },
);
