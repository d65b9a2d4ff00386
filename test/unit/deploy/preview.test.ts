import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import {
  deletions,
  planUpdate,
  previewBotDiff,
  previewDetail,
  previewDiff,
  remoteBot,
  updateBotShape,
  updateIntegrationShape,
} from '../../../src/core/deploy';
import { describeTableChanges, losesData, planTables } from '../../../src/core/deploy/tables';

const remote = remoteBot({
  id: 'bot_1',
  name: 'support-bot',
  createdAt: '2026-01-01T00:00:00.000Z',
  states: { cart: { type: 'conversation', schema: { type: 'object' } }, settings: { type: 'bot', schema: { type: 'object' } } },
  tags: { team: 'support', region: 'eu' },
  user: { tags: { email: { title: 'Email' }, plan: { title: 'Plan' } } },
  configuration: { schema: { type: 'object' }, data: { greeting: 'Hello!' } },
  integrations: {
    int_1: { id: 'int_1', name: 'webchat', enabled: true, configuration: {}, status: 'registered', webhookId: 'wh1' },
    int_2: { id: 'int_2', name: 'telegram', enabled: false, configuration: {}, status: 'registered', webhookId: 'wh2' },
  },
});

const local = {
  name: 'support-bot',
  states: { cart: { type: 'conversation', schema: { type: 'object', properties: { items: { type: 'array' } } } } },
  tags: { team: 'support' },
  user: { tags: { email: { title: 'Email' } } },
  configuration: { schema: { type: 'object' }, data: { greeting: 'Hi!' } },
};

test('deletions: counted per kind of entry, singular and plural', () => {
  const plan = planUpdate(updateBotShape, local, remote);
  assert.deepEqual(deletions(plan.changes), { total: 5, summary: '1 bot tag, 1 user tag, 1 state and 2 integrations' });
  assert.deepEqual(deletions(planUpdate(updateBotShape, local, undefined).changes), { total: 0, summary: '' });
  const one = planUpdate(updateIntegrationShape, { channels: {} }, { channels: { dm: { messages: {} } } });
  assert.deepEqual(deletions(one.changes), { total: 1, summary: '1 channel' });
});

test('diff: both sides as YAML with sorted keys, the remote reduced to what the body sends', () => {
  const plan = planUpdate(updateBotShape, local, remote);
  const diff = previewDiff(updateBotShape, plan, remote);
  const left = parse(diff.remote);
  const right = parse(diff.local);
  // The remote side: only the keys sent, without ids, dates and statuses.
  assert.deepEqual(Object.keys(left), ['configuration', 'integrations', 'name', 'states', 'tags', 'user']);
  assert.deepEqual(left.integrations.int_1, { configuration: {}, enabled: true, integrationId: 'int_1' });
  assert.equal(left.configuration.data.greeting, 'Hello!');
  // The sent side: deletions as null (a bot tag as an empty string), changes as the file has them.
  assert.deepEqual(right.integrations, { int_1: null, int_2: null });
  assert.equal(right.states.settings, null);
  assert.equal(right.tags.region, '');
  assert.equal(right.configuration.data.greeting, 'Hi!');
  // Keys sorted at every level, so the diff lines up.
  assert.ok(diff.local.indexOf('configuration:') < diff.local.indexOf('integrations:'));
  assert.ok(diff.remote.indexOf('  cart:') < diff.remote.indexOf('  settings:'));
  assert.match(previewDiff(updateBotShape, planUpdate(updateBotShape, local, undefined), undefined).remote, /new/);
});

test('diff: an entry the body sends too shows only the keys the body sets (the service merges the rest)', () => {
  const installed = remoteBot({
    id: 'bot_1',
    integrations: {
      int_1: {
        id: 'int_1',
        name: 'chat',
        enabled: true,
        configuration: {},
        configurationType: null,
        disabledChannels: [],
        status: 'registered',
      },
    },
    states: { asked: { type: 'conversation', schema: { type: 'object' } } },
  });
  const body = { integrations: { int_1: { enabled: true, configuration: {} } }, states: {} };
  const diff = previewDiff(updateBotShape, planUpdate(updateBotShape, body, installed), installed);
  const left = parse(diff.remote);
  assert.deepEqual(
    left.integrations.int_1,
    { configuration: {}, enabled: true },
    'no configurationType, disabledChannels or integrationId the file never set',
  );
  assert.deepEqual(left.states.asked, { type: 'conversation', schema: { type: 'object' } }, 'a deleted entry shows whole');
  assert.deepEqual(parse(diff.local).states, { asked: null });
});

test('preview text: table changes beside the definition changes (create, update, frozen), and a warning when values are lost', () => {
  const plan = planUpdate(updateBotShape, local, remote);
  const changes = planTables(
    {
      faqTable: { schema: { type: 'object', properties: { question: { type: 'string' }, answer: { type: 'string' } } } },
      leadsTable: {
        schema: { type: 'object', properties: { email: { type: 'string' }, score: { type: 'string' }, source: { type: 'string' } } },
      },
      lockedTable: { schema: { a: { type: 'number' } } },
    },
    [
      { name: 'leadsTable', schema: { properties: { email: { type: 'string' }, score: { type: 'number' }, phone: { type: 'string' } } } },
      { name: 'lockedTable', frozen: true, schema: { properties: { a: { type: 'string' } } } },
    ],
  );
  const text = previewDetail({ production: true, plan, tables: describeTableChanges(changes), tablesLoseData: losesData(changes) }, true);
  const paragraphs = text.split('\n\n');
  assert.match(paragraphs[0], /^Configuration: changed\n.*States: ~ cart, − settings/s);
  assert.equal(
    paragraphs[1],
    [
      'Tables, synced after the bot deploys:',
      '  table faqTable: created (question, answer)',
      '  table leadsTable: updated: +source; score: number → string (its values are reset to null); ' +
        'phone: not in the definition (kept; delete it in the dashboard if unwanted)',
      '  table lockedTable: frozen in the cloud, not updated',
    ].join('\n'),
  );
  assert.equal(paragraphs[2], 'Some column values would be lost: you are asked again before the tables are updated.');
  assert.match(paragraphs[3], /^Deletes 1 bot tag, 1 user tag, 1 state and 2 integrations remotely/);
  assert.equal(paragraphs[4], 'This is a production bot: your users talk to it now.');

  const onlyNew = planTables({ faqTable: { schema: { q: { type: 'string' } } } }, []);
  const quiet = previewDetail({ production: false, plan, tables: describeTableChanges(onlyNew), tablesLoseData: losesData(onlyNew) }, true);
  assert.match(quiet, /table faqTable: created \(q\)/);
  assert.doesNotMatch(quiet, /asked again/);
  assert.equal(previewDetail({ production: false, plan, tables: describeTableChanges(onlyNew) }, false), '');
});

test("a bot deploy's diff shows no configuration secret on either side, and still shows which change", () => {
  const schema = {
    type: 'object',
    properties: { webhookUrl: { type: 'string', 'x-zui': { secret: true } }, greeting: { type: 'string' } },
  };
  const before = remoteBot({
    id: 'bot_1',
    name: 'support-bot',
    configuration: { schema, data: { greeting: 'Hello!', webhookUrl: 'https://hooks.example/REMOTE-HOOK', apiKey: 'sk-remote-1' } },
    integrations: {
      int_1: { id: 'int_1', name: 'telegram', enabled: true, configuration: { botToken: '123:REMOTE-TOKEN', mode: 'poll' } },
      int_2: { id: 'int_2', name: 'slack', enabled: true, configuration: { signingSecret: 'REMOTE-SIGNING', channel: '#help' } },
    },
  });
  const sent = {
    name: 'support-bot',
    configuration: { schema, data: { greeting: 'Hi!', webhookUrl: 'https://hooks.example/REMOTE-HOOK', apiKey: 'sk-LOCAL-2' } },
    integrations: {
      int_1: { integrationId: 'int_1', enabled: true, configuration: { botToken: '123:REMOTE-TOKEN', mode: 'webhook' } },
      int_2: { integrationId: 'int_2', enabled: true, configuration: { signingSecret: 'LOCAL-SIGNING', channel: '#help' } },
    },
  };
  const plan = planUpdate(updateBotShape, sent, before);
  const plain = previewDiff(updateBotShape, plan, before);
  assert.match(plain.remote + plain.local, /REMOTE-TOKEN/, 'the plain diff has them: the bot diff must not');
  const diff = previewBotDiff(updateBotShape, plan, before, { int_2: { properties: { channel: { type: 'string', secret: true } } } });
  for (const secret of ['REMOTE-HOOK', 'sk-remote-1', 'sk-LOCAL-2', 'REMOTE-TOKEN', 'REMOTE-SIGNING', 'LOCAL-SIGNING', '#help'])
    assert.ok(!(diff.remote + diff.local).includes(secret), `${secret} in\n${diff.remote}\n${diff.local}`);
  const left = parse(diff.remote);
  const right = parse(diff.local);
  assert.deepEqual(left.configuration.data, { greeting: 'Hello!', webhookUrl: { $secret: 'keep' }, apiKey: { $secret: 'keep' } });
  // Sent: an unchanged secret as kept, a changed one says so; what is not secret as it is.
  assert.deepEqual(right.configuration.data, { greeting: 'Hi!', webhookUrl: { $secret: 'keep' }, apiKey: { $secret: 'changed' } });
  assert.deepEqual(right.integrations.int_1.configuration, { botToken: { $secret: 'keep' }, mode: 'webhook' });
  assert.deepEqual(right.integrations.int_2.configuration, { signingSecret: { $secret: 'changed' }, channel: { $secret: 'keep' } });
  assert.deepEqual(left.integrations.int_1.configuration, { botToken: { $secret: 'keep' }, mode: 'poll' });
  assert.match(previewBotDiff(updateBotShape, planUpdate(updateBotShape, sent, undefined), undefined).remote, /new/);
  assert.ok(!previewBotDiff(updateBotShape, planUpdate(updateBotShape, sent, undefined), undefined).local.includes('sk-LOCAL-2'));
});
