import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEntity, normalizeIntent, normalizeProject, normalizeVariable } from '../../../src/core/botmock';
import { ChildCache } from '../../../src/views/botmock/cache';
import {
  entityValueDescription,
  intentDescription,
  projectDescription,
  projectTooltip,
  resourceTooltip,
  showsLocale,
  utteranceLabel,
  variableDescription,
} from '../../../src/views/botmock/labels';
import { v1, v2 } from './data';

test('labels: utterance slots highlighted, projects with type and platform, values with synonyms', () => {
  const [intent] = v1.intents.map(normalizeIntent);
  const canI = utteranceLabel(intent.utterances[4]);
  assert.equal(canI.label, 'Can I get a %ProductName% please');
  assert.deepEqual(
    canI.highlights.map(([a, b]) => canI.label.slice(a, b)),
    ['%ProductName%'],
  );
  assert.deepEqual(utteranceLabel({ text: '', segments: [] }), { label: '(empty utterance)', highlights: [] });
  assert.equal(intentDescription(intent), '6 utterances');

  assert.equal(projectDescription(normalizeProject(v1.projects[0])), 'flow · google-actions');
  assert.equal(projectDescription(normalizeProject({ ...v2.project, locales: ['en', 'fr'] })), 'flow · generic · en, fr');
  assert.equal(projectDescription(normalizeProject({ id: 'p', name: 'x' })), 'unknown type');
  const tip = projectTooltip(normalizeProject(v2.project));
  assert.match(tip, /Channels: generic/);
  assert.match(tip, /Updated 2020-10-27/);

  const [pill, title] = v2.entities.map(normalizeEntity);
  assert.equal(entityValueDescription(pill.values[0]), 'red, RED');
  assert.equal(entityValueDescription(title.values[1]), 'no synonyms');
  assert.equal(showsLocale(pill.values), false);
  assert.equal(showsLocale([{ locale: 'en' }, { locale: 'fr' }]), true);

  assert.equal(variableDescription(normalizeVariable(v2.variables[3])), 'text · default "<new user>"');
  assert.equal(resourceTooltip(normalizeVariable({ name: 'x' })), 'x\n⚠ variable has no id');
});

test('child cache: one load for concurrent expansions, failures retried, invalidation by subtree', async () => {
  const cache = new ChildCache<string[]>();
  let loads = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const load = async () => {
    loads++;
    await gate;
    return [`load ${loads}`];
  };
  const first = cache.get('team:1', load);
  const second = cache.get('team:1', load);
  release();
  assert.deepEqual(await first, ['load 1']);
  assert.equal(await second, await first);
  assert.equal(loads, 1);

  await cache.get('team:1/project:2', async () => ['p']);
  await cache.get('team:10', async () => ['other team']);
  cache.invalidate('team:1');
  assert.deepEqual(await cache.get('team:1/project:2', async () => ['reloaded']), ['reloaded']);
  assert.deepEqual(await cache.get('team:10', async () => ['wrong']), ['other team'], 'a sibling with a longer id is kept');

  await assert.rejects(
    cache.get('x', async () => Promise.reject(new Error('down'))),
    /down/,
  );
  assert.deepEqual(await cache.get('x', async () => ['up']), ['up'], 'a failed load is tried again');
  cache.invalidate();
  assert.deepEqual(await cache.get('x', async () => ['fresh']), ['fresh']);
});
