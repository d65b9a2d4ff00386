import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { validateDefinition } from '../../../src/core/definitions';
import {
  applyEdits,
  describeChanges,
  encodedFiles,
  fieldOfMessage,
  idEdit,
  planIdWrite,
  writeIdToBytes,
  payloadTooLargeAdvice,
  planUpdate,
  remoteBot,
  requestBody,
  updateBotShape,
  updateIntegrationShape,
} from '../../../src/core/deploy';

const demo = path.join(__dirname, '..', '..', 'fixtures', 'yaml-projects');
const botText = fs.readFileSync(path.join(demo, 'support-bot', 'bot.definition.yaml'), 'utf8');
const integrationText = fs.readFileSync(path.join(demo, 'weather-integration', 'integration.definition.yaml'), 'utf8');
const definitionOf = (text: string, kind: 'bot' | 'integration') =>
  validateDefinition(text, { kind, fileName: `/p/${kind}.definition.yaml` }).definition!;

test('body: a bot definition becomes the updateBot body, file-only keys left out', () => {
  const body = requestBody({ ...definitionOf(botText, 'bot'), id: 'bot_1', $schema: 'x' }, 'updateBot');
  assert.deepEqual(Object.keys(body).sort(), [
    'configuration',
    'conversation',
    'description',
    'events',
    'message',
    'name',
    'states',
    'tags',
    'user',
  ]);
  assert.equal((body.states as Record<string, { expiry: number }>).cart.expiry, 86400000);
});

test('body: an integration update leaves out name and version; files are base64-encoded', () => {
  const definition = definitionOf(integrationText, 'integration');
  const create = requestBody(definition, 'createIntegration');
  const update = requestBody(definition, 'updateIntegration');
  assert.equal(create.name, 'weather');
  assert.equal(create.version, '0.1.0');
  assert.ok(!('name' in update) && !('version' in update) && !('icon' in update) && !('readme' in update));
  assert.deepEqual(Object.keys(update).sort(), ['actions', 'configuration', 'description', 'events', 'states', 'title']);
  const files = encodedFiles({ code: 'x()', readme: new TextEncoder().encode('# Hé'), icon: new TextEncoder().encode('<svg/>') });
  assert.deepEqual(files, { code: 'x()', readme: Buffer.from('# Hé').toString('base64'), icon: Buffer.from('<svg/>').toString('base64') });
});

test('plan: added, changed and removed entries; removed ones sent as null (bot tags as an empty string)', () => {
  const local = requestBody(definitionOf(botText, 'bot'), 'updateBot');
  // The remote bot: what the file says, then changed the way a dashboard or another deploy would.
  const remote = JSON.parse(JSON.stringify({ ...local, id: 'bot_1', createdAt: '2026-01-01T00:00:00.000Z' }));
  remote.description = 'Old description';
  remote.states.profile.type = 'bot';
  remote.states.settings = { type: 'bot', schema: { type: 'object' } };
  remote.events.orderPlaced.attributes = {}; // empty parts the service adds are no change
  remote.tags.region = 'eu';
  remote.user.tags.plan = { title: 'Plan' };
  delete remote.conversation.tags.channel;
  remote.integrations = {
    int_1: { id: 'int_1', name: 'webchat', enabled: true, configuration: {}, status: 'registered', webhookId: 'wh' },
  };
  const { body, changes } = planUpdate(updateBotShape, local, remote);
  const at = (kind: string) =>
    changes
      .filter((c) => c.kind === kind)
      .map((c) => c.path.join('.'))
      .sort();
  assert.deepEqual(at('added'), ['conversation.tags.channel']);
  assert.deepEqual(at('changed'), ['description', 'states.profile']);
  assert.deepEqual(at('removed'), ['integrations.int_1', 'states.settings', 'tags.region', 'user.tags.plan']);
  const sent = body as {
    states: Record<string, unknown>;
    tags: Record<string, unknown>;
    user: { tags: Record<string, unknown> };
    integrations: Record<string, unknown>;
  };
  assert.equal(sent.states.settings, null);
  assert.equal(sent.tags.region, '');
  assert.equal(sent.user.tags.plan, null);
  assert.deepEqual(sent.integrations, { int_1: null });
  assert.deepEqual(sent.states.cart, (local.states as Record<string, unknown>).cart, 'kept entries are sent as the file has them');
  assert.equal(local.integrations, undefined, 'the local body is not modified');
  // Sections come in the order of the official request body.
  assert.deepEqual(describeChanges(changes), [
    'Tags: − region',
    'User tags: − plan',
    'Conversation tags: + channel',
    'States: ~ profile, − settings',
    'Integrations: − webchat', // named as the remote entry names itself, not by its id
    'Description: changed',
  ]);
});

test('plan: a new bot adds everything and removes nothing; an unchanged one changes nothing', () => {
  const local = requestBody(definitionOf(botText, 'bot'), 'updateBot');
  const fresh = planUpdate(updateBotShape, local, undefined);
  assert.ok(fresh.changes.every((c) => c.kind === 'added'));
  assert.ok(fresh.changes.some((c) => c.path.join('.') === 'states.cart'));
  assert.deepEqual(fresh.body, local);
  const again = planUpdate(updateBotShape, local, JSON.parse(JSON.stringify({ ...local, id: 'b', createdAt: 'x' })));
  assert.deepEqual(again.changes, []);
});

test('plan: an integration installed under an alias compares by its id; nested entries of an integration update are deleted too', () => {
  const local = { integrations: { webchat: { integrationId: 'int_1', enabled: true } } };
  const remote = remoteBot({ integrations: { webchat: { id: 'int_1', enabled: true, status: 'registered' } } });
  assert.deepEqual(planUpdate(updateBotShape, local, remote).changes, []);

  const channels = { channel: { messages: { text: { schema: { type: 'object' } } } } };
  const before = { channels: { channel: { messages: { text: { schema: { type: 'object' } }, image: { schema: { type: 'object' } } } } } };
  const plan = planUpdate(updateIntegrationShape, { channels }, before);
  assert.deepEqual(plan.body.channels, { channel: { messages: { text: { schema: { type: 'object' } }, image: null } } });
  assert.deepEqual(plan.changes, [{ path: ['channels', 'channel'], kind: 'changed' }]);
});

test('write-back: YAML gets `id` as its first key, comments and formatting untouched', () => {
  const edit = idEdit(botText, 'yaml', 'c8a1f2e4-77b0-4c8e-9d1e-0a1b2c3d4e5f');
  const out = applyEdits(botText, [edit]);
  assert.equal(out.replace('id: c8a1f2e4-77b0-4c8e-9d1e-0a1b2c3d4e5f\n', ''), botText, 'only the id line is added');
  assert.ok(out.startsWith('# A support bot'), 'the leading comment stays first');
  assert.equal(parse(out).id, 'c8a1f2e4-77b0-4c8e-9d1e-0a1b2c3d4e5f');
});

test('write-back: YAML ids that would read as something else are quoted; an existing id is replaced in place', () => {
  assert.equal(parse(applyEdits('name: x\n', [idEdit('name: x\n', 'yaml', '12345')])).id, '12345');
  assert.equal(parse(applyEdits('name: x\n', [idEdit('name: x\n', 'yaml', 'true')])).id, 'true');
  const text = 'name: x # the name\nid: old # where it goes\nstates: {}\n';
  assert.equal(applyEdits(text, [idEdit(text, 'yaml', 'new')]), 'name: x # the name\nid: new # where it goes\nstates: {}\n');
  const empty = 'name: x\nid:\n';
  assert.equal(applyEdits(empty, [idEdit(empty, 'yaml', 'b1')]), 'name: x\nid: b1\n');
  const nested = '  # indented document\n  name: x\n  states: {}\n';
  assert.equal(applyEdits(nested, [idEdit(nested, 'yaml', 'b1')]), '  # indented document\n  id: b1\n  name: x\n  states: {}\n');
  const flow = '{ name: x }\n';
  assert.equal(parse(applyEdits(flow, [idEdit(flow, 'yaml', 'b1')])).id, 'b1');
  assert.equal(applyEdits('', [idEdit('', 'yaml', 'b1')]), 'id: b1\n');
});

test('write-back: JSON keeps its indentation and line endings', () => {
  const text = '{\r\n    "name": "x",\r\n    "states": {}\r\n}\r\n';
  assert.equal(applyEdits(text, [idEdit(text, 'json', 'b1')]), '{\r\n    "id": "b1",\r\n    "name": "x",\r\n    "states": {}\r\n}\r\n');
  assert.equal(applyEdits('{"name":"x"}', [idEdit('{"name":"x"}', 'json', 'b1')]), '{"id": "b1", "name":"x"}');
  assert.equal(applyEdits('{}', [idEdit('{}', 'json', 'b1')]), '{"id": "b1"}');
  const existing = '{\n  "id": "old",\n  "name": "x"\n}';
  assert.equal(applyEdits(existing, [idEdit(existing, 'json', 'b2')]), '{\n  "id": "b2",\n  "name": "x"\n}');
  assert.throws(() => idEdit('[1]', 'json', 'b1'), /object/);
});

test('write-back on a file: the byte-order mark and CRLF line endings stay; nothing else changes', () => {
  const enc = (t: string) => new TextEncoder().encode(t);
  const dec = (b: Uint8Array) => Buffer.from(b).toString('latin1');
  const crlf = Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('# bot\r\nname: x\r\nstates: {}\r\n')]);
  const out = writeIdToBytes(crlf, 'yaml', 'b1', undefined);
  assert.ok('bytes' in out && out.bytes);
  assert.equal(dec(out.bytes), dec(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('# bot\r\nid: b1\r\nname: x\r\nstates: {}\r\n')])));
  const json = Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('{\r\n  "name": "x"\r\n}\r\n')]);
  const jsonOut = writeIdToBytes(json, 'json', 'b1', undefined);
  assert.ok('bytes' in jsonOut && jsonOut.bytes);
  assert.equal(dec(jsonOut.bytes), dec(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('{\r\n  "id": "b1",\r\n  "name": "x"\r\n}\r\n')])));
  assert.deepEqual(writeIdToBytes(enc('id: b1\nname: x\n'), 'yaml', 'b1', undefined), {}, 'already there: nothing to write');
  assert.deepEqual(writeIdToBytes(Uint8Array.from([0x69, 0x64, 0x3a, 0xff]), 'yaml', 'b1', undefined), {
    impossible: 'the file is not UTF-8 text',
  });
});

test('write-back into a file changed during the deploy: into the file as it is now, never over an id put in meanwhile', () => {
  // Edited meanwhile (a state added, comments moved): the id goes into the new text.
  const now = '# edited while deploying\nname: x\nstates:\n  cart: { type: user, schema: { type: object } }\n';
  const plan = planIdWrite(now, 'yaml', 'b1', undefined);
  assert.ok('edit' in plan);
  assert.equal(
    applyEdits(now, [plan.edit]),
    '# edited while deploying\nid: b1\nname: x\nstates:\n  cart: { type: user, schema: { type: object } }\n',
  );
  // The same id as before is replaced; another id the user typed meanwhile is not.
  assert.ok('edit' in planIdWrite('id: old\nname: x\n', 'yaml', 'b1', 'old'));
  assert.deepEqual(planIdWrite('id: other\nname: x\n', 'yaml', 'b1', undefined), { impossible: 'it now names bot other' });
  assert.deepEqual(planIdWrite('id: b1\n', 'yaml', 'b1', undefined), { unchanged: true });
  // No longer a mapping (mid-edit): impossible, with the reason.
  assert.ok('impossible' in planIdWrite('- just a list\n', 'yaml', 'b1', undefined));
  assert.ok('impossible' in planIdWrite('{"name": ', 'json', 'b1', undefined));
});

test('errors: a field named by a server message is placed on its key in the file', () => {
  const root = validateDefinition(botText, { kind: 'bot', fileName: '/p/bot.definition.yaml' }).root;
  const key = (message: string) => {
    const found = fieldOfMessage(message, root);
    return found && `${found.path.join('.')}=${botText.slice(found.start, found.end)}`;
  };
  assert.equal(key('body/states/cart/type must be equal to one of the allowed values'), 'states.cart.type=type');
  assert.equal(
    key('Invalid payload: "states.profile.schema.properties.language" is not allowed'),
    'states.profile.schema.properties.language=language',
  );
  assert.equal(key('events.orderPlaced.unknownThing: bad'), 'events.orderPlaced=orderPlaced', 'the longest path present');
  assert.equal(key('The "configuration" is invalid'), 'configuration=configuration');
  assert.equal(key('Something went wrong, e.g. a timeout'), undefined);
  assert.equal(key('Integration "orderPlaced" does not exist'), 'events.orderPlaced=orderPlaced', 'a quoted name that keys one entry');
  assert.equal(key('Unknown "type"'), undefined, 'a quoted name that keys several entries is ambiguous');
  assert.equal(fieldOfMessage('states.cart', undefined), undefined);
});

test('errors: a payload too large says the size and what to do', () => {
  const text = payloadTooLargeAdvice(54_300_000, true);
  assert.match(text, /54\.3 MB/);
  assert.match(text, /botpress\.deploy\.sourceMaps/);
  assert.doesNotMatch(payloadTooLargeAdvice(1200, false), /source maps/i);
});

test('describe: body keys read as words, the SDK version by its name', () => {
  assert.deepEqual(
    describeChanges([
      { path: ['sdkVersion'], kind: 'added' },
      { path: ['configuration'], kind: 'changed' },
      { path: ['maxExecutionTime'], kind: 'changed' },
    ]),
    ['SDK version: added', 'Configuration: changed', 'Max execution time: changed'],
  );
});
