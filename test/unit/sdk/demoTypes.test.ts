// The demo's SDK definitions are clean before they are touched: TypeScript (with the official SDK's types)
// reports nothing on them, and neither does the toolkit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type * as TS from 'typescript';
import { fixture, fixtures, requireSdkFixtures } from './helpers';

const demo = path.join(__dirname, '..', '..', 'fixtures', 'demo-workspace');

test("the demo's bot.definition.ts and integration.definition.ts type-check with the SDK (no ts(2353) on an event title)", () => {
  requireSdkFixtures();
  const ts = require(fixture('node_modules', 'typescript')) as typeof TS;
  // Copied beside the SDK fixtures' node_modules, where @botpress/sdk resolves as in the installed demo.
  const dir = fs.mkdtempSync(path.join(fixtures, 'tmp-demo-'));
  try {
    const files = ['support-bot/bot.definition.ts', 'weather-integration/integration.definition.ts'].map((f) => {
      const target = path.join(dir, f.replace('/', '-'));
      fs.copyFileSync(path.join(demo, f), target);
      return target;
    });
    fs.copyFileSync(path.join(demo, 'weather-integration', 'package.json'), path.join(dir, 'package.json'));
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      resolveJsonModule: true,
      types: [],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ''} ts(${d.code}) ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    assert.deepEqual(problems, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
