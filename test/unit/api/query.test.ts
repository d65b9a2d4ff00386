import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { encodeQuery } from '../../../src/api/query';

// The official client serializes with qs (its own dependency, loaded from where it loads it); ours must
// write the very same strings.
const qs = createRequire(require.resolve('@botpress/client'))('qs') as { stringify(query: unknown, options: object): string };
const official = (query: Record<string, unknown>) => qs.stringify(query, { encode: true, arrayFormat: 'repeat', allowDots: true });

test('query strings match the official clients byte for byte', () => {
  const cases: Record<string, unknown>[] = [
    {},
    { nextToken: 'abc==/+?&', dev: true, limit: 20 },
    { tags: { team: 'support', 'with space': 'a&b=c' } },
    { participantIds: ['user_1', 'user 2', "o'neil(*)!"] },
    { a: undefined, b: null, c: '', d: false, e: 0 },
    { timeStart: new Date('2026-01-02T03:04:05.678Z'), level: 'error' },
    { emoji: 'héllo ✓ 😀', nested: { deeper: { x: [1, 2] } } },
    { empty: [], emptyObject: {} },
  ];
  for (const query of cases) assert.equal(encodeQuery(query), official(query), JSON.stringify(query));
});
