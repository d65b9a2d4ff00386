// The conversation panel in a real workbench: chat with the emulator's support-bot from the palette
// (send, see its reply arrive, click a choice, open the inspector, open its logs), Botmock boards from
// the Botmock tree (a flow board walked a branch at a time, a mock board read as a transcript), the
// panels restored after a window reload, the conversation opened read-only, updating while the chat
// goes on, and the chat integration installed on a bot that lacks it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Locator } from 'playwright-core';
import { withWorkbench, type Workbench } from './workbench';

/**
 * The content of the webview in the tab titled `title`. Conversation panels keep their content while
 * hidden, so the frame wanted is the visible one over the tab's editor group.
 */
async function panel(wb: Workbench, title: string): Promise<FrameLocator> {
  const tab = wb.page.locator('.tabs-container .tab', { hasText: title }).first();
  await tab.waitFor({ timeout: 20_000 });
  await tab.click();
  const area = wb.page.locator('.editor-group-container', { has: tab }).locator('.editor-container');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const box = await area.boundingBox();
    for (const frame of await wb.page.locator('iframe.webview.ready').all()) {
      const at = await frame.boundingBox();
      if (!box || !at || !at.width || !(await frame.isVisible())) continue;
      const [x, y] = [at.x + at.width / 2, at.y + at.height / 2];
      if (x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height) {
        const inner = wb.page
          .frameLocator(`iframe.webview.ready[name="${await frame.getAttribute('name')}"]`)
          .frameLocator('iframe#active-frame');
        await inner.locator('body').waitFor({ timeout: 20_000 });
        return inner;
      }
    }
    if (Date.now() > deadline) throw new Error(`no visible webview for "${title}"`);
    await wb.page.waitForTimeout(200);
  }
}

/** Answers the palette's workspace and bot pickers of "Botpress: Chat with Bot". */
async function chatWith(wb: Workbench, bot: string): Promise<FrameLocator> {
  await wb.runCommand('Botpress: Chat with Bot');
  const title = wb.page.locator('.quick-input-widget .quick-input-title');
  const rows = wb.page.locator('.quick-input-list .monaco-list-row');
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  const pick = async (label: string) => {
    await input.fill(label);
    await rows.filter({ hasText: label }).first().waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Enter');
  };
  await title.filter({ hasText: /^Chat with Bot/ }).waitFor({ timeout: 20_000 });
  if ((await title.innerText()).includes('Workspace')) {
    await pick('Acme Support');
    await title.filter({ hasText: /^Chat with Bot$/ }).waitFor({ timeout: 20_000 });
  }
  await pick(bot);
  return panel(wb, `Chat: ${bot}`);
}

const bubble = (view: FrameLocator, side: 'user' | 'bot', text: string | RegExp): Locator =>
  view.locator(`#transcript .bubble.${side}`, { hasText: text }).first();

test('chat with a bot: send, see the reply, click a choice, inspect a message; Botmock boards', { timeout: 300_000 }, async (t) => {
  await withWorkbench(t, { name: 'chat', settings: { 'workbench.tree.enableStickyScroll': false } }, async (wb) => {
    const view = await chatWith(wb, 'support-bot');
    await view.locator('#composer').waitFor({ state: 'visible', timeout: 20_000 });
    await view.locator('#status').waitFor({ state: 'hidden', timeout: 30_000 });
    assert.match(await view.locator('#title').innerText(), /Chat with support-bot/);

    // Send: the user's bubble, the typing indicator, then the bot's echo and its rich choice reply.
    await view.locator('#input').fill('can I get a choice and a card?');
    await view.locator('#input').press('Enter');
    await bubble(view, 'user', 'can I get a choice and a card?').waitFor({ timeout: 20_000 });
    await bubble(view, 'bot', 'You said: can I get a choice and a card?').waitFor({ timeout: 20_000 });
    const choice = bubble(view, 'bot', 'What can I help you with?');
    await choice.waitFor({ timeout: 20_000 });
    await bubble(view, 'bot', 'Starter').waitFor({ timeout: 20_000 });
    assert.equal(await view.locator('#typing').isVisible(), false, 'typing indicator gone once the bot replied');
    assert.deepEqual(await choice.locator('button').allInnerTexts(), ['Track an order', 'Return an item', 'Talk to a human']);
    await wb.screenshot('chat-1-reply');

    // A click on a choice shows the label clicked as the user's bubble and sends the option's value.
    await choice.locator('button', { hasText: 'Track an order' }).click();
    const clicked = view.locator('#transcript .bubble.user .payload', { hasText: /^\s*Track an order\s*$/ });
    await clicked.waitFor({ timeout: 20_000 });
    await bubble(view, 'bot', 'You said: Track an order').waitFor({ timeout: 20_000 });
    await wb.screenshot('chat-1b-choice-label');
    await clicked.click();
    await view.locator('#inspector').waitFor({ state: 'visible', timeout: 10_000 });
    const sent = JSON.parse(await view.locator('#inspector-json').innerText()) as { payload: { text: string; value: string } };
    assert.deepEqual([sent.payload.text, sent.payload.value], ['Track an order', 'track'], 'the label shown, the value sent');

    // The inspector shows the message's full JSON.
    await choice.click({ position: { x: 8, y: 8 } });
    const inspector = view.locator('#inspector');
    await inspector.waitFor({ state: 'visible', timeout: 10_000 });
    const json = JSON.parse(await view.locator('#inspector-json').innerText()) as {
      id: string;
      payload: { type: string; options: unknown[] };
    };
    assert.equal(json.payload.type, 'choice');
    assert.equal(json.payload.options.length, 3);
    assert.ok(json.id);
    await wb.screenshot('chat-2-choice-and-inspector');
    await view.locator('#inspector-close').click();

    // New Conversation empties the transcript; the bot still answers.
    await view.locator('#restart').click();
    await view.locator('#transcript .bubble').first().waitFor({ state: 'detached', timeout: 20_000 });
    await view.locator('#input').fill('markdown please');
    await view.locator('#input').press('Enter');
    const markdown = bubble(view, 'bot', 'Order #1042');
    await markdown.waitFor({ timeout: 20_000 });
    assert.equal(await markdown.locator('strong', { hasText: 'Order #1042' }).count(), 1, 'markdown rendered');
    assert.equal(await markdown.locator('li').count(), 2);

    // Each conversation links to its logs.
    await view.locator('#logs').click();
    await wb.page.locator('.tabs-container .tab', { hasText: 'Logs: support-bot' }).first().waitFor({ timeout: 20_000 });

    // Botmock: a flow board walked from its root, then a mock board as a transcript.
    const sidebar = await wb.openView('Botpress');
    await wb.expand('First Team', sidebar);
    await wb.expand('Botium Exporter Test', sidebar);
    await wb.expand('Boards', sidebar);
    await wb.treeRow('Main flow', sidebar).click();
    const flow = await panel(wb, 'Board: Main flow');
    const branch = flow.locator('#walker .branch', { hasText: 'INTENT_CAROUSEL' });
    await branch.waitFor({ timeout: 20_000 });
    assert.ok((await flow.locator('#walker .branch').count()) >= 10, 'every branch of the root offered');
    await branch.click();
    await flow.locator('#transcript .payload-carousel', { hasText: 'Clothing' }).waitFor({ timeout: 10_000 });
    await flow.locator('#transcript .bubble.user', { hasText: 'INTENT_CAROUSEL' }).waitFor();
    await flow.locator('#glossary').click();
    await flow.locator('#drawer summary', { hasText: 'Intents (13)' }).waitFor();
    await wb.screenshot('chat-3-flow-board');
    assert.match(await flow.locator('#walker .path').innerText(), /^Starting Point › Carousel$/, 'the breadcrumb says what was chosen');
    assert.equal(
      await wb.page.locator('.tabs-container .tab', { hasText: 'Board: Main flow (Botium Exporter Test)' }).count(),
      1,
      'the tab names the project',
    );
    await flow.locator('#walker button', { hasText: 'Step Back' }).click();
    await flow.locator('#transcript .payload-carousel').waitFor({ state: 'detached', timeout: 10_000 });

    // The same board as a graph: every message a node, every branch labelled; zoom, fit, keyboard;
    // a node clicked starts the walk there (a message naming a variable shows it as a chip).
    await flow.locator('#walker .graph-toggle').click();
    const canvas = flow.locator('#graph .graph-canvas');
    await canvas.waitFor({ timeout: 10_000 });
    assert.ok((await flow.locator('#graph .node').count()) >= 10, 'a node per message');
    await flow.locator('#graph .edge-label', { hasText: 'INTENT_CAROUSEL' }).first().waitFor();
    const zoom = async () => Number((await flow.locator('#graph .zoom').innerText()).replace(/\D/g, ''));
    await flow.locator('#graph .zoom', { hasText: '%' }).waitFor();
    const start = await zoom();
    assert.ok(start >= 75, `the board opens readable (${start} %)`);
    await flow.locator('#graph button', { hasText: '+' }).click();
    assert.ok((await zoom()) > start, 'zoomed in');
    await flow.locator('#graph button', { hasText: 'Fit' }).click();
    const fitted = await zoom();
    assert.ok(fitted < start + 25 && fitted >= 75, `fitted, and still readable (${fitted} %), not an unreadable 37 %`);
    await wb.screenshot('chat-3b-flow-graph-fitted');
    await canvas.press('Home');
    assert.equal(await zoom(), start, 'Home goes back to the start');
    await canvas.focus();
    await wb.page.keyboard.press('Tab');
    assert.match(
      (await flow.locator('#graph .node:focus').getAttribute('aria-label')) ?? '',
      /^Starting Point: no content\. Walk from here\.$/,
      'Tab reaches the nodes, top first',
    );
    await wb.screenshot('chat-3b-flow-graph-keyboard');
    await flow.locator('#graph button', { hasText: 'Fit' }).click();
    // Fit shows the top of this board readable: the node further down comes into view when focused, then Enter.
    const node = flow.locator('#graph .node', { hasText: 'You have choosen' }).first();
    await node.focus();
    await node.press('Enter');
    await flow.locator('#graph').waitFor({ state: 'hidden', timeout: 10_000 });
    const chip = flow.locator('#transcript .bubble .slot', { hasText: '%VARIABLE_PILL%' });
    await chip.waitFor({ timeout: 10_000 });
    assert.match(await flow.locator('#walker .path').innerText(), /^“You have choosen %VARIABLE_PIL+…”$/);
    await wb.screenshot('chat-3c-walk-from-node');

    await wb.treeRow('Botium Exporter Test', sidebar).locator('.monaco-tl-twistie').click();
    await wb.expand('Kindly', sidebar);
    await wb.expand('Boards', sidebar);
    await wb.treeRow('Your Charity', sidebar).click();
    const mock = await panel(wb, 'Board: Your Charity');
    await mock.locator('#transcript .bubble').first().waitFor({ timeout: 20_000 });
    assert.ok((await mock.locator('#transcript .bubble').count()) >= 2, 'the transcript of the mock board');
    assert.equal(await mock.locator('#transcript .bubble', { hasText: 'no content' }).count(), 0, 'no empty bubble for the start point');
    assert.equal(await mock.locator('#walker .path').count(), 0, 'no heading of block types');
    assert.equal(await mock.locator('#walker .graph-toggle').count(), 0, 'a mock board stays a transcript');
    assert.equal(await mock.locator('#composer').isVisible(), false, 'a board is read-only');
    await wb.screenshot('chat-4-mock-board');

    // After a window reload the panels come back: the board, and the chat with its last conversation.
    // (The editor's own reload shuts the window down cleanly, so that its open editors are saved.)
    await wb.runCommand('Developer: Reload Window');
    await wb.page.locator('.tabs-container .tab', { hasText: 'Board: Main flow' }).first().waitFor({ timeout: 60_000 });
    const board = await panel(wb, 'Board: Your Charity');
    await board.locator('#transcript .bubble').first().waitFor({ timeout: 30_000 });
    const chat = await panel(wb, 'Chat: support-bot');
    await bubble(chat, 'bot', 'Order #1042').waitFor({ timeout: 30_000 });
    await bubble(chat, 'user', 'markdown please').waitFor();
    await wb.screenshot('chat-5-restored');

    // The same conversation, opened as a stored one (the newest of the bot): read-only, in the same
    // renderer, updating while open.
    await wb.runCommand('Botpress: Open Conversation');
    const rows = wb.page.locator('.quick-input-list .monaco-list-row');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    // The workspace chosen before the reload is remembered: only the bot is asked for.
    await input.fill('support-bot');
    await rows.filter({ hasText: 'support-bot' }).first().waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Enter');
    await wb.page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Open Conversation of support-bot' })
      .waitFor({ timeout: 20_000 });
    await rows.first().waitFor({ timeout: 20_000 });
    // Named as the explorer names conversations: who talks, not an id.
    assert.doesNotMatch(await rows.first().innerText(), /conv_/);
    // A click, not Enter: the list may still be filling in, and Enter can land before it takes keys.
    await rows.first().click();
    const stored = await panel(wb, 'Conversation: ');
    await bubble(stored, 'user', 'markdown please').waitFor({ timeout: 20_000 });
    await bubble(stored, 'bot', 'Order #1042').waitFor();
    assert.equal(await stored.locator('#composer').isVisible(), false, 'read-only');
    const live = await panel(wb, 'Chat: support-bot');
    await live.locator('#input').fill('one more, with an image');
    await live.locator('#input').press('Enter');
    await bubble(live, 'bot', 'You said: one more, with an image').waitFor({ timeout: 20_000 });
    const updated = await panel(wb, 'Conversation: ');
    await bubble(updated, 'user', 'one more, with an image').waitFor({ timeout: 20_000 });
    await bubble(updated, 'bot', 'You said: one more, with an image').waitFor({ timeout: 20_000 });
    await wb.screenshot('chat-6-stored-conversation');

    // A bot without the chat integration: the panel says so and installs it after confirmation.
    const sales = await chatWith(wb, 'sales-assistant');
    const offer = sales.locator('#status', { hasText: 'does not have the chat integration installed' });
    await offer.waitFor({ timeout: 20_000 });
    await wb.screenshot('chat-7-install-offer');
    await offer.locator('button', { hasText: 'Install the Chat Integration' }).click();
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Install the chat integration on sales-assistant?' });
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.locator('.monaco-button', { hasText: /^Install$/ }).click();
    await sales.locator('#status').waitFor({ state: 'hidden', timeout: 30_000 });
    await sales.locator('#input').fill('hello there');
    await sales.locator('#input').press('Enter');
    await bubble(sales, 'bot', 'You said: hello there').waitFor({ timeout: 20_000 });
  });
});
