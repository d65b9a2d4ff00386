// Installed integrations compared by what they are: a body keyed by integration id (a YAML definition) or by
// alias (an SDK one) against a bot read with x-multiple-integrations (keyed by alias).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alignIntegrations,
  deletions,
  disableUnsaidNewInstalls,
  keepConfigurationData,
  keepWhatTheSdkDoesNotSet,
  planUpdate,
  remoteBot,
  updateBotShape,
} from '../../../src/core/deploy';

const entry = (id: string, name: string, version = '1.0.0') => ({
  id,
  name,
  version,
  enabled: true,
  configuration: {},
  webhookId: `wh-${id}`,
});
const remote = remoteBot({
  integrations: { chat: entry('int_chat', 'chat'), support: entry('int_chat', 'chat'), slack: entry('int_slack', 'slack') },
  tags: { team: 'a' },
  configuration: { schema: { type: 'object' }, data: { greeting: 'Hello!' } },
});

test('a body keyed by integration id takes the alias of the one installation of that integration', () => {
  const aligned = alignIntegrations({ int_slack: { enabled: true } }, remote.integrations);
  assert.deepEqual(aligned, { slack: { enabled: true, integrationId: 'int_slack' } });
  // Two installations of chat: which one is meant is not known, so the key stays.
  assert.deepEqual(alignIntegrations({ int_chat: { enabled: true } }, remote.integrations), { int_chat: { enabled: true } });
  // A key that is an alias stays; an alias claimed by the body is not taken twice.
  assert.deepEqual(alignIntegrations({ chat: { integrationId: 'int_chat' }, x: { integrationId: 'int_chat' } }, remote.integrations), {
    chat: { integrationId: 'int_chat' },
    support: { integrationId: 'int_chat' },
  });
  assert.deepEqual(alignIntegrations({ int_new: { enabled: true } }, remote.integrations), { int_new: { enabled: true } });
});

test('what an SDK deploy keeps: unlisted installations, bot tags and configuration data, each said', () => {
  const body = keepConfigurationData(
    { configuration: { schema: { type: 'object' } }, integrations: { chat: { integrationId: 'int_chat' } } },
    remote,
  );
  assert.deepEqual(body.configuration, { schema: { type: 'object' }, data: { greeting: 'Hello!' } });
  assert.deepEqual(keepConfigurationData({ configuration: { schema: {}, data: { a: 1 } } }, remote).configuration, {
    schema: {},
    data: { a: 1 },
  });
  const plan = planUpdate(updateBotShape, body, remote);
  assert.equal(deletions(plan.changes).total, 3);
  keepWhatTheSdkDoesNotSet(plan, remote);
  assert.equal(deletions(plan.changes).total, 0);
  assert.deepEqual(plan.body.integrations, { chat: { integrationId: 'int_chat' } });
  assert.equal(plan.body.tags, undefined);
  assert.deepEqual(plan.notes, [
    'Kept (installed, not in the definition): support (chat), slack.',
    'Kept bot tags the definition does not set: team.',
  ]);
});

test('a new installation without `enabled` is installed disabled, as the CLI sends it; an installed one is left as said', () => {
  const body = { chat: { integrationId: 'int_chat' }, fresh: { integrationId: 'int_x' }, on: { integrationId: 'int_y', enabled: true } };
  disableUnsaidNewInstalls(body, remote.integrations);
  assert.deepEqual(body, {
    chat: { integrationId: 'int_chat' },
    fresh: { integrationId: 'int_x', enabled: false },
    on: { integrationId: 'int_y', enabled: true },
  });
});
