// What the current official CLI (7.1.2, generated from @botpress/api 1.122.0) sends, against the emulator with
// the official @botpress/client (1.x) and @botpress/chat: the newer fields, version ranges, dry runs,
// `x-multiple-integrations`, workspace handles and the Chat API's shared key.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client as ChatClient } from '@botpress/chat';
import { Client, isApiError } from '@botpress/client';
import { startEmulator, type Emulator } from '../../src/emulator';
import { newerFields } from '../../src/emulator/newer-fields';

let emu: Emulator;
let workspaceId: string;
let client: Client;
/** As `bp` makes it: `x-multiple-integrations: true` on every request. */
let cli: Client;

before(async () => {
  emu = await startEmulator({ seed: 'demo' });
  workspaceId = emu.store.workspaces.find((w) => w.name === 'Acme Support')!.id;
  client = new Client({ apiUrl: emu.url, token: emu.token, workspaceId });
  cli = new Client({ apiUrl: emu.url, token: emu.token, workspaceId, headers: { 'x-multiple-integrations': 'true' } });
});
after(() => emu.close());

const supportBot = () => [...emu.store.bots.values()].find((b) => b.bot.name === 'support-bot')!.bot;
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => assert.fail('expected an error'),
    (e: unknown) => {
      assert.ok(isApiError(e), String(e));
      return e;
    },
  );
type Any = any;
const untyped = (c: Client) => c as Any;

/**
 * A request as the CLI's newer client sends it: @botpress/client 1.x drops the body fields its spec lacks
 * (`name`/`version` on updateIntegration), so those go out as they are.
 */
async function send(method: string, path: string, body: object): Promise<Any> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${emu.token}`,
      'x-workspace-id': workspaceId,
      'content-type': 'application/json',
      'x-multiple-integrations': 'true',
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Any;
  if (!res.ok) throw Object.assign(new Error(json.message), { type: json.type, isApiError: true });
  return json;
}
const fails = async (p: Promise<unknown>) =>
  p.then(
    () => assert.fail('expected an error'),
    (e: { type: string }) => e.type,
  );

// Each newer field is exercised below; a field added to newer-fields.ts without a test here fails this one.
const interfaceOps = ['createIntegration', 'updateIntegration', 'validateIntegrationCreation', 'validateIntegrationUpdate'];
const tested = [
  'updateBot.secrets',
  'Bot.secrets',
  'updateIntegration.name',
  'updateIntegration.version',
  'validateIntegrationUpdate.name',
  'validateIntegrationUpdate.version',
  ...interfaceOps.flatMap((op) => [`${op}.interfaces.*.name`, `${op}.interfaces.*.version`]),
];
test('every newer field has its source and a test', () => {
  const listed = newerFields.map(
    (f) => `${'operation' in f.target ? f.target.operation : f.target.component}.${[...(f.at ?? []), f.property].join('.')}`,
  );
  assert.deepEqual(listed.sort(), [...tested].sort());
  for (const f of newerFields) assert.match(f.source, /packages\/cli\/src\//);
});

test('updateBot.secrets (newer field): accepted, names returned as bot.secrets, values never; null deletes', async () => {
  const { bot } = await client.createBot({ name: 'secretive' });
  const updated = (await untyped(cli).updateBot({ id: bot.id, secrets: { API_KEY: 'k1', OTHER: 'k2' } })).bot;
  assert.deepEqual([...updated.secrets].sort(), ['API_KEY', 'OTHER']);
  assert.ok(!JSON.stringify(updated).includes('k1'));
  const read = ((await client.getBot({ id: bot.id })).bot as Any).secrets;
  assert.deepEqual([...read].sort(), ['API_KEY', 'OTHER']);
  await untyped(cli).updateBot({ id: bot.id, secrets: { OTHER: null } });
  assert.deepEqual(((await client.getBot({ id: bot.id })).bot as Any).secrets, ['API_KEY']);
  assert.equal(emu.store.bots.get(bot.id)!.secrets!.API_KEY, 'k1');
  // Anything else unknown to the spec is still refused.
  assert.equal(await fails(send('PUT', `/v1/admin/bots/${bot.id}`, { secretz: {} })), 'InvalidPayload');
  assert.equal(await fails(send('PUT', `/v1/admin/bots/${bot.id}`, { secrets: { A: 1 } })), 'InvalidPayload');
  assert.deepEqual(emu.store.violations, []);
});

test('a bot`s secrets reach its code as SECRET_<NAME>, as the SDK reads them', async () => {
  const { bot } = await client.createBot({ name: 'reads-secrets' });
  const code = `exports.handler = async () => { console.info('key=' + process.env.SECRET_API_KEY); return { status: 200 } }`;
  await untyped(cli).updateBot({ id: bot.id, code, secrets: { API_KEY: 'v-42' } });
  const deadline = Date.now() + 10_000;
  const said = () => emu.store.logLines(bot.id).some((l) => l.message.includes('key=v-42'));
  while (!said() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(said(), JSON.stringify(emu.store.logLines(bot.id).slice(-3)));
});

async function deploy(name: string, version: string) {
  return (await client.createIntegration({ name, version, title: name } as Any)).integration;
}

test('updateIntegration name/version (newer fields): the same values pass, a new version moves it, a taken one is refused', async () => {
  const a = await deploy('acme/moving', '0.1.0');
  await deploy('acme/moving', '0.3.0');
  const update = (body: object) => send('PUT', `/v1/admin/integrations/${a.id}`, body);
  const same = (await update({ name: 'acme/moving', version: '0.1.0', title: 'Moving' })).integration;
  assert.equal(same.title, 'Moving');
  const moved = (await update({ version: '0.2.0' })).integration;
  assert.equal(moved.version, '0.2.0');
  assert.equal((await client.getIntegration({ id: a.id })).integration.version, '0.2.0');
  assert.equal((await client.getIntegrationByName({ name: 'acme/moving', version: '0.2.0' })).integration.id, a.id);
  assert.equal(await fails(update({ version: '0.3.0' })), 'AlreadyExists');
  assert.equal(await fails(update({ version: 'two' })), 'InvalidPayload');
  assert.equal(await fails(update({ version: 2 })), 'InvalidPayload');
  assert.equal(await fails(update({ dev: true })), 'InvalidPayload');
});

test('interfaces.*.name/version (newer fields): an implemented interface as the SDK declares it, create to dry run', async () => {
  const iface = {
    id: 'intrface_01KE6P4YM0KW2QX8P5GT3ZJXDJ',
    name: 'typing-indicator',
    version: '0.0.1',
    entities: {},
    actions: {},
    events: {},
    channels: {},
  };
  const body = { name: 'acme/implementer', version: '0.1.0', interfaces: { typing: iface } };
  assert.deepEqual(await send('POST', '/v1/admin/integrations/validate', body), {});
  const { integration } = await send('POST', '/v1/admin/integrations', body);
  assert.equal(integration.interfaces.typing.name, 'typing-indicator');
  assert.equal(integration.interfaces.typing.version, '0.0.1');
  const update = { interfaces: { typing: { ...iface, version: '0.0.2' } } };
  assert.deepEqual(await send('PUT', `/v1/admin/integrations/${integration.id}/validate`, update), {});
  assert.equal((await send('PUT', `/v1/admin/integrations/${integration.id}`, update)).integration.interfaces.typing.version, '0.0.2');
  const odd = { ...body, interfaces: { typing: { ...iface, alias: 'x' } } };
  assert.equal(await fails(send('POST', '/v1/admin/integrations/validate', odd)), 'InvalidPayload');
  assert.deepEqual(emu.store.violations, []);
});

test('getIntegrationByName / getPublicIntegration resolve semver ranges to the newest version that satisfies them', async () => {
  for (const v of ['0.1.0', '0.1.5', '0.2.0', '1.0.0', '1.2.3']) await deploy('acme/ranged', v);
  const version = async (v: string) => (await client.getIntegrationByName({ name: 'acme/ranged', version: v })).integration.version;
  assert.equal(await version('<0.2.0'), '0.1.5');
  assert.equal(await version('^1.0.0'), '1.2.3');
  assert.equal(await version('~0.1.0'), '0.1.5');
  assert.equal(await version('latest'), '1.2.3');
  assert.equal(await version('0.2.0'), '0.2.0');
  assert.equal(await version('>=0.1.0 <1.0.0'), '0.2.0');
  const none = await errorOf(client.getIntegrationByName({ name: 'acme/ranged', version: '<0.1.0' }));
  assert.equal(none.type, 'ResourceNotFound');
  // `bp deploy` looks for the previous version this way (findPreviousIntegrationVersion).
  assert.equal((await client.getPublicIntegration({ name: 'chat', version: '<1.0.0' })).integration.version, '0.5.1');
  assert.equal((await client.getPublicIntegration({ name: 'chat', version: '^0.5.0' })).integration.version, '0.5.1');
  assert.equal((await errorOf(client.getPublicIntegration({ name: 'chat', version: '>0.5.1' }))).type, 'ResourceNotFound');
  // A Hub integration found by name answers in the operation's own shape.
  assert.equal((await client.getIntegrationByName({ name: 'chat', version: 'latest' })).integration.name, 'chat');
  assert.deepEqual(emu.store.violations, []);
});

test('validateIntegrationCreation / validateIntegrationUpdate: the checks of create and update, nothing stored', async () => {
  const before = emu.store.integrations.size;
  assert.deepEqual(
    await untyped(client).validateIntegrationCreation({ name: 'acme/dry', version: '0.1.0', secrets: { API_KEY: 'x' } }),
    {},
  );
  assert.equal(emu.store.integrations.size, before);
  assert.equal((await errorOf(client.getIntegrationByName({ name: 'acme/dry', version: '0.1.0' }))).type, 'ResourceNotFound');
  const existing = await deploy('acme/dry', '0.1.0');
  assert.equal((await errorOf(untyped(client).validateIntegrationCreation({ name: 'acme/dry', version: '0.1.0' }))).type, 'AlreadyExists');
  assert.equal((await errorOf(untyped(client).validateIntegrationCreation({ name: 'acme/dry', version: 'x' }))).type, 'InvalidPayload');
  assert.equal(
    (await errorOf(untyped(client).validateIntegrationCreation({ name: 'acme/dry', version: '0.2.0', secrets: { apiKey: 'x' } }))).type,
    'InvalidPayload',
  );
  assert.equal(
    await fails(send('POST', '/v1/admin/integrations/validate', { name: 'acme/dry', version: '0.2.0', nope: 1 })),
    'InvalidPayload',
  );
  // An update as `bp deploy --dryRun` sends it: with name and version (newer fields).
  const update = { id: existing.id, name: 'acme/dry', version: '0.1.0', title: 'Changed' };
  const { id: _id, ...updateBody } = update;
  assert.deepEqual(await send('PUT', `/v1/admin/integrations/${existing.id}/validate`, updateBody), {});
  assert.deepEqual(await untyped(client).validateIntegrationUpdate(update), {});
  assert.equal((await client.getIntegration({ id: existing.id })).integration.title, 'acme/dry');
  await deploy('acme/dry', '0.2.0');
  assert.equal(
    await fails(send('PUT', `/v1/admin/integrations/${existing.id}/validate`, { ...updateBody, version: '0.2.0' })),
    'AlreadyExists',
  );
  assert.equal((await errorOf(untyped(client).validateIntegrationUpdate({ id: 'intver_nope', title: 'x' }))).type, 'ResourceNotFound');
  assert.deepEqual(emu.store.violations, []);
});

test('x-multiple-integrations: with it a bot`s integrations are keyed by alias, without it by integration id', async () => {
  const seeded = supportBot();
  const chatId = Object.values(seeded.integrations).find((i) => i.name === 'chat')!.id;
  const byAlias = (await cli.getBot({ id: seeded.id })).bot.integrations;
  assert.deepEqual(Object.keys(byAlias).sort(), ['chat', 'telegram', 'webchat']);
  const byId = (await client.getBot({ id: seeded.id })).bot.integrations;
  assert.equal(byId[chatId].name, 'chat');
  assert.deepEqual(
    Object.keys(byId).sort(),
    Object.values(byAlias)
      .map((i) => i.id)
      .sort(),
  );

  const { bot } = await client.createBot({ name: 'aliases' });
  // As `bp deploy` installs them: keyed by alias, with the integration's id; two instances of one integration.
  const installed = (
    await cli.updateBot({
      id: bot.id,
      integrations: {
        support: { integrationId: chatId, enabled: true, configuration: {} },
        sales: { integrationId: chatId, enabled: false, configuration: {} },
      },
    })
  ).bot.integrations;
  assert.deepEqual(Object.keys(installed).sort(), ['sales', 'support']);
  assert.notEqual(installed.support.webhookId, installed.sales.webhookId);
  // Without the header, the same bot by id (one id: one entry).
  assert.deepEqual(Object.keys((await client.getBot({ id: bot.id })).bot.integrations), [chatId]);
  // An alias updated and removed by its key.
  await cli.updateBot({ id: bot.id, integrations: { sales: { enabled: true } } });
  assert.equal((await cli.getBot({ id: bot.id })).bot.integrations.sales.enabled, true);
  await cli.updateBot({ id: bot.id, integrations: { sales: null } });
  assert.deepEqual(Object.keys((await cli.getBot({ id: bot.id })).bot.integrations), ['support']);
  // Without the header, a key is an integration id: updating and removing by id.
  await client.updateBot({ id: bot.id, integrations: { [chatId]: { enabled: false } } });
  assert.equal((await cli.getBot({ id: bot.id })).bot.integrations.support.enabled, false);
  await client.updateBot({ id: bot.id, integrations: { [chatId]: null } });
  assert.deepEqual((await cli.getBot({ id: bot.id })).bot.integrations, {});
  // Installed by id without the header: its alias is the integration's name.
  await client.updateBot({ id: bot.id, integrations: { [chatId]: { enabled: true, configuration: {} } } });
  assert.deepEqual(Object.keys((await cli.getBot({ id: bot.id })).bot.integrations), ['chat']);
  assert.equal((await errorOf(cli.updateBot({ id: bot.id, integrations: { nothing: null } }))).type, 'ResourceNotFound');
  assert.deepEqual(emu.store.violations, []);
});

test('workspace handles: getWorkspace, checkHandleAvailability, updateWorkspace claim one', async () => {
  const { handle } = await client.getWorkspace({ id: workspaceId });
  assert.equal(handle, 'acme-support');
  const taken = await untyped(client).checkHandleAvailability({ handle: 'acme-support' });
  assert.equal(taken.available, false);
  assert.ok(taken.suggestions.length > 0);
  for (const s of taken.suggestions) assert.equal((await untyped(client).checkHandleAvailability({ handle: s })).available, true);
  const sandbox = emu.store.workspaces.find((w) => w.name === 'Personal Sandbox')!;
  delete (sandbox as { handle?: string }).handle;
  assert.equal((await client.getWorkspace({ id: sandbox.id })).handle, undefined);
  assert.equal((await errorOf(untyped(client).updateWorkspace({ id: sandbox.id, handle: 'acme-support' }))).type, 'AlreadyExists');
  assert.equal((await errorOf(untyped(client).updateWorkspace({ id: sandbox.id, handle: 'Bad Handle' }))).type, 'InvalidPayload');
  assert.equal((await untyped(client).updateWorkspace({ id: sandbox.id, handle: 'sandbox-7' })).handle, 'sandbox-7');
  assert.equal((await client.listWorkspaces({ handle: 'sandbox-7' } as Any)).workspaces[0].id, sandbox.id);
  assert.deepEqual(emu.store.violations, []);
});

/** HS256, written out here so the test does not lean on the emulator's own signer. */
function signUserKey(id: string, key: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ id, iat: Math.floor(Date.now() / 1000) })}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

test('the Chat API`s shared key, given: createUser works and a user key signed with it is accepted', async () => {
  const key = 'a-shared-key-for-tests-0123456789';
  const own = await startEmulator({ seed: 'demo', chatKey: key });
  try {
    const record = [...own.store.bots.values()].find((b) => b.bot.name === 'support-bot')!;
    const chat = Object.values(record.bot.integrations).find((i) => i.name === 'chat')!;
    const apiUrl = `${own.url}/chat/${chat.webhookId}`;
    // createUser (the shared mode) and the key it returns.
    const created = await ChatClient.connect({ apiUrl });
    assert.ok(created.user.key);
    // A key the test signs itself for its own user id, as @botpress/chat's e2e suite does with ENCRYPTION_KEY.
    const fid = `test-user-${Date.now()}`;
    const mine = await ChatClient.connect({ apiUrl, userKey: signUserKey(fid, key) } as Any);
    assert.equal((await mine.getUser({})).user.id, fid);
    const { conversation } = await mine.createConversation({});
    assert.ok(conversation.id);
    // The official client signs it too when given the key.
    const signed = await ChatClient.connect({ apiUrl, userId: `${fid}-2`, encryptionKey: key } as Any);
    assert.equal((await signed.getUser({})).user.id, `${fid}-2`);
    // A key signed with anything else is refused.
    await assert.rejects(ChatClient.connect({ apiUrl, userKey: signUserKey(fid, 'another-key') } as Any));
  } finally {
    await own.close();
  }
});

test('the command line takes the shared key: --chat-key, else AUTH_ENCRYPTION_KEY', async () => {
  const root = path.join(__dirname, '..', '..');
  for (const [args, env] of [
    [['--chat-key', 'k-flag'], {}],
    [[], { AUTH_ENCRYPTION_KEY: 'k-env' }],
  ] as const) {
    const key = args.length ? 'k-flag' : 'k-env';
    const child = spawn(process.execPath, ['scripts/run-ts.js', 'src/emulator/main.ts', '--port', '0', '--seed', 'demo', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (\S+)\n/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const cloud = new Client({ apiUrl: url, token: 'demo-token' });
      const ws = (await cloud.listWorkspaces({})).workspaces.find((w) => w.name === 'Acme Support')!;
      const bots = await new Client({ apiUrl: url, token: 'demo-token', workspaceId: ws.id }).listBots({ dev: true });
      const id = bots.bots.find((b) => b.name === 'support-bot')!.id;
      const { bot } = await new Client({ apiUrl: url, token: 'demo-token', workspaceId: ws.id }).getBot({ id });
      const chat = Object.values(bot.integrations).find((i) => i.name === 'chat')!;
      const me = (signedWith: string) =>
        fetch(`${url}/chat/${chat.webhookId}/users/get-or-create`, {
          method: 'POST',
          headers: { 'x-user-key': signUserKey('cli-user', signedWith), 'content-type': 'application/json' },
          body: '{}',
        });
      assert.equal((await me(key)).status, 200);
      assert.equal((await me('not-the-key')).status, 401);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
});
