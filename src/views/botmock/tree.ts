/**
 * The Botmock tree (`botmock.explorer`): teams → projects → Boards, Intents, Entities, Variables.
 * Lists load when first expanded, once (see ChildCache); a failure becomes a node that says what failed
 * and retries on click; an empty list says so.
 *
 * contextValues, for menus: `botmock.team`, `botmock.project`, `botmock.group`, `botmock.board`,
 * `botmock.intent`, `botmock.utterance`, `botmock.entity`, `botmock.entityValue`, `botmock.variable`,
 * `botmock.error`, `botmock.message`. Nodes with an `id` (teams, projects, boards, intents, entities,
 * variables) expose it to `botmock.copyId`. A board's click runs `botmock.openBoard` with
 * `{ teamId, projectId, boardId, name, projectType }`.
 */
import * as vscode from 'vscode';
import type { BoardRef, BotmockClient, ProjectRef } from '../../api/botmock';
import { ApiError, describeError } from '../../api/errors';
import type { BoardSummary, Entity, EntityValue, Intent, Project, Team, Utterance, Variable } from '../../core/botmock';
import { isQuiet } from '../../auth/access';
import { ChildCache } from './cache';
import {
  entityDescription,
  entityValueDescription,
  intentDescription,
  projectDescription,
  projectTooltip,
  resourceTooltip,
  showsLocale,
  utteranceLabel,
  utteranceTooltip,
  variableDescription,
} from './labels';
import { Command, ContextValue } from '../../ids';

/** What the tree needs from the Botmock account. */
export interface BotmockTreeAccount {
  isSignedIn(): boolean;
  client(): Promise<BotmockClient>;
  readonly onDidChange: vscode.Event<void>;
}

export type Group = 'boards' | 'intents' | 'entities' | 'variables';

export type BotmockNode = { readonly key: string } & (
  | { kind: 'team'; team: Team }
  | { kind: 'project'; teamId: string; project: Project }
  | { kind: 'group'; group: Group; ref: ProjectRef; project: Project }
  | { kind: 'board'; ref: BoardRef; board: BoardSummary; project: Project }
  | { kind: 'intent'; intent: Intent; showLocale: boolean }
  | { kind: 'utterance'; utterance: Utterance; showLocale: boolean }
  | { kind: 'entity'; entity: Entity; showLocale: boolean }
  | { kind: 'entityValue'; value: EntityValue; showLocale: boolean }
  | { kind: 'variable'; variable: Variable }
  | { kind: 'message'; text: string }
  | { kind: 'error'; text: string; detail: string; retry?: BotmockNode; signIn: boolean }
);

/** Each kind's contextValue, for menus (package.json); the kinds no menu picks keep a name of the same form. */
const CONTEXT_VALUES: Record<BotmockNode['kind'], string> = {
  team: ContextValue.botmockTeam,
  project: ContextValue.botmockProject,
  group: ContextValue.botmockGroup,
  board: ContextValue.botmockBoard,
  intent: ContextValue.botmockIntent,
  utterance: 'botmock.utterance',
  entity: ContextValue.botmockEntity,
  entityValue: 'botmock.entityValue',
  variable: ContextValue.botmockVariable,
  message: 'botmock.message',
  error: 'botmock.error',
};

const GROUPS: { group: Group; label: string; icon: string }[] = [
  { group: 'boards', label: 'Boards', icon: 'layout' },
  { group: 'intents', label: 'Intents', icon: 'symbol-event' },
  { group: 'entities', label: 'Entities', icon: 'symbol-enum' },
  { group: 'variables', label: 'Variables', icon: 'symbol-variable' },
];

export class BotmockTreeProvider implements vscode.TreeDataProvider<BotmockNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<BotmockNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly cache = new ChildCache<BotmockNode[]>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly account: BotmockTreeAccount,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscription = account.onDidChange(() => this.refresh());
  }

  /** Reloads a node's children, or the whole tree without a node. */
  refresh(node?: BotmockNode): void {
    this.cache.invalidate(node?.key);
    this.changed.fire(node);
  }

  getChildren(node?: BotmockNode): Promise<BotmockNode[]> | BotmockNode[] {
    if (!node) {
      if (!this.account.isSignedIn()) return []; // the welcome view offers to sign in
      return this.load(undefined, 'root', 'teams', async (c) =>
        (await c.listTeams()).map((team) => ({ kind: 'team', key: `team:${team.id}`, team })),
      );
    }
    switch (node.kind) {
      case 'team':
        return this.load(node, node.key, 'projects', async (c) =>
          (await c.listProjects(node.team.id)).map((project) => ({
            kind: 'project',
            key: `${node.key}/project:${project.id}`,
            teamId: node.team.id,
            project,
          })),
        );
      case 'project':
        return GROUPS.map(({ group }) => ({
          kind: 'group',
          key: `${node.key}/${group}`,
          group,
          project: node.project,
          ref: { teamId: node.teamId, projectId: node.project.id },
        }));
      case 'group':
        return this.groupChildren(node);
      case 'intent':
        return node.intent.utterances.map((utterance, i) => ({
          kind: 'utterance',
          key: `${node.key}/${i}`,
          utterance,
          showLocale: node.showLocale,
        }));
      case 'entity':
        return node.entity.values.map((value, i) => ({ kind: 'entityValue', key: `${node.key}/${i}`, value, showLocale: node.showLocale }));
      default:
        return [];
    }
  }

  getTreeItem(node: BotmockNode): vscode.TreeItem {
    const item = this.describe(node);
    item.id = node.key;
    item.contextValue = CONTEXT_VALUES[node.kind];
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private groupChildren(node: Extract<BotmockNode, { kind: 'group' }>): Promise<BotmockNode[]> {
    const { ref, project, key } = node;
    switch (node.group) {
      case 'boards':
        return this.load(node, key, 'boards', async (c) =>
          (await c.listBoards(ref)).map((board) => ({
            kind: 'board',
            key: `${key}/${board.id}`,
            board,
            project,
            ref: { ...ref, boardId: board.id },
          })),
        );
      case 'intents':
        return this.load(node, key, 'intents', async (c) => {
          const intents = await c.listIntents(ref);
          const showLocale = showsLocale(intents.flatMap((i) => i.utterances));
          return intents.map((intent) => ({ kind: 'intent', key: `${key}/${intent.id}`, intent, showLocale }));
        });
      case 'entities':
        return this.load(node, key, 'entities', async (c) => {
          const entities = await c.listEntities(ref);
          const showLocale = showsLocale(entities.flatMap((e) => e.values));
          return entities.map((entity) => ({ kind: 'entity', key: `${key}/${entity.id}`, entity, showLocale }));
        });
      case 'variables':
        return this.load(node, key, 'variables', async (c) =>
          (await c.listVariables(ref)).map((variable) => ({ kind: 'variable', key: `${key}/${variable.id}`, variable })),
        );
    }
  }

  /** Loads a list once; an empty list becomes a message node, a failure an error node that retries. */
  private load(
    parent: BotmockNode | undefined,
    key: string,
    what: string,
    fetch: (client: BotmockClient) => Promise<BotmockNode[]>,
  ): Promise<BotmockNode[]> {
    return this.cache.get(key, async () => {
      try {
        const nodes = await fetch(await this.account.client());
        return nodes.length ? nodes : [{ kind: 'message', key: `${key}/empty`, text: `No ${what}` }];
      } catch (error) {
        if (isQuiet(error)) return [];
        const detail = describeError(error);
        this.output.warn(`Botmock: could not load ${what}: ${detail}`);
        const signIn = ApiError.is(error) && error.status === 401;
        const text = signIn
          ? `Botmock refused the token while loading ${what}: sign in again`
          : `Could not load ${what}: ${detail} (click to retry)`;
        return [{ kind: 'error', key: `${key}/error`, text, detail, retry: parent, signIn }];
      }
    });
  }

  private describe(node: BotmockNode): vscode.TreeItem {
    const { Collapsed, None } = vscode.TreeItemCollapsibleState;
    const icon = (id: string, problems: string[] = []) =>
      new vscode.ThemeIcon(
        problems.length ? 'warning' : id,
        problems.length ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
      );
    switch (node.kind) {
      case 'team': {
        const item = new vscode.TreeItem(node.team.name || `Team ${node.team.id}`, Collapsed);
        item.iconPath = icon('organization', node.team.problems);
        item.tooltip = resourceTooltip(node.team);
        return item;
      }
      case 'project': {
        const p = node.project;
        const item = new vscode.TreeItem(p.name || `Project ${p.id}`, Collapsed);
        item.description = projectDescription(p);
        item.tooltip = projectTooltip(p);
        item.iconPath = icon(p.type === 'mock' ? 'comment-discussion' : 'type-hierarchy', p.problems);
        return item;
      }
      case 'group': {
        const g = GROUPS.find((x) => x.group === node.group)!;
        const item = new vscode.TreeItem(g.label, Collapsed);
        item.iconPath = new vscode.ThemeIcon(g.icon);
        return item;
      }
      case 'board': {
        const b = node.board;
        const item = new vscode.TreeItem(b.name || `Board ${b.id}`, None);
        item.description = b.updatedAt ? `updated ${b.updatedAt.slice(0, 10)}` : undefined;
        item.tooltip = resourceTooltip(b, b.isPrivate ? 'Private board' : undefined);
        item.iconPath = icon(node.project.type === 'mock' ? 'comment-discussion' : 'git-merge', b.problems);
        item.command = {
          command: Command.openBoard,
          title: 'Open Board',
          arguments: [{ ...node.ref, name: b.name, projectType: node.project.type, projectName: node.project.name }],
        };
        return item;
      }
      case 'intent': {
        const i = node.intent;
        const item = new vscode.TreeItem(i.name || `Intent ${i.id}`, i.utterances.length ? Collapsed : None);
        item.description = intentDescription(i);
        item.tooltip = resourceTooltip(i, i.slots.length ? `${i.slots.length} slot(s)` : undefined);
        item.iconPath = icon('symbol-event', i.problems);
        return item;
      }
      case 'utterance': {
        const item = new vscode.TreeItem(utteranceLabel(node.utterance), None);
        item.description = node.showLocale ? node.utterance.locale : undefined;
        item.tooltip = utteranceTooltip(node.utterance);
        item.iconPath = new vscode.ThemeIcon(node.utterance.segments.some((s) => s.kind === 'slot') ? 'symbol-parameter' : 'quote');
        return item;
      }
      case 'entity': {
        const e = node.entity;
        const item = new vscode.TreeItem(e.name || `Entity ${e.id}`, e.values.length ? Collapsed : None);
        item.description = entityDescription(e);
        item.tooltip = resourceTooltip(e);
        item.iconPath = icon('symbol-enum', e.problems);
        return item;
      }
      case 'entityValue': {
        const v = node.value;
        const item = new vscode.TreeItem(v.value || '(empty value)', None);
        item.description = [node.showLocale ? v.locale : undefined, entityValueDescription(v)].filter(Boolean).join(' · ');
        item.tooltip = `${v.value}\nSynonyms: ${v.synonyms.join(', ') || 'none'}`;
        item.iconPath = new vscode.ThemeIcon('symbol-enum-member');
        return item;
      }
      case 'variable': {
        const v = node.variable;
        const item = new vscode.TreeItem(v.name || `Variable ${v.id}`, None);
        item.description = variableDescription(v);
        item.tooltip = resourceTooltip(v, v.entity ? `Entity: ${v.entity}` : undefined);
        item.iconPath = icon('symbol-variable', v.problems);
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, None);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(node.text, None);
        item.tooltip = node.detail;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.command = node.signIn
          ? { command: Command.botmockSignIn, title: 'Sign In' }
          : { command: Command.botmockRefresh, title: 'Retry', arguments: [node.retry] };
        return item;
      }
    }
  }
}

/** The id a node stands for, for `botmock.copyId`. */
export function nodeId(node: BotmockNode): string | undefined {
  switch (node.kind) {
    case 'team':
      return node.team.id;
    case 'project':
      return node.project.id;
    case 'board':
      return node.board.id;
    case 'intent':
      return node.intent.id;
    case 'entity':
      return node.entity.id;
    case 'variable':
      return node.variable.id;
    default:
      return undefined;
  }
}
