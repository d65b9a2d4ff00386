// The Botmock tree provider's behaviour (loading, empty lists, error nodes and retry, one request per
// node, refresh), in plain node: the few `vscode` classes it builds items from are stood in for below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { ApiError, ApiErrors } from '../../../src/api/errors';
import { normalizeIntent, normalizeProject, normalizeTeam } from '../../../src/core/botmock';

class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  readonly event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T) {
    for (const l of this.listeners) l(e);
  }
  dispose() {
    this.listeners = [];
  }
}
const fakeVscode = {
  EventEmitter,
  TreeItem: class {
    [key: string]: unknown;
    constructor(
      readonly label: unknown,
      readonly collapsibleState: number,
    ) {}
  },
  ThemeIcon: class {
    constructor(readonly id: string) {}
  },
  ThemeColor: class {
    constructor(readonly id: string) {}
  },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
};
const moduleInternals = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const realLoad = moduleInternals._load;
moduleInternals._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? fakeVscode : realLoad.call(this, request, ...rest);
};
const { BotmockTreeProvider } = require('../../../src/views/botmock/tree') as typeof import('../../../src/views/botmock/tree');
type Node = import('../../../src/views/botmock/tree').BotmockNode;

const output = { warn: () => {} } as never;

function setup(overrides: Record<string, (...args: any[]) => Promise<unknown>> = {}) {
  const calls: string[] = [];
  const changes = new EventEmitter<void>();
  let signedIn = true;
  const api: Record<string, (...args: any[]) => Promise<unknown>> = {
    listTeams: async () => [normalizeTeam({ id: 7, name: 'Design' })],
    listProjects: async () => [normalizeProject({ id: 'p1', name: 'Support', type: 'mock', platform: 'facebook' })],
    listBoards: async () => [],
    listIntents: async () => [normalizeIntent({ id: 'i1', name: 'Order', utterances: [{ text: 'a %Dish% please', variables: [] }] })],
    ...overrides,
  };
  const client = Object.fromEntries(
    Object.entries(api).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name);
        return fn(...args);
      },
    ]),
  );
  const tree = new BotmockTreeProvider(
    { isSignedIn: () => signedIn, client: async () => client as never, onDidChange: changes.event as never },
    output,
  );
  return { tree, calls, changes, signOut: () => (signedIn = false) };
}

const children = async (tree: InstanceType<typeof BotmockTreeProvider>, node?: Node) => tree.getChildren(node);
const labelOf = (tree: InstanceType<typeof BotmockTreeProvider>, node: Node) => {
  const item = tree.getTreeItem(node) as unknown as { label: unknown };
  return typeof item.label === 'string' ? item.label : (item.label as { label: string }).label;
};

test('teams → projects → groups → intents → utterances with their slots highlighted', async () => {
  const { tree, calls } = setup();
  const [team] = await children(tree);
  assert.equal(labelOf(tree, team!), 'Design');
  const [project] = await children(tree, team);
  const projectItem = tree.getTreeItem(project!) as any;
  assert.equal(projectItem.description, 'mock · facebook');
  assert.equal(projectItem.contextValue, 'botmock.project');
  const groups = await children(tree, project);
  assert.deepEqual(
    groups.map((g) => labelOf(tree, g)),
    ['Boards', 'Intents', 'Entities', 'Variables'],
  );
  const [intent] = await children(tree, groups[1]);
  const [utterance] = await children(tree, intent);
  assert.deepEqual((tree.getTreeItem(utterance!) as any).label, { label: 'a %Dish% please', highlights: [[2, 8]] });
  const [empty] = await children(tree, groups[0]);
  assert.equal(empty!.kind, 'message');
  assert.equal(labelOf(tree, empty!), 'No boards');
  assert.deepEqual(calls, ['listTeams', 'listProjects', 'listIntents', 'listBoards']);
});

test('a board node opens the board view with its team, project and board ids', async () => {
  const { tree } = setup({ listBoards: async () => [{ id: 'b1', name: 'Happy path', problems: [], raw: {} }] });
  const [team] = await children(tree);
  const [project] = await children(tree, team);
  const [boards] = await children(tree, project);
  const [board] = await children(tree, boards);
  const item = tree.getTreeItem(board!) as any;
  assert.equal(item.command.command, 'botmock.openBoard');
  assert.deepEqual(item.command.arguments, [
    { teamId: '7', projectId: 'p1', boardId: 'b1', name: 'Happy path', projectType: 'mock', projectName: 'Support' },
  ]);
});

test('failures become an error node that retries its parent; a refused token offers to sign in', async () => {
  let fail = true;
  const { tree, calls } = setup({
    listProjects: async () => {
      if (fail) throw new ApiErrors.Internal({ status: 503, message: 'Service Unavailable' });
      return [normalizeProject({ id: 'p', name: 'Back', type: 'flow' })];
    },
    listIntents: async () => {
      throw new ApiErrors.Unauthorized({ status: 401, message: 'Unauthenticated.' });
    },
  });
  const [team] = await children(tree);
  const [error] = await children(tree, team);
  assert.equal(error!.kind, 'error');
  assert.match(labelOf(tree, error!), /Could not load projects: Internal: Service Unavailable \(click to retry\)/);
  const retry = (tree.getTreeItem(error!) as any).command;
  assert.equal(retry.command, 'botmock.refresh');
  assert.equal(retry.arguments[0], team);

  assert.equal((await children(tree, team))[0], error, 'the error is kept until a retry');
  fail = false;
  tree.refresh(retry.arguments[0]);
  const [project] = await children(tree, team);
  assert.equal(labelOf(tree, project!), 'Back');
  assert.equal(calls.filter((c) => c === 'listProjects').length, 2);

  const groups = await children(tree, project);
  const [denied] = await children(tree, groups[1]);
  assert.equal((tree.getTreeItem(denied!) as any).command.command, 'botmock.signIn');
  assert.ok(ApiError.is(new ApiErrors.Unauthorized({ status: 401, message: '' }), 'Unauthorized'));
});

test('two expansions at once send one request; signed out shows nothing (the welcome view)', async () => {
  const { tree, calls, changes, signOut } = setup();
  const [a, b] = await Promise.all([children(tree), children(tree)]);
  assert.deepEqual(a, b);
  assert.deepEqual(calls, ['listTeams']);
  let refreshed = 0;
  tree.onDidChangeTreeData(() => refreshed++);
  signOut();
  changes.fire();
  assert.equal(refreshed, 1, 'an account change refreshes the tree');
  assert.deepEqual(await children(tree), []);
  assert.deepEqual(calls, ['listTeams']);
});
