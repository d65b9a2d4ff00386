// The Botpress explorer's providers in the real extension host, against the emulator (the workbench
// passes its token as BP_TOKEN / BP_API_URL): the tree walked level by level, paging, error and empty
// rows, resource documents, the authentication provider, and Pull Bot Definition. (Copy Id is in the UI
// test: the web host's clipboard needs the browser's permission.)
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HttpClient } from '../../src/api/http';
import { BotpressClient } from '../../src/api/botpress';
import { ChatClient, chatWebhook } from '../../src/api/chat';
import { testUser } from '../../src/core/convo/run';
import { Setting } from '../../src/ids';
import { BotpressAccounts } from '../../src/auth/access';
import { UserSettings } from '../../src/settings';
import { BotNode, ConversationNode } from '../../src/views/botpress/bot';
import { ErrorNode, ExplorerNode, LoadMoreNode, LogsNode, MessageNode } from '../../src/views/botpress/rows';
import { findBot } from '../../src/views/botpress/reveal';
import { BotpressTreeProvider } from '../../src/views/botpress/tree';
import { AccountNode, WorkspaceNode } from '../../src/views/botpress/workspace';
import { activateProduct, test, waitFor } from './harness';

/** Accounts over in-memory state and secrets, so the tests never touch the product's own. */
function accounts(http = new HttpClient({ retry: { maxAttempts: 1 } })): BotpressAccounts {
  const state = new Map<string, unknown>();
  const secrets = new Map<string, string>();
  const globalState = {
    get: (k: string) => state.get(k),
    update: async (k: string, v: unknown) => void state.set(k, v),
    keys: () => [...state.keys()],
  };
  const secretStorage = {
    get: async (k: string) => secrets.get(k),
    store: async (k: string, v: string) => void secrets.set(k, v),
    delete: async (k: string) => void secrets.delete(k),
  };
  return new BotpressAccounts(
    { globalState, secrets: secretStorage } as unknown as Pick<vscode.ExtensionContext, 'globalState' | 'secrets'>,
    http,
    new UserSettings(
      () => vscode.workspace.getConfiguration(),
      () => {},
    ),
  );
}

const label = (node: ExplorerNode) => {
  const l = node.treeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
};

async function child(tree: BotpressTreeProvider, parent: ExplorerNode | undefined, name: string): Promise<ExplorerNode> {
  const kids = await tree.getChildren(parent);
  const found = kids.find((k) => label(k) === name);
  assert.ok(found, `no "${name}" under ${parent ? label(parent) : 'the root'}: ${kids.map(label).join(', ')}`);
  return found;
}

/** Every row of a paged list, loading more until the end. */
async function allRows(tree: BotpressTreeProvider, list: ExplorerNode): Promise<{ rows: ExplorerNode[]; pages: number }> {
  let rows = await tree.getChildren(list);
  let pages = 1;
  while (rows.at(-1) instanceof LoadMoreNode) {
    await tree.loadMore(rows.at(-1) as LoadMoreNode);
    rows = await tree.getChildren(list);
    pages++;
  }
  return { rows, pages };
}

/** support-bot, a dev bot: listed after the workspace's production bots. */
async function supportBot(tree: BotpressTreeProvider): Promise<BotNode> {
  const [account] = await tree.getChildren();
  const bots = await child(tree, await child(tree, account, 'Acme Support'), 'Bots');
  const bot = (await allRows(tree, bots)).rows.find((k) => label(k) === 'support-bot');
  assert.ok(bot instanceof BotNode, 'support-bot is listed');
  return bot;
}

test('explorer: the environment account lists its workspaces, and a workspace its folders', async () => {
  assert.ok(process.env.BP_TOKEN, 'the workbench passes the emulator token as BP_TOKEN');
  const tree = new BotpressTreeProvider(accounts());
  const roots = await tree.getChildren();
  assert.equal(roots.length, 1);
  assert.equal(roots[0].treeItem().contextValue, 'account');
  const workspaces = (await tree.getChildren(roots[0])).map(label);
  assert.deepEqual(workspaces.sort(), ['Acme Support', 'Personal Sandbox']);
  const folders = (await tree.getChildren(await child(tree, roots[0], 'Acme Support'))).map(label);
  assert.deepEqual(folders, ['Bots', 'Integrations', 'Plugins', 'Interfaces', 'Hub', 'Usage']);
  tree.dispose();
});

test('explorer: 53 bots load a page at a time with "Load more…", production then dev, each page once', async () => {
  // The demo has 48 production bots, then 5 dev bots: the page that ends the production list runs
  // on into the dev list, so three pages show all 53.
  const tree = new BotpressTreeProvider(accounts());
  const [account] = await tree.getChildren();
  const bots = await child(tree, await child(tree, account, 'Acme Support'), 'Bots');
  const [first, again] = await Promise.all([tree.getChildren(bots), tree.getChildren(bots)]);
  assert.equal(first.length, 21, '20 bots and a Load more row');
  assert.ok(
    first.slice(0, 20).every((node, i) => node === again[i]),
    'two expansions share one load',
  );
  const { rows, pages } = await allRows(tree, bots);
  assert.equal(pages, 3);
  const botNodes = rows.filter((r): r is BotNode => r instanceof BotNode);
  assert.equal(botNodes.length, 53);
  assert.equal(new Set(botNodes.map((b) => b.botId)).size, 53, 'no bot twice');
  const firstDev = botNodes.findIndex((b) => b.dev);
  assert.ok(firstDev > 0 && botNodes.slice(firstDev).every((b) => b.dev), 'dev bots come after production bots');
  const support = botNodes.find((b) => b.name === 'support-bot')!;
  const item = support.treeItem();
  assert.match(String(item.description), /^dev · (deployed|never deployed)/);
  assert.match((item.tooltip as vscode.MarkdownString).value, new RegExp(support.botId));
  assert.equal(item.contextValue, 'bot');
  tree.dispose();
});

test('explorer: a bot shows its integrations with status, states, tags, events, conversations and logs', async () => {
  const tree = new BotpressTreeProvider(accounts());
  const bot = await supportBot(tree);
  const groups = await tree.getChildren(bot);
  assert.deepEqual(groups.map(label), [
    'Integrations',
    'Plugins',
    'States',
    'Tags',
    'Events',
    'Tables',
    'Conversations',
    'Logs',
    'Knowledge',
    'Files',
    'Issues',
    'Versions',
  ]);
  const group = (name: string) => groups.find((g) => label(g) === name)!;
  const integrations = (await tree.getChildren(group('Integrations'))).map((n) => `${label(n)} ${n.treeItem().description}`);
  assert.ok(
    integrations.some((t) => /^telegram \S+ · disabled$/.test(t)),
    integrations.join(' | '),
  );
  assert.ok(
    integrations.some((t) => /^chat \S+ · registered$/.test(t)),
    integrations.join(' | '),
  );
  assert.deepEqual((await tree.getChildren(group('States'))).map(label), ['cart', 'profile', 'settings']);
  assert.deepEqual((await tree.getChildren(group('Events'))).map(label), ['orderPlaced']);
  const userTags = await child(tree, group('Tags'), 'User tags');
  assert.ok((await tree.getChildren(userTags)).length > 0);
  // "Tags" counts the tags of its three kinds, not the kinds.
  let tags = 0;
  for (const kind of await tree.getChildren(group('Tags')))
    tags += (await tree.getChildren(kind)).filter((n) => n.treeItem().contextValue === 'tag').length;
  assert.equal(tags, 2, 'email and topic');
  assert.equal(group('Tags').treeItem().description, String(tags));
  // An integration installed under its own name reads like the others: "slack 1.2.0", not "slack slack@1.2.0".
  assert.ok(!integrations.some((t) => /^(\S+) \1@/.test(t)), integrations.join(' | '));
  const tables = await tree.getChildren(group('Tables'));
  assert.deepEqual(
    tables.map((n) => `${label(n)} ${n.treeItem().description}`),
    ['faqTable 15 rows · 3 columns', 'ordersTable 300 rows · 12 columns', 'plansTable 3 rows · 3 columns · frozen'],
  );
  const conversations = await tree.getChildren(group('Conversations'));
  assert.equal(conversations.length, 21, '24 conversations: a page of 20 and Load more');
  const conversation = conversations[0].treeItem();
  assert.equal(conversation.contextValue, 'conversation');
  assert.equal(conversation.command?.command, 'botpress.openConversation');
  assert.deepEqual(Object.keys(conversation.command?.arguments?.[0]).sort(), ['botId', 'conversationId', 'title', 'workspaceId']);
  assert.equal(conversation.command?.arguments?.[0].title, conversation.label, 'the tab is named as the row');
  const logs = group('Logs');
  assert.ok(logs instanceof LogsNode);
  assert.equal(logs.treeItem().command?.command, 'botpress.openLogs');
  assert.deepEqual(logs.treeItem().command?.arguments?.[0], { workspaceId: bot.workspaceId, botId: bot.botId, name: 'support-bot' });
  tree.dispose();
});

test('explorer: an empty list says so', async () => {
  const tree = new BotpressTreeProvider(accounts());
  const [account] = await tree.getChildren();
  const bots = await child(tree, await child(tree, account, 'Personal Sandbox'), 'Bots');
  const echo = await child(tree, bots, 'echo');
  const conversations = await child(tree, echo, 'Conversations');
  const rows = await tree.getChildren(conversations);
  assert.equal(rows.length, 1);
  assert.ok(rows[0] instanceof MessageNode);
  assert.match(label(rows[0]), /^No conversations yet/);
  tree.dispose();
});

test('explorer: an unreachable service becomes an error row that retries on click', async () => {
  const store = accounts();
  await store.store.add({ label: 'Nowhere', apiUrl: 'http://127.0.0.1:9', token: 'x' });
  const tree = new BotpressTreeProvider(store);
  const roots = await tree.getChildren();
  const nowhere = roots.find((r) => label(r) === 'Nowhere')!;
  assert.equal(nowhere.treeItem().contextValue, 'account', 'the newly added account is the active one');
  const rows = await tree.getChildren(nowhere);
  assert.equal(rows.length, 1);
  const error = rows[0];
  assert.ok(error instanceof ErrorNode);
  const item = error.treeItem();
  assert.match(label(error), /^Could not load workspaces: Could not reach 127\.0\.0\.1:9/);
  assert.equal(item.command?.command, 'botpress.explorer.loadMore');
  await tree.loadMore(error);
  assert.ok((await tree.getChildren(nowhere))[0] instanceof ErrorNode, 'still failing, still an error row');
  tree.dispose();
});

test('explorer: a refused token becomes an error row that offers to sign in again', async () => {
  const store = accounts();
  await store.store.add({ label: 'Revoked', apiUrl: process.env.BP_API_URL!, token: 'revoked-token' });
  const tree = new BotpressTreeProvider(store);
  const revoked = (await tree.getChildren()).find((r) => label(r) === 'Revoked')!;
  const [row] = await tree.getChildren(revoked);
  assert.ok(row instanceof ErrorNode);
  assert.match(label(row), /^Could not load workspaces: Unauthorized: /);
  assert.equal(row.treeItem().command?.command, 'botpress.signIn');
  tree.dispose();
});

test('documents: a Botmock project, read-only', async () => {
  await activateProduct();
  assert.ok(process.env.BOTMOCK_TOKEN, 'the workbench passes the emulator token as BOTMOCK_TOKEN');
  const project = await vscode.workspace.openTextDocument(
    vscode.Uri.parse('botmock:/teams/38881/projects/c3840a70-d703-11ea-bcce-b3fe51594023.yaml'),
  );
  assert.match(project.getText(), /Botium Exporter Test/);
  const intents = await vscode.workspace.openTextDocument(
    vscode.Uri.parse('botmock:/teams/38881/projects/c3840a70-d703-11ea-bcce-b3fe51594023/intents.json'),
  );
  assert.ok(Array.isArray(JSON.parse(intents.getText())));
});

test('documents: a bot, one of its states, and JSON, read-only and refreshable', async () => {
  await activateProduct();
  const tree = new BotpressTreeProvider(accounts());
  const bot = await supportBot(tree);
  const base = `botpress:/workspaces/${bot.workspaceId}/bots/${bot.botId}`;
  const yaml = await vscode.workspace.openTextDocument(vscode.Uri.parse(`${base}.yaml`));
  assert.match(yaml.getText(), new RegExp(`^id: ${bot.botId}\nname: support-bot$`, 'm'), 'id and name first');
  assert.match(yaml.getText(), /^signingSecret: "?\(hidden/m);
  const json = JSON.parse((await vscode.workspace.openTextDocument(vscode.Uri.parse(`${base}.json`))).getText());
  assert.equal(json.id, bot.botId);
  const state = await vscode.workspace.openTextDocument(vscode.Uri.parse(`${base}/states/cart.yaml`));
  assert.match(state.getText(), /^cart:\n {2}type: conversation$/m);
  await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(vscode.Uri.parse(`${base}/states/nope.yaml`))), /nope/);
  await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(vscode.Uri.parse(`${base}.yaml`), new Uint8Array())));
  await vscode.commands.executeCommand('botpress.refreshDocument', yaml.uri);
  tree.dispose();
});

test('accounts: the environment account is an account of the "botpress" authentication provider, named as Botpress names it', async () => {
  await activateProduct();
  const found = await waitFor(
    async () => {
      const all = await vscode.authentication.getAccounts('botpress');
      return all.length === 1 && all[0].label !== 'Environment (BP_TOKEN)' ? all : undefined;
    },
    10_000,
    'the account name',
  );
  assert.deepEqual(
    found!.map((a) => ({ id: a.id, label: a.label })),
    [{ id: 'environment', label: 'Demo Developer' }],
  );
});

test('commands: pull bot definition writes bot.definition.yaml (asking before replacing: the UI test)', async () => {
  await activateProduct();
  const tree = new BotpressTreeProvider(accounts());
  const bot = await supportBot(tree);

  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the workbench opens a folder');
  const file = vscode.Uri.joinPath(folder, 'bot.definition.yaml');
  const original = await vscode.workspace.fs.readFile(file).then(
    (b) => b,
    () => undefined,
  );
  if (original) await vscode.workspace.fs.delete(file);
  try {
    const written = await vscode.commands.executeCommand<vscode.Uri>('botpress.pullBotDefinition', {
      workspaceId: bot.workspaceId,
      botId: bot.botId,
    });
    assert.equal(written?.toString(), file.toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    assert.match(text, /^# Pulled from bot "support-bot"/);
    assert.match(text, new RegExp(`^id: ${bot.botId}$`, 'm'));
    assert.match(text, /^states:\n {2}cart:/m);
  } finally {
    if (original) await vscode.workspace.fs.writeFile(file, original);
    else await vscode.workspace.fs.delete(file);
  }
  tree.dispose();
});

test('explorer: after a deploy the bot row says when it was deployed, and its folders show what changed', async () => {
  const store = accounts();
  const tree = new BotpressTreeProvider(store);
  const bot = await supportBot(tree);
  const states = async () => (await tree.getChildren(bot)).find((g) => label(g) === 'States')!;
  const before = Number((await states()).treeItem().description);
  const client = await store.client({ workspaceId: bot.workspaceId });
  await client.updateBot({ id: bot.botId, code: 'module.exports = {}', states: { visits: { type: 'user', schema: { type: 'object' } } } });
  try {
    await tree.deployed({ workspaceId: bot.workspaceId, botId: bot.botId, created: false });
    assert.match(String(tree.getTreeItem(bot).description), /^dev · deployed just now$/);
    assert.equal(Number((await states()).treeItem().description), before + 1, 'the States folder counts the new state');
  } finally {
    await client.updateBot({ id: bot.botId, states: { visits: null } });
    tree.dispose();
  }
});

test('explorer: conversation rows say who talks and what was said last, newest first', async () => {
  const tree = new BotpressTreeProvider(accounts());
  const bot = await supportBot(tree);
  const conversations = (await child(tree, bot, 'Conversations')) as ExplorerNode;
  const rows = (await tree.getChildren(conversations)).filter((r): r is ConversationNode => r instanceof ConversationNode);
  const names = new Set(rows.map(label));
  assert.ok(names.has('Ada Lovelace') && names.has('Grace Hopper'), [...names].join(', '));
  const times = rows.map((r) => r.conversation.updatedAt);
  assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  const descriptions = rows.map((r) => String(r.treeItem().description));
  assert.ok(
    descriptions.some((d) => /^Hi, I have a question about my \w+ · /.test(d) || /^bot: /.test(d)),
    descriptions.join(' | '),
  );
  assert.ok(new Set(descriptions).size > 1, 'rows differ');
  tree.dispose();
});

test('documents: Open as YAML titles the tab with the resource name, its ids in the address', async () => {
  await activateProduct();
  const tree = new BotpressTreeProvider(accounts());
  const bot = await supportBot(tree);
  const states = await child(tree, bot, 'States');
  const cart = await child(tree, states, 'cart');
  for (const [node, path] of [
    [bot, '/Acme Support/Bots/support-bot.yaml'],
    [cart, '/Acme Support/Bots/support-bot/States/cart.yaml'],
  ] as const) {
    await vscode.commands.executeCommand('botpress.openResource', node);
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.path, path);
    assert.match(doc.uri.query, new RegExp(`/workspaces/${bot.workspaceId}/bots/${bot.botId}`));
    assert.match(doc.getText(), node === bot ? new RegExp(`^id: ${bot.botId}$`, 'm') : /^cart:$/m);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  tree.dispose();
});

test('explorer: the account row shows the name Botpress gives the account, not where its token came from', async () => {
  const store = accounts();
  const tree = new BotpressTreeProvider(store);
  const [account] = await tree.getChildren();
  await waitFor(() => store.names.of((account as AccountNode).account) === 'Demo Developer', 5_000, 'the account name');
  const item = tree.getTreeItem(account);
  assert.equal(label(account), 'Demo Developer');
  assert.match(String(item.description), /^BP_TOKEN · 127\.0\.0\.1:\d+$/);
  tree.dispose();
});

test('explorer: a workspace filter shows the matching bots and integrations of every page, and clears', async () => {
  const tree = new BotpressTreeProvider(accounts());
  const [account] = await tree.getChildren();
  const acme = (await child(tree, account, 'Acme Support')) as WorkspaceNode;
  const bots = await child(tree, acme, 'Bots');
  const integrations = await child(tree, acme, 'Integrations');
  tree.setFilter(acme, 'Support');
  assert.match(String(tree.getTreeItem(acme).description), /filter “Support”$/);
  const matching = await tree.getChildren(bots);
  assert.equal(label(matching[0]), '1 of 53 match “Support”', 'the bot of the third page is found: every page was loaded');
  assert.equal(matching[0].treeItem().command?.command, 'botpress.explorer.filter');
  assert.deepEqual(matching.slice(1).map(label), ['support-bot']);
  tree.setFilter(acme, 'acme');
  const own = await tree.getChildren(integrations);
  assert.match(label(own[0]), /^2 of \d+ match “acme”$/);
  assert.deepEqual(own.slice(1).map(label), ['acme-crm@0.1.0', 'acme-ticketing@0.1.0']);
  tree.setFilter(acme, ' ');
  assert.equal(acme.filterText, undefined);
  assert.equal((await tree.getChildren(bots)).filter((r) => r instanceof BotNode).length, 53, 'all bots again, nothing fetched twice');
  tree.dispose();
});

test('explorer: Find Bot selects a bot of the third page, loading the pages up to it', async () => {
  const tree = new BotpressTreeProvider(accounts());
  const [account] = await tree.getChildren();
  const acme = (await child(tree, account, 'Acme Support')) as WorkspaceNode;
  const bots = await child(tree, acme, 'Bots');
  assert.ok((await tree.getChildren(bots)).at(-1) instanceof LoadMoreNode, 'one page loaded');
  const support = (await supportBot(new BotpressTreeProvider(accounts()))).botId;
  assert.equal((await findBot(tree, acme.workspaceId, support))?.botId, support);
  assert.ok((await tree.getChildren(bots)).some((r) => r instanceof BotNode && r.botId === support));
  assert.equal(await findBot(tree, acme.workspaceId, 'no-such-bot'), undefined);
  tree.dispose();
});

test("explorer: a state's Show Value opens what it holds, read-only (a bot state needs no id)", async () => {
  await activateProduct();
  const tree = new BotpressTreeProvider(accounts());
  const bot = await supportBot(tree);
  const settings = await child(tree, await child(tree, bot, 'States'), 'settings');
  assert.equal(settings.treeItem().contextValue, 'state');
  await vscode.commands.executeCommand('botpress.showStateValue', settings);
  const doc = await waitFor(
    () => vscode.window.activeTextEditor?.document.uri.query.includes('/states/settings/bot/') && vscode.window.activeTextEditor.document,
    10_000,
    'the value',
  );
  assert.ok(doc);
  assert.match(doc.getText(), /^payload:\n {2}greeting: Hello!$/m);
  assert.equal(doc.uri.path, '/Acme Support/Bots/support-bot/States/settings of support-bot.yaml', 'named, not by ids');
  await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(doc.uri, new Uint8Array())));
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  tree.dispose();
});

test('explorer: an installed integration is disabled and enabled again from its row', async () => {
  await activateProduct();
  const store = accounts();
  const tree = new BotpressTreeProvider(store);
  const bot = await supportBot(tree);
  const chat = await child(tree, await child(tree, bot, 'Integrations'), 'chat');
  assert.equal(chat.treeItem().contextValue, 'botIntegration.enabled');
  const key = (chat.resource as { name: string }).name;
  const client = await store.client({ workspaceId: bot.workspaceId });
  const enabled = async () => (await client.getBot({ id: bot.botId })).bot.integrations[key].enabled;
  await vscode.commands.executeCommand('botpress.disableIntegration', chat);
  assert.equal(await enabled(), false);
  await vscode.commands.executeCommand('botpress.enableIntegration', chat);
  assert.equal(await enabled(), true);
  tree.dispose();
});

test('explorer: conversations a test run made are hidden and counted, shown when the setting says so', async () => {
  const tree = new BotpressTreeProvider(accounts());
  const bot = (await supportBot(tree)) as BotNode;
  const http = new HttpClient({ retry: { maxAttempts: 1 } });
  const client = new BotpressClient({ apiUrl: process.env.BP_API_URL!, token: process.env.BP_TOKEN!, http }).withWorkspace(bot.workspaceId);
  const webhook = chatWebhook((await client.getBot({ id: bot.botId })).bot);
  assert.ok('webhookId' in webhook, 'support-bot has the chat integration');
  const chat = new ChatClient({ chatApiUrl: `${process.env.BP_API_URL}/chat`, webhookId: webhook.webhookId, http });
  // As a test run makes them (see runTests), and one a person starts.
  for (const user of [testUser, { name: 'A person' }]) {
    const me = chat.withUserKey((await chat.createUser(user)).key);
    const { conversation } = await me.createConversation();
    await me.createMessage({ conversationId: conversation.id, payload: { type: 'text', text: `hello from ${user.name}` } });
  }
  const conversations = await child(tree, bot, 'Conversations');
  const rows = await tree.getChildren(conversations);
  assert.match(label(rows[0]!), /^\d+\+? test conversations? hidden$/);
  const shown = rows.filter((r): r is ConversationNode => r instanceof ConversationNode);
  assert.ok(shown.some((r) => r.conversation.user?.name === 'A person'));
  assert.ok(!shown.some((r) => r.conversation.user?.test), 'no test conversation listed');
  const setting = vscode.workspace.getConfiguration();
  await setting.update(Setting.showTestConversations, true, vscode.ConfigurationTarget.Global);
  try {
    const all = await tree.getChildren(conversations);
    assert.ok(all.some((r) => r instanceof ConversationNode && r.conversation.user?.name === 'Conversation test'));
    assert.ok(!all.some((r) => /hidden$/.test(label(r))));
  } finally {
    await setting.update(Setting.showTestConversations, undefined, vscode.ConfigurationTarget.Global);
    await http.close();
    tree.dispose();
  }
});

test("explorer: a workspace's Usage lists its quotas (a warning past 80 %), usage by bot; its row's tooltip says the same", async () => {
  const tree = new BotpressTreeProvider(accounts());
  const [account] = await tree.getChildren();
  const acme = await child(tree, account, 'Acme Support');
  const usage = await child(tree, acme, 'Usage');
  const bots = (await child(tree, usage, 'Bots')).treeItem();
  assert.equal(bots.description, '53 / 60 · 88 %');
  assert.equal((bots.iconPath as vscode.ThemeIcon).id, 'warning');
  assert.equal(((await child(tree, usage, 'Table rows')).treeItem().iconPath as vscode.ThemeIcon).id, 'pass');
  const invocations = await child(tree, await child(tree, usage, 'By bot'), 'Invocations');
  const [top] = await tree.getChildren(invocations);
  assert.equal(label(top), 'hr-assistant', 'the bot with a month of traffic uses the most');
  const item = tree.getTreeItem(acme);
  assert.equal(item.tooltip, undefined, 'read when hovered');
  const tooltip = (await tree.resolveTreeItem(item, acme)).tooltip as vscode.MarkdownString;
  // As shown: escaped text (non-breaking spaces, backslashes) read back.
  const text = tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
  assert.match(text, /\$\(warning\) Bots: 53 of 60 \(88 %\)/);
  assert.match(text, /Table rows: [\d,]+ of 100,000/);
  tree.dispose();
});
