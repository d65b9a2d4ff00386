import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { definitionSchemas, problemCodes } from '../../../src/core/definitions';

const spec = require('@botpress/api').state;
const root = path.join(__dirname, '..', '..', '..');

test('the definition schemas are the official request bodies plus the local keys', () => {
  const bot = spec.operations.updateBot.requestBody.schema;
  const integration = spec.operations.createIntegration.requestBody.schema;
  for (const [key, value] of Object.entries(bot.properties)) {
    if (key !== 'code') assert.deepEqual(definitionSchemas.bot.properties![key], value, key);
  }
  for (const [key, value] of Object.entries(integration.properties)) {
    if (!['code', 'icon', 'readme'].includes(key)) assert.deepEqual(definitionSchemas.integration.properties![key], value, key);
  }
  assert.deepEqual(definitionSchemas.integration.required, integration.required);
  assert.deepEqual(
    Object.keys(definitionSchemas.bot.properties!)
      .filter((k) => !(k in bot.properties))
      .sort(),
    ['$schema', 'id', 'tables'],
  );
  assert.match(definitionSchemas.integration.properties!.icon.description!, /\.svg/);
});

test('the editor schemas (jsonValidation, yamlValidation) guide without reporting: no constraint keywords', () => {
  const pkg = require('../../../package.json');
  const urls = [...pkg.contributes.jsonValidation, ...pkg.contributes.yamlValidation].map((c: { url: string }) => c.url);
  assert.equal(urls.length, 4);
  for (const url of new Set(urls)) {
    const schema = JSON.parse(fs.readFileSync(path.join(root, url), 'utf8'));
    const keywords = new Set<string>();
    const walk = (s: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(s)) {
        keywords.add(k);
        if (k === 'properties') Object.values(v as Record<string, Record<string, unknown>>).forEach(walk);
        else if ((k === 'items' || k === 'additionalProperties') && typeof v === 'object') walk(v as Record<string, unknown>);
      }
    };
    walk(schema);
    for (const banned of ['type', 'required', 'enum', 'maxLength', 'minLength', 'minimum', 'nullable'])
      assert.ok(!keywords.has(banned), `${url} has ${banned}`);
    assert.ok(keywords.has('description') && keywords.has('examples'), url);
    assert.ok(
      schema.properties.states.additionalProperties.properties.type.examples.includes('conversation') || url.includes('integration'),
    );
  }
});

test('the README explains every problem code, under the heading the diagnostics link to', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const documented = [...readme.matchAll(/^### (BP\d{3})$/gm)].map((m) => m[1]);
  assert.deepEqual(documented, Object.keys(problemCodes));
});
