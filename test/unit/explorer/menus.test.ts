import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const titles = new Map<string, string>(manifest.contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
const items: MenuItem[] = manifest.contributes.menus['view/item/context'];

/** Whether a `when` clause of the explorer's menus holds for a row of `contextValue`. */
function holds(when: string, contextValue: string): boolean {
  return when.split('&&').every((clause) => {
    const [, key, op, value] = /^\s*(\S+)\s*(==|=~)\s*(.+?)\s*$/.exec(clause) ?? [];
    const actual = key === 'view' ? 'botpress.explorer' : key === 'viewItem' ? contextValue : undefined;
    if (op === '==') return actual === value;
    const re = /^\/(.*)\/$/.exec(value ?? '');
    return op === '=~' && !!re && actual !== undefined && new RegExp(re[1]).test(actual);
  });
}

/** The context menu of a row as VS Code draws it: groups in order, each group's titles in order. */
function contextMenu(contextValue: string): string[][] {
  const shown = items
    .filter((i) => i.when && holds(i.when, contextValue) && i.group && !i.group.startsWith('inline'))
    .map((i) => {
      const [group, order] = i.group!.split('@');
      return { group, order: Number(order ?? 0), title: titles.get(i.command) ?? i.command };
    })
    .sort((a, b) => a.group.localeCompare(b.group) || a.order - b.order);
  const groups = new Map<string, string[]>();
  for (const s of shown) groups.set(s.group, [...(groups.get(s.group) ?? []), s.title]);
  return [...groups.values()];
}

test('menus: a bot row groups open, run, definition, copy, knowledge and delete, in that order', () => {
  assert.deepEqual(contextMenu('bot'), [
    ['Open as YAML', 'Open as JSON'],
    ['Chat with Bot', 'Open Logs', 'Show Bot Analytics'],
    ['Deploy Bot', 'Pull Bot Definition', 'Install Integration…', 'Pull Bot JSON…'],
    ['Copy Id', 'Open in Dashboard'],
    ['Search Knowledge Bases…', 'Sync Folder to Knowledge Base…'],
    ['Delete Bot…'],
  ]);
});

test('menus: an integration and a conversation follow the same order', () => {
  assert.deepEqual(contextMenu('integration'), [
    ['Open as YAML', 'Open as JSON'],
    ['Open Logs'],
    ['Deploy Integration', 'Update Integration Readme', 'Install Integration…'],
    ['Copy Id'],
    ['Delete Integration…'],
  ]);
  assert.deepEqual(contextMenu('botIntegration.enabled'), [
    ['Open as YAML', 'Open as JSON'],
    ['Configure Integration…', 'Disable Integration'],
    ['Uninstall Integration…'],
  ]);
  assert.deepEqual(contextMenu('botIntegration.disabled')[1], ['Configure Integration…', 'Enable Integration']);
  assert.deepEqual(contextMenu('conversation'), [['Open as YAML', 'Open as JSON'], ['Open Conversation', 'Open Logs'], ['Copy Id']]);
});
