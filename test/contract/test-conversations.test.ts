// A conversation test's conversation is known afterwards by its user: the explorer reads the user's tags
// through the Botpress API and hides what a test run made (the Chat API's createConversation takes no tags).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BotpressClient } from '../../src/api/botpress';
import { ChatClient } from '../../src/api/chat';
import { HttpClient } from '../../src/api/http';
import { isTestUser, parseConvo, runTests } from '../../src/core/convo';
import { startEmulator, type Emulator } from '../../src/emulator';

let emu: Emulator;
let http: HttpClient;
before(async () => {
  emu = await startEmulator({ seed: 'demo', replyDelayMs: [5, 10] });
  http = new HttpClient();
});
after(async () => {
  await emu.close();
  await http.close();
});

test('a test run marks its users; a person chatting is not marked', async () => {
  const account = new BotpressClient({ apiUrl: emu.url, token: emu.token, http });
  const { workspaces } = await account.listWorkspaces();
  const admin = account.withWorkspace(workspaces.find((w) => w.name === 'Acme Support')!.id);
  const botId = (await admin.iterate('listBots', { dev: true, tags: { team: 'support' } }).next()).value!.id;
  const { bot } = await admin.getBot({ id: botId });
  const webhookId = Object.values(bot.integrations).find((i) => i.name === 'chat')!.webhookId;
  const chat = new ChatClient({ chatApiUrl: `${emu.url}/chat`, webhookId, http });
  const runtime = admin.withBot(botId);

  const { value } = parseConvo(['Hello', '#me', 'hello', '#bot', '*'].join('\n'), 'hello.convo.txt');
  const [result] = await runTests([{ ...value!, id: 'hello', line: 1 }], chat, { concurrency: 1, turnTimeoutMs: 5000 });
  assert.equal(result!.status, 'passed', String(result!.failure?.message ?? result!.error));
  const person = await chat.createUser({ name: 'Ada', profile: '{"plan":"pro"}' });
  const { conversation: theirs } = await chat.withUserKey(person.key).createConversation();
  await chat.withUserKey(person.key).createMessage({ conversationId: theirs.id, payload: { type: 'text', text: 'hi' } });

  // As the explorer reads a row: the conversation's incoming message names the user, whose tags say what it is.
  const userOf = async (conversationId: string) => {
    const { messages } = await runtime.listMessages({ conversationId });
    const { user } = await runtime.getUser({ id: messages.find((m) => m.direction === 'incoming')!.userId });
    return user;
  };
  const tested = await userOf(result!.conversationId!);
  assert.ok(isTestUser(tested.tags), JSON.stringify(tested.tags));
  assert.equal(tested.name, 'Conversation test');
  assert.ok(!isTestUser((await userOf(theirs.id)).tags));
  assert.ok(isTestUser({ 'chat:profile': '{"botpressToolkit":"conversation-test"}' }), 'an integration-prefixed tag counts');
  assert.ok(!isTestUser({ name: '{"botpressToolkit":"conversation-test"}' }), 'only the profile tag counts');
});
