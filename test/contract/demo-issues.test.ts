// The demo's running bot (`npm start`): billing-assistant's deployed code really fails on refund questions, so the
// demo opens with the issue it produced (one TypeError, an event per failing message with its conversation and
// stack), its answers to the other questions, and its two releases as versions. Read with the official client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { playDemoBilling } from '../../src/emulator/demo/issues';

let emu: Emulator;
let admin: Client;
let botId: string;

before(async () => {
  emu = await startEmulator({ seed: 'demo' });
  await playDemoBilling(emu);
  const record = [...emu.store.bots.values()].find((r) => r.bot.name === 'billing-assistant')!;
  botId = record.bot.id;
  admin = new Client({ apiUrl: emu.url, token: emu.token, workspaceId: record.workspaceId });
});
after(() => emu.close());

test('the demo bot’s refund bug is one user_code issue with an event per failing message', async () => {
  const { issues } = await admin.listBotIssues({ id: botId });
  assert.equal(issues.length, 1);
  const [issue] = issues;
  assert.equal(issue.category, 'user_code');
  assert.equal(issue.groupedData.errorMessage.raw, "TypeError: Cannot read properties of undefined (reading 'amount')");
  assert.equal(issue.eventsCount, 2);
  const { issueEvents } = await admin.listBotIssueEvents({ id: botId, issueId: issue.id });
  assert.equal(new Set(issueEvents.map((e) => e.data.conversationId.raw)).size, 2, 'two customers hit it');
  assert.match(issueEvents[0].data.stack.raw, /at answer \(\/var\/task\/index\.cjs:\d+:\d+\)/);
});

test('the demo bot answered the other questions, and its two releases are versions', async () => {
  const runtime = new Client({ apiUrl: emu.url, token: emu.token, botId });
  const { messages } = await runtime.listMessages({});
  const answers = messages.filter((m) => m.direction === 'outgoing').map((m) => (m.payload as { text: string }).text);
  assert.ok(answers.includes('INV-1001: 120 USD, paid.'), answers.join(' | '));
  assert.ok(answers.includes('Your refund of 310 USD is on its way.'), answers.join(' | '));
  const { versions } = await admin.listBotVersions({ id: botId });
  assert.deepEqual(
    versions.map((v) => v.name),
    ['v2', 'v1'],
  );
  assert.deepEqual(emu.store.violations, []);
});
