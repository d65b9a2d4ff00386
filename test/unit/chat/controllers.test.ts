// The panel controllers against the local emulator: a live chat (Chat API and its event stream), a
// stored conversation polled through the runtime API, a Botmock board; what each would show is read
// from the messages it posts to the webview.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BotmockClient } from '../../../src/api/botmock';
import { BotpressClient } from '../../../src/api/botpress';
import { HttpClient } from '../../../src/api/http';
import { walk } from '../../../src/core/render/model';
import { renderPayload } from '../../../src/core/render/payload';
import { BoardController } from '../../../src/webviews/chat/boardController';
import { ChatController, type ChatDeps } from '../../../src/webviews/chat/chatController';
import { ConversationController } from '../../../src/webviews/chat/conversationController';
import type { ChatItem, HostMessage, Status } from '../../../src/webviews/chat/protocol';
import { TranscriptState, type PanelController } from '../../../src/webviews/chat/state';
import { BoardViewer } from '../../../media/chat/board';
import { startEmulator, type Emulator } from '../../../src/emulator';

let emu: Emulator;
let http: HttpClient;
let account: BotpressClient;
let workspaceId: string;
let supportBot: string;
let plainBot: string;

before(async () => {
  emu = await startEmulator({ seed: 'demo', replyDelayMs: [20, 40] });
  http = new HttpClient();
  account = new BotpressClient({ apiUrl: emu.url, token: emu.token, http });
  const { workspaces } = await account.listWorkspaces({});
  workspaceId = workspaces.find((w) => w.name === 'Acme Support')!.id;
  const bots: { id: string; name: string }[] = [];
  for (const dev of [false, true]) for await (const bot of account.withWorkspace(workspaceId).iterate('listBots', { dev })) bots.push(bot);
  supportBot = bots.find((b) => b.name === 'support-bot')!.id;
  plainBot = bots.find((b) => b.name === 'sales-assistant')!.id;
});

after(async () => {
  await http.close();
  await emu.close();
});

/** A controller started on a state whose posts are recorded, with helpers to wait for what it shows. */
function run(controller: PanelController) {
  const posted: HostMessage[] = [];
  const waiters: (() => void)[] = [];
  const state = new TranscriptState(controller.view, (m) => {
    posted.push(m);
    for (const w of waiters.splice(0)) w();
  });
  controller.start(state);
  const items = () => {
    const all = new Map<string, ChatItem>();
    for (const m of posted) {
      if (m.type !== 'messages') continue;
      if (m.reset) all.clear();
      for (const id of m.remove ?? []) all.delete(id);
      for (const i of m.items) all.set(i.id, i);
    }
    return [...all.values()];
  };
  const status = (): Status | null | undefined => posted.filter((m) => m.type === 'status').at(-1)?.status;
  const until = async <T>(what: string, check: () => T | undefined | false | null, ms = 5000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; status: ${JSON.stringify(status())}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return { posted, items, status, until };
}

function chatDeps(
  secrets = new Map<string, string>(),
  memento = new Map<string, unknown>(),
  confirm = true,
  chatApiUrl = `${emu.url}/chat`,
  client = http,
): ChatDeps {
  return {
    botpress: async (t) => (t.botId ? account.withWorkspace(t.workspaceId).withBot(t.botId) : account.withWorkspace(t.workspaceId)),
    chatApiUrl: () => chatApiUrl,
    http: client,
    secrets: {
      get: async (k: string) => secrets.get(k),
      store: async (k: string, v: string) => void secrets.set(k, v),
      delete: async (k: string) => void secrets.delete(k),
      keys: async () => [...secrets.keys()],
      onDidChange: () => ({ dispose() {} }),
    },
    memento: {
      get: <T>(k: string, d?: T) => (memento.has(k) ? (memento.get(k) as T) : d),
      update: async (k: string, v: unknown) => void memento.set(k, v),
      keys: () => [...memento.keys()],
    },
    confirmInstall: async () => confirm,
    output: { info() {}, error() {} },
  } as ChatDeps;
}

const textOfItem = (i: ChatItem) => (i.payload as { text?: string }).text ?? '';

test('chat: send, see the reply on the live stream, click a choice, typing indicator', async () => {
  const secrets = new Map<string, string>();
  const memento = new Map<string, unknown>();
  const chat = new ChatController({ workspaceId, botId: supportBot, name: 'support-bot' }, chatDeps(secrets, memento));
  const panel = run(chat);
  try {
    await panel.until('connected', () => chat.currentConversationId && panel.status() === null);
    await chat.handle({ method: 'send', text: 'show me a choice' });
    assert.ok(panel.posted.some((m) => m.type === 'typing' && m.on));
    const choice = await panel.until('the choice reply', () =>
      panel.items().find((i) => (i.payload as { type: string }).type === 'choice'),
    );
    assert.equal(choice.side, 'bot');
    const rendered = renderPayload(choice.payload, { interactive: true });
    const option = [...walk(rendered)].find((e) => e.tag === 'button' && e.action?.kind === 'send')!.action!;
    assert.equal(option.kind, 'send');
    if (option.kind !== 'send') return;
    await chat.handle({ method: 'send', text: option.text, value: option.value });
    await panel.until('the echo of the choice', () => panel.items().find((i) => textOfItem(i) === `You said: ${option.text}`));
    const mine = panel.items().filter((i) => i.side === 'user');
    assert.deepEqual(mine.map(textOfItem), ['show me a choice', option.text], 'the bubble shows the label clicked');
    assert.notEqual(option.text, option.value);
    assert.equal((mine[1]!.payload as { value?: string }).value, option.value, 'the message the server stored carries the value');
    assert.ok(mine.every((i) => !i.pending && !i.id.startsWith('pending:')));
    await panel.until(
      'typing off',
      () =>
        panel.posted.filter((m) => m.type === 'typing').at(-1)?.type === 'typing' &&
        !(panel.posted.filter((m) => m.type === 'typing').at(-1) as { on: boolean }).on,
    );
    assert.equal(secrets.size, 1, 'one chat user per bot, its key kept');
  } finally {
    chat.dispose();
  }

  // Reopened: the same user and conversation, with its history.
  const again = new ChatController({ workspaceId, botId: supportBot }, chatDeps(secrets, memento));
  const reopened = run(again);
  try {
    await reopened.until('history', () => reopened.items().length >= 4 && reopened.items());
    assert.equal(again.currentConversationId, chat.currentConversationId);
    assert.equal(reopened.items()[0].side, 'user');
    assert.equal(textOfItem(reopened.items()[0]), 'show me a choice');
    const first = again.currentConversationId;
    await again.handle({ method: 'newConversation' });
    assert.notEqual(again.currentConversationId, first);
    assert.equal(reopened.items().length, 0);
    assert.equal(secrets.size, 1);
  } finally {
    again.dispose();
  }
});

test('chat: a user key belongs to the Chat API origin that minted it, and is never sent to another', async () => {
  const sent: { origin: string; key?: string }[] = [];
  class Recording extends HttpClient {
    override request<T>(req: Parameters<HttpClient['request']>[0]) {
      sent.push({ origin: new URL(req.url).origin, key: req.headers?.['x-user-key'] });
      return super.request<T>(req);
    }
  }
  const recording = new Recording();
  const secrets = new Map<string, string>();
  // What older versions stored, bound to no origin: it moves to the configured one.
  const first = new ChatController({ workspaceId, botId: supportBot }, chatDeps(secrets, new Map(), true, `${emu.url}/chat`, recording));
  const one = run(first);
  await one.until('connected', () => first.currentConversationId && one.status() === null);
  first.dispose();
  const [[storedKey, storedUser]] = [...secrets];
  assert.ok(storedKey.startsWith(`botpress.chat.user/${emu.url}/${supportBot}/`), storedKey);
  const legacyKey = storedKey.replace(`/${emu.url}`, '');
  secrets.clear();
  secrets.set(legacyKey, storedUser);

  const migrated = new ChatController({ workspaceId, botId: supportBot }, chatDeps(secrets, new Map(), true, `${emu.url}/chat`, recording));
  const two = run(migrated);
  await two.until('connected again', () => migrated.currentConversationId && two.status() === null);
  migrated.dispose();
  assert.deepEqual([...secrets.keys()], [storedKey], 'the legacy key moved to the origin it was meant for');

  const otherOrigin = emu.url.replace('127.0.0.1', 'localhost');
  const elsewhere = new ChatController(
    { workspaceId, botId: supportBot },
    chatDeps(secrets, new Map(), true, `${otherOrigin}/chat`, recording),
  );
  const three = run(elsewhere);
  await three.until('connected elsewhere', () => elsewhere.currentConversationId && three.status() === null);
  elsewhere.dispose();
  await recording.close();
  const key = JSON.parse(storedUser).key as string;
  assert.ok(sent.some((s) => s.origin === emu.url && s.key === key));
  assert.ok(
    sent.some((s) => s.origin === otherOrigin),
    'the other origin was used',
  );
  assert.ok(!sent.some((s) => s.origin === otherOrigin && s.key === key), "the first origin's key never went to the other");
  assert.equal(secrets.size, 2, 'one user per origin');
});

test('chat: a bot without the chat integration says so, offers to install it, then chats', async () => {
  const declined = new ChatController({ workspaceId, botId: plainBot }, chatDeps(undefined, undefined, false));
  const refused = run(declined);
  const offer = await refused.until('the install offer', () => refused.status()?.actions?.includes('installChat') && refused.status());
  assert.match(offer.text, /does not have the chat integration installed/);
  await declined.handle({ method: 'installChat' });
  const { bot: untouched } = await account.withWorkspace(workspaceId).getBot({ id: plainBot });
  assert.ok(!Object.values(untouched.integrations).some((i) => i.name === 'chat'), 'nothing installed without confirmation');
  declined.dispose();

  const chat = new ChatController({ workspaceId, botId: plainBot }, chatDeps());
  const panel = run(chat);
  try {
    await panel.until('the install offer', () => panel.status()?.actions?.includes('installChat'));
    await chat.handle({ method: 'installChat' });
    await panel.until('connected', () => chat.currentConversationId && panel.status() === null);
    await chat.handle({ method: 'send', text: 'hello' });
    await panel.until('the reply', () => panel.items().find((i) => textOfItem(i) === 'You said: hello'));
  } finally {
    chat.dispose();
  }
});

test('conversation: read-only, every payload type drawn, new messages appear while open', async () => {
  const bot = account.withWorkspace(workspaceId).withBot(supportBot);
  const all: string[] = [];
  for await (const c of bot.iterate('listConversations')) all.push(c.id);
  const controller = new ConversationController(
    { workspaceId, botId: supportBot, conversationId: all.at(-1)! },
    { botpress: async () => bot, output: { error() {} }, pollMs: 50 },
  );
  const panel = run(controller);
  try {
    const items = await panel.until('messages', () => panel.items().length >= 12 && panel.items());
    const types = new Set(items.map((i) => (i.payload as { type: string }).type));
    for (const t of ['text', 'markdown', 'image', 'audio', 'video', 'file', 'location', 'card', 'carousel', 'choice', 'dropdown', 'bloc']) {
      assert.ok(types.has(t), `a ${t} message`);
    }
    for (const item of items) {
      const out = renderPayload(item.payload, { interactive: false });
      assert.notEqual(out.className, 'payload payload-json', JSON.stringify(item.payload));
      assert.equal([...walk(out)].filter((e) => e.action?.kind === 'send').length, 0, 'read-only: nothing sends');
    }
    assert.equal(controller.view.canSend, false);
    const sorted = [...items].sort((a, b) => (a.createdAt! < b.createdAt! ? -1 : 1));
    assert.deepEqual(
      items.map((i) => i.id),
      sorted.map((i) => i.id),
      'oldest first',
    );
    const sample = items[0].raw as { userId: string; conversationId: string };
    // As bots send them: the type beside the payload, not in it.
    await bot.createMessage({
      conversationId: sample.conversationId,
      userId: sample.userId,
      type: 'text',
      payload: { text: 'a late message' },
      tags: {},
    });
    const late = await panel.until('the new message', () => panel.items().find((i) => textOfItem(i) === 'a late message'));
    assert.notEqual(renderPayload(late.payload, { interactive: false }).className, 'payload payload-json', 'drawn as text, not as JSON');
  } finally {
    controller.dispose();
  }
});

test('boards: the three Botmock shapes open, with intents, entities and variables', async () => {
  const botmock = new BotmockClient({ apiUrl: `${emu.url}/botmock/api`, token: emu.token, http });
  const boards = [
    { projectId: '16f1c520-05c6-11e7-bc31-5554df9b496b', boardId: '16f212e0-05c6-11e7-a955-8d23fe368669', kind: 'mock' },
    { projectId: 'c3840a70-d703-11ea-bcce-b3fe51594023', boardId: 'c38a2d10-d703-11ea-8f47-834576e545ab', kind: 'flow' },
    { projectId: '5a9984a0-1e3b-11e8-9a4e-3b1c6f0e2d18', boardId: '5a99d2c0-1e3b-11e8-9a4e-3b1c6f0e2d18', kind: 'flow' },
  ];
  for (const b of boards) {
    const controller = new BoardController(
      { teamId: '38881', projectId: b.projectId, boardId: b.boardId },
      { botmock: async () => botmock },
    );
    const panel = run(controller);
    const board = await panel.until(`board ${b.boardId}`, () => panel.posted.find((m) => m.type === 'board'));
    assert.equal(board.type === 'board' && board.board.kind, b.kind);
    if (board.type !== 'board') continue;
    assert.ok(board.board.board.messages.length > 0);
    const state = new BoardViewer(board.board).state();
    assert.ok(state.items.length > 0 || state.path, `${b.boardId} shows messages, or where the walk starts`);
    if (b.kind === 'flow') assert.ok(state.choices.length > 0, `${b.boardId} offers branches`);
    await panel.until('no error', () => panel.status() === null || panel.status()?.level === 'warning');
  }
  const flow = new BoardController(
    { teamId: '38881', projectId: boards[1].projectId, boardId: boards[1].boardId },
    { botmock: async () => botmock },
  );
  const panel = run(flow);
  const posted = await panel.until('board', () => panel.posted.find((m) => m.type === 'board'));
  if (posted.type === 'board') {
    assert.equal(posted.board.intents.length, 13);
    assert.equal(posted.board.entities.length, 2);
    assert.equal(posted.board.variables.length, 4);
  }
  const missing = new BoardController(
    { teamId: '38881', projectId: boards[1].projectId, boardId: 'no-such-board' },
    { botmock: async () => botmock },
  );
  const failed = run(missing);
  const error = await failed.until('an error', () => failed.status()?.level === 'error' && failed.status());
  assert.deepEqual(error.actions, ['retry']);
  assert.match(error.text, /^Could not open the board: ResourceNotFound: /, 'the official error type, as describeError says it');
  await assert.rejects(missing.handle({ method: 'send', text: 'hi' }), /A board panel cannot send/);
});
