// Plugins and interfaces as documents: their `botpress:` paths round-trip, and do not collide with the Hub's integrations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseResourcePath, resourcePath, type BotpressResource } from '../../../src/views/botpress/resources';

test('plugin, interface, their Hub versions and a bot’s installed plugin round-trip through their paths', () => {
  const cases: [BotpressResource, string][] = [
    [{ kind: 'package', type: 'plugin', workspaceId: 'wkspace_1', id: 'plugver_1' }, '/workspaces/wkspace_1/plugins/plugver_1.yaml'],
    [{ kind: 'package', type: 'interface', workspaceId: 'wkspace_1', id: 'intrver_1' }, '/workspaces/wkspace_1/interfaces/intrver_1.yaml'],
    [{ kind: 'hubPackage', type: 'plugin', name: 'hitl', version: '0.4.0' }, '/hub/plugins/hitl/0.4.0.yaml'],
    [{ kind: 'hubPackage', type: 'interface', name: 'hitl', version: '1.0.0' }, '/hub/interfaces/hitl/1.0.0.yaml'],
    [{ kind: 'botPart', workspaceId: 'w', botId: 'b', part: 'plugins', name: 'hitl' }, '/workspaces/w/bots/b/plugins/hitl.yaml'],
  ];
  for (const [resource, path] of cases) {
    assert.equal(resourcePath(resource, 'yaml'), path);
    assert.deepEqual(parseResourcePath(path), { resource, format: 'yaml' });
  }
  // A Hub integration named "plugins" keeps its meaning.
  assert.deepEqual(parseResourcePath('/hub/plugins/1.0.0.yaml')?.resource, { kind: 'hubIntegration', name: 'plugins', version: '1.0.0' });
  assert.equal(parseResourcePath('/workspaces/w/plugins/p/states/x.yaml'), undefined);
});
