import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';

/** The SDK fixture projects: they resolve the official SDK from test/fixtures/sdk/node_modules (installed by `npm test` and CI). */
export const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'sdk');

export function requireSdkFixtures(): void {
  assert.ok(
    fs.existsSync(path.join(fixtures, 'node_modules', '@botpress', 'sdk', 'package.json')),
    'the SDK fixtures are not installed: npm ci --prefix test/fixtures/sdk (npm test does it)',
  );
}

export const fixture = (...p: string[]) => path.join(fixtures, ...p);

/** The text a problem's range covers. */
export const covered = (text: string, p: { start: number; end: number }) => text.slice(p.start, p.end);
