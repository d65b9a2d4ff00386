import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import {
  AuthProvider,
  Command,
  ContextKey,
  ContextValue,
  InternalCommand,
  Language,
  ProblemMatcher,
  Setting,
  SettingSection,
  TaskType,
  TestMessageContextValue,
  UriScheme,
  View,
  ViewCommand,
  ViewContainer,
  WebviewPanel,
} from '../../src/ids';

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

const values = (group: object): string[] => Object.values(group);

/** Asserts that what package.json contributes and the constants of ids.ts are the same ids. */
function sameIds(what: string, contributed: Iterable<string>, constants: Iterable<string>): void {
  const declared = new Set(contributed);
  const known = new Set(constants);
  assert.deepEqual(
    [...declared].filter((id) => !known.has(id)),
    [],
    `${what} contributed without a constant in src/ids.ts`,
  );
  assert.deepEqual(
    [...known].filter((id) => !declared.has(id)),
    [],
    `${what} of src/ids.ts that package.json does not contribute`,
  );
}

// ----- when clauses -----

/** One comparison of a `when` clause: `key`, `!key`, `key op value` (`key in otherKey` included). */
interface Term {
  key: string;
  op?: string;
  value?: string;
}

/** Reads the terms of a `when` clause (VS Code's grammar: keys, values, `/regex/`, `&&`, `||`, `!`, parentheses). */
function terms(when: string): Term[] {
  const tokens: string[] = [];
  const token = /\s*(\/(?:\\.|[^/\\])*\/[a-z]*|&&|\|\||===|!==|==|!=|=~|<=|>=|<|>|[()!]|'[^']*'|"[^"]*"|[^\s()!&|=<>~]+)/y;
  while (token.lastIndex < when.length && when.slice(token.lastIndex).trim()) {
    const at = token.lastIndex;
    const m = token.exec(when);
    if (!m) throw new Error(`unreadable when clause at ${at}: ${when}`);
    const previous = tokens[tokens.length - 1];
    // A slash starts a regex only after =~; elsewhere it is part of a word.
    if (m[1].startsWith('/') && previous !== '=~') throw new Error(`a regex outside =~: ${when}`);
    tokens.push(m[1]);
  }
  const operators = new Set(['===', '!==', '==', '!=', '=~', '<=', '>=', '<', '>', 'in', 'not in']);
  const out: Term[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (['&&', '||', '(', ')', '!'].includes(t)) continue;
    const op = tokens[i + 1] === 'not' && tokens[i + 2] === 'in' ? 'not in' : tokens[i + 1];
    if (operators.has(op)) {
      const value = tokens[i + (op === 'not in' ? 3 : 2)];
      out.push({ key: t, op, value: value?.replace(/^(['"])(.*)\1$/, '$2') });
      i += op === 'not in' ? 3 : 2;
    } else out.push({ key: t });
  }
  return out;
}

/** Every `when` clause of package.json, with where it is. */
const whenClauses: { where: string; when: string }[] = [
  ...Object.entries(contributes.menus as Record<string, { command?: string; when?: string }[]>).flatMap(([menu, items]) =>
    items.filter((i) => i.when).map((i) => ({ where: `menus.${menu} ${i.command}`, when: i.when! })),
  ),
  ...(contributes.viewsWelcome as { view: string; when?: string }[])
    .filter((w) => w.when)
    .map((w) => ({ where: `viewsWelcome ${w.view}`, when: w.when! })),
  ...Object.values(contributes.views as Record<string, { id: string; when?: string }[]>)
    .flat()
    .filter((v) => v.when)
    .map((v) => ({ where: `views ${v.id}`, when: v.when! })),
  ...(contributes.commands as { command: string; enablement?: string }[])
    .filter((c) => c.enablement)
    .map((c) => ({ where: `enablement of ${c.command}`, when: c.enablement! })),
  ...(contributes.keybindings ?? [])
    .filter((k: { when?: string }) => k.when)
    .map((k: { command: string; when: string }) => ({ where: `keybinding ${k.command}`, when: k.when })),
  // A walkthrough step that completes on a context: `onContext:<when clause>`.
  ...(contributes.walkthroughs as { steps: { id: string; completionEvents?: string[] }[] }[])
    .flatMap((w) => w.steps)
    .flatMap((s) =>
      (s.completionEvents ?? [])
        .filter((e) => e.startsWith('onContext:'))
        .map((e) => ({ where: `walkthrough step ${s.id}`, when: e.slice('onContext:'.length) })),
    ),
];
const allTerms = whenClauses.flatMap(({ where, when }) => terms(when).map((t) => ({ ...t, where })));
const termsOf = (key: string) => allTerms.filter((t) => t.key === key);

/** The literal contextValues a `viewItem =~ /…/` stands for when it is a list (`^prefix(a|b)$`), else undefined. */
function listed(regex: string): string[] | undefined {
  const m = /^\^((?:\w|\\\.)*)(?:\(((?:\w|\\\.|\|)+)\))?\$$/.exec(regex);
  if (!m) return undefined;
  const unescape = (s: string) => s.replace(/\\\./g, '.');
  return (m[2] ? m[2].split('|') : ['']).map((alt) => unescape(m[1] + alt));
}

function regexOf(value: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(value);
  assert.ok(m, `not a regex: ${value}`);
  return new RegExp(m[1], m[2]);
}

test('ids: the when-clause reader tells keys, operators and values apart', () => {
  assert.deepEqual(terms('view == botpress.explorer && viewItem =~ /^(bot|integration)$/'), [
    { key: 'view', op: '==', value: 'botpress.explorer' },
    { key: 'viewItem', op: '=~', value: '/^(bot|integration)$/' },
  ]);
  assert.deepEqual(terms('resourceScheme == file && resourcePath in botpress.linkedDefinitions || !(botmock.signedIn)'), [
    { key: 'resourceScheme', op: '==', value: 'file' },
    { key: 'resourcePath', op: 'in', value: 'botpress.linkedDefinitions' },
    { key: 'botmock.signedIn' },
  ]);
  assert.deepEqual(terms("a not in b && c != 'x y'"), [
    { key: 'a', op: 'not in', value: 'b' },
    { key: 'c', op: '!=', value: 'x y' },
  ]);
  assert.deepEqual(listed('^botmock\\.(team|project)$'), ['botmock.team', 'botmock.project']);
  assert.deepEqual(listed('^account\\.inactive$'), ['account.inactive']);
  assert.equal(listed('^account'), undefined);
  assert.ok(termsOf('viewItem').length > 20 && termsOf('view').length > 20, 'the menus were read');
});

// ----- commands -----

test('ids: every contributed command has its Command constant, and every Command is contributed', () => {
  sameIds(
    'commands',
    (contributes.commands as { command: string }[]).map((c) => c.command),
    values(Command),
  );
});

test('ids: menus, welcome views and the walkthrough name only contributed commands', () => {
  const commands = new Set(values(Command));
  const ours = (id: string) => /^(botpress|botmock)\./.test(id);
  const named = [
    ...Object.entries(contributes.menus as Record<string, { command?: string }[]>).flatMap(([menu, items]) =>
      items.map((i) => ({ id: i.command!, where: `menus.${menu}` })),
    ),
    ...(contributes.viewsWelcome as { view: string; contents: string }[]).flatMap((w) =>
      [...w.contents.matchAll(/\(command:([\w.]+)/g)].map((m) => ({ id: m[1], where: `viewsWelcome ${w.view}` })),
    ),
    ...(contributes.walkthroughs as { steps: { id: string; description: string; completionEvents?: string[] }[] }[])
      .flatMap((w) => w.steps)
      .flatMap((s) => [
        ...[...s.description.matchAll(/\(command:([\w.]+)/g)].map((m) => ({ id: m[1], where: `walkthrough step ${s.id}` })),
        ...(s.completionEvents ?? [])
          .filter((e) => e.startsWith('onCommand:'))
          .map((e) => ({ id: e.slice('onCommand:'.length), where: `walkthrough step ${s.id}` })),
      ]),
  ];
  assert.ok(named.length > 50);
  assert.deepEqual(
    named.filter((n) => ours(n.id) && !commands.has(n.id as never)),
    [],
    'commands named that are not Command constants',
  );
});

test('ids: internal and view commands are not contributed, and a view command is `<a contributed view>.focus`', () => {
  const contributed = new Set((contributes.commands as { command: string }[]).map((c) => c.command));
  for (const id of [...values(InternalCommand), ...values(ViewCommand)])
    assert.ok(!contributed.has(id), `${id} is contributed: it belongs in Command`);
  for (const id of values(ViewCommand))
    assert.ok(
      values(View).some((view) => id === `${view}.focus`),
      `${id}: a view's focus command`,
    );
  for (const id of values(InternalCommand)) assert.match(id, /^botpress\./);
});

// ----- views -----

test('ids: view containers and views are the ones package.json contributes', () => {
  const containers = Object.values(contributes.viewsContainers as Record<string, { id: string }[]>).flat();
  sameIds(
    'view containers',
    containers.map((c) => c.id),
    values(ViewContainer),
  );
  const builtIn = new Set(['explorer', 'scm', 'debug', 'test', 'remote']);
  for (const container of Object.keys(contributes.views)) {
    assert.ok(builtIn.has(container) || values(ViewContainer).includes(container), `views under an unknown container ${container}`);
  }
  sameIds(
    'views',
    Object.values(contributes.views as Record<string, { id: string }[]>)
      .flat()
      .map((v) => v.id),
    values(View),
  );
  const named = [...termsOf('view').map((t) => t.value!), ...(contributes.viewsWelcome as { view: string }[]).map((w) => w.view)];
  assert.deepEqual(
    named.filter((id) => !values(View).includes(id)),
    [],
    'views named by when clauses or welcome contents',
  );
});

// ----- context values and keys -----

test('ids: every viewItem of a when clause is a ContextValue, and every ContextValue is picked by some menu', () => {
  const known = values(ContextValue);
  const picked = new Set<string>();
  for (const t of termsOf('viewItem')) {
    if (t.op === '==') {
      assert.ok(known.includes(t.value!), `${t.where}: viewItem == ${t.value} is not a ContextValue`);
      picked.add(t.value!);
    } else {
      assert.equal(t.op, '=~', `${t.where}: viewItem ${t.op}`);
      const regex = regexOf(t.value!);
      const list = listed(regex.source);
      // A list names each of its contextValues; any other pattern must pick at least one.
      if (list) for (const v of list) assert.ok(known.includes(v), `${t.where}: viewItem =~ ${t.value} names ${v}, not a ContextValue`);
      const matched = known.filter((v) => regex.test(v));
      assert.ok(matched.length > 0, `${t.where}: viewItem =~ ${t.value} picks no ContextValue`);
      for (const v of matched) picked.add(v);
    }
  }
  assert.deepEqual(
    known.filter((v) => !picked.has(v)),
    [],
    'ContextValues no menu picks',
  );
});

test('ids: every testMessage of a when clause is a TestMessageContextValue, and each is picked', () => {
  const named = termsOf('testMessage').map((t) => t.value!);
  assert.ok(named.length > 0);
  sameIds('test message contextValues', named, values(TestMessageContextValue));
});

test("ids: the extension's context keys read by when clauses are the ContextKey constants", () => {
  const ours = (key: string) => /^(botpress|botmock)\./.test(key);
  // A key is on the left of a term, or on the right of `in`.
  const keys = allTerms.flatMap((t) => [t.key, ...(t.op === 'in' || t.op === 'not in' ? [t.value!] : [])]).filter(ours);
  sameIds('context keys', keys, values(ContextKey));
});

// ----- the other contributed ids -----

test('ids: webview panels, the auth provider, task types, problem matchers, languages and schemes are contributed', () => {
  const activation = manifest.activationEvents as string[];
  const eventIds = (prefix: string) => activation.filter((e) => e.startsWith(prefix)).map((e) => e.slice(prefix.length));
  // A panel restored after a reload needs its activation event.
  sameIds('webview panels', eventIds('onWebviewPanel:'), values(WebviewPanel));
  sameIds(
    'authentication providers',
    (contributes.authentication as { id: string }[]).map((a) => a.id),
    values(AuthProvider),
  );
  for (const id of eventIds('onAuthenticationRequest:')) assert.ok(values(AuthProvider).includes(id), `onAuthenticationRequest:${id}`);
  sameIds(
    'task types',
    (contributes.taskDefinitions as { type: string }[]).map((t) => t.type),
    values(TaskType),
  );
  const matchers = (contributes.problemMatchers as { name: string }[]).map((m) => `$${m.name}`);
  for (const id of values(ProblemMatcher)) assert.ok(matchers.includes(id), `problem matcher ${id} is not contributed`);
  const languages = (contributes.languages as { id: string }[]).map((l) => l.id);
  for (const id of values(Language)) assert.ok(languages.includes(id), `language ${id} is not contributed`);
  for (const id of eventIds('onLanguage:')) assert.ok(languages.includes(id), `onLanguage:${id} names no contributed language`);
  const vscodeSchemes = new Set(['file', 'untitled', 'vscode-userdata', 'git', 'output']);
  for (const t of termsOf('resourceScheme')) {
    assert.ok(
      vscodeSchemes.has(t.value!) || values(UriScheme).includes(t.value!),
      `${t.where}: resourceScheme == ${t.value} is not a UriScheme`,
    );
  }
});

test('ids: settings and sections are contributed, and each contributed setting is a Setting or in a SettingSection', () => {
  const configuration = [contributes.configuration].flat() as { properties: Record<string, unknown> }[];
  const properties = configuration.flatMap((c) => Object.keys(c.properties));
  for (const id of values(Setting)) assert.ok(properties.includes(id), `setting ${id} is not contributed`);
  for (const id of values(SettingSection))
    assert.ok(
      properties.some((p) => p.startsWith(`${id}.`)),
      `no contributed setting in section ${id}`,
    );
  const reached = (p: string) => values(Setting).includes(p) || values(SettingSection).some((s) => p.startsWith(`${s}.`));
  assert.deepEqual(
    properties.filter((p) => !reached(p)),
    [],
    'settings the code can name only by a string',
  );
});

// ----- the source -----

/** The .ts files of src/ (but ids.ts) and media/, each parsed. */
const sources = ['src', 'media'].flatMap((dir) =>
  (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && path.join(dir, f) !== path.join('src', 'ids.ts'))
    .map((f) => {
      const file = path.join(dir, f);
      return ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    }),
);

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

const where = (node: ts.Node) => {
  const file = node.getSourceFile();
  return `${file.fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
};

test('ids: no string literal of a command, view, context key, panel or setting id is left in src/ or media/ outside ids.ts', () => {
  // Ids too short to tell apart from ordinary words ('bot', 'bp', 'botpress') are left out; the scan is of
  // string literals and literal types, comments excluded.
  const ids = new Map<string, string>();
  const groups = {
    Command,
    InternalCommand,
    ViewCommand,
    View,
    ContextKey,
    TestMessageContextValue,
    WebviewPanel,
    Setting,
    SettingSection,
  };
  for (const [group, constants] of Object.entries(groups))
    for (const [name, id] of Object.entries(constants)) ids.set(id, `${group}.${name}`);
  assert.ok(sources.length > 100, 'the sources were found');
  const left: string[] = [];
  for (const source of sources) {
    walk(source, (node) => {
      if (
        !ts.isStringLiteral(node) &&
        !ts.isNoSubstitutionTemplateLiteral(node) &&
        !ts.isTemplateHead(node) &&
        !ts.isTemplateMiddle(node) &&
        !ts.isTemplateTail(node)
      )
        return;
      const text = node.text;
      const constant = ids.get(text) ?? [...text.matchAll(/command:([\w.]+)/g)].map((m) => ids.get(m[1])).find(Boolean);
      if (constant) left.push(`${where(node)}: '${text}' (use ${constant})`);
    });
  }
  assert.deepEqual(left, []);
});

test('ids: every command is registered and every context key is set in src/, through the constants', () => {
  const registered: string[] = [];
  const set: string[] = [];
  const viewsMade: string[] = [];
  const problems: string[] = [];
  const standIns: string[] = [];
  /** Activation's stand-ins: one per constant of a group, the loop variable drawn from `Object.values(group)`. */
  const standInGroup = (arg: ts.Expression | undefined): string | undefined => {
    if (!arg || !ts.isIdentifier(arg)) return undefined;
    for (let n: ts.Node | undefined = arg.parent; n; n = n.parent) {
      if (!ts.isForOfStatement(n) || !ts.isVariableDeclarationList(n.initializer)) continue;
      if (n.initializer.declarations[0]?.name.getText() !== arg.text) continue;
      const m = /^Object\.values\((\w+)\)$/.exec(n.expression.getText());
      return m?.[1];
    }
    return undefined;
  };
  const constantOf = (arg: ts.Expression | undefined, groups: Record<string, object>): string | undefined => {
    if (!arg || !ts.isPropertyAccessExpression(arg) || !ts.isIdentifier(arg.expression)) return undefined;
    const group = groups[arg.expression.text] as Record<string, string> | undefined;
    return group?.[arg.name.text];
  };
  for (const source of sources) {
    walk(source, (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const method = node.expression.name.text;
      const [first, second] = node.arguments;
      if (method === 'registerCommand' && standInGroup(first) === 'Command') standIns.push('Command');
      else if ((method === 'createTreeView' || method === 'registerTreeDataProvider') && standInGroup(first) === 'View')
        standIns.push('View');
      else if (method === 'registerCommand') {
        const id = constantOf(first, { Command, InternalCommand });
        if (id) registered.push(id);
        else problems.push(`${where(node)}: registerCommand(${first?.getText()}) is not of a Command or InternalCommand`);
      } else if (method === 'executeCommand' && first && ts.isStringLiteral(first) && first.text === 'setContext') {
        const id = constantOf(second, { ContextKey });
        if (id) set.push(id);
        else problems.push(`${where(node)}: setContext of ${second?.getText()}, not a ContextKey`);
      } else if (method === 'createTreeView' || method === 'registerTreeDataProvider' || method === 'treeView') {
        const id = constantOf(first, { View });
        if (id) viewsMade.push(id);
        else problems.push(`${where(node)}: ${method}(${first?.getText()}) is not of a View`);
      }
    });
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(standIns.sort(), ['Command', 'View'], 'activation registers a stand-in for every command and every view');
  const twice = registered.filter((id, i) => registered.indexOf(id) !== i);
  assert.deepEqual(twice, [], 'commands registered twice');
  assert.deepEqual(
    [...values(Command), ...values(InternalCommand)].filter((id) => !registered.includes(id)),
    [],
    'commands never registered',
  );
  assert.deepEqual(
    values(ContextKey).filter((id) => !set.includes(id)),
    [],
    'context keys never set',
  );
  assert.deepEqual(
    values(View).filter((id) => !viewsMade.includes(id)),
    [],
    'views without a tree',
  );
});
