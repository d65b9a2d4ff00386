/**
 * Walking a Botmock board: pure functions over the normalized model, for the board view.
 *
 *   const graph = boardGraph(board, variables)  // index once; variables name the fields of conditions
 *   graph.roots                                 // start points (listed roots, else is_root, else no incoming)
 *   graph.message(id)                           // Message | undefined
 *   graph.branches(id)                          // Branch[]: each next edge, its label, its target message
 *   graph.parents(id)                           // messages with an edge into id
 *
 *   let walk = startWalk(graph)                 // a flow board: { steps: [{ messageId }] } at a root
 *   branchesAt(graph, walk)                     // where the conversation can go from here
 *   walk = choose(graph, walk, 2)               // take the third branch (its label is kept in the step)
 *   walk = back(walk)                           // one step back (never past the start)
 *   currentMessage(graph, walk)
 *
 *   transcript(graph, root, [1])                // a mock board: the chain from a root as user/bot lines,
 *                                               //   the second branch at its first fork, the first elsewhere
 *
 * A walk is an immutable value: keep it in the view's state and replace it on every move.
 */
import type { Board, Edge, Message, Variable } from './model';

export interface Branch {
  readonly edge: Edge;
  /** What makes the conversation go this way, e.g. `intent INTENT_IMAGE · button "Image"`; '' if nothing. */
  readonly label: string;
  /** What the user does to go this way, in a word: the button's title, else the intent, else the condition; '' if nothing. */
  readonly choice: string;
  /** Undefined when the edge points at a message the board does not have. */
  readonly target?: Message;
}

export interface BoardGraph {
  readonly board: Board;
  readonly roots: Message[];
  message(id: string): Message | undefined;
  branches(id: string): Branch[];
  parents(id: string): Message[];
}

/** Indexes a board once; every lookup after that is constant time. */
export function boardGraph(board: Board, variables: readonly Pick<Variable, 'id' | 'name'>[] = []): BoardGraph {
  const byId = new Map<string, Message>();
  for (const m of board.messages) if (!byId.has(m.id)) byId.set(m.id, m);
  const variableNames = new Map(variables.map((v) => [v.id, v.name]));
  const parentIds = new Map<string, Set<string>>();
  for (const m of board.messages) {
    for (const e of m.next) {
      if (!parentIds.has(e.to)) parentIds.set(e.to, new Set());
      parentIds.get(e.to)!.add(m.id);
    }
  }
  const pick = (ids: Iterable<string>) => [...ids].map((id) => byId.get(id)).filter((m): m is Message => !!m);
  const listed = pick(board.rootIds);
  const flagged = board.messages.filter((m) => m.isRoot);
  const unreached = board.messages.filter((m) => !parentIds.has(m.id));
  const roots = [listed, flagged, unreached, board.messages.slice(0, 1)].find((r) => r.length > 0) ?? [];

  return {
    board,
    roots,
    message: (id) => byId.get(id),
    branches: (id) =>
      (byId.get(id)?.next ?? []).map((edge) => ({
        edge,
        label: edgeLabel(edge, variableNames),
        choice: edge.action?.title || edge.intent?.name || conditionText(edge, variableNames),
        target: byId.get(edge.to),
      })),
    parents: (id) => pick(parentIds.get(id) ?? []),
  };
}

/** A readable label for an edge: its intent, the button that leads there, and its condition. */
export function edgeLabel(edge: Edge, variableNames: ReadonlyMap<string, string> = new Map()): string {
  const parts: string[] = [];
  if (edge.intent?.name) parts.push(`intent ${edge.intent.name}`);
  if (edge.action?.title) parts.push(`button "${edge.action.title}"`);
  const condition = conditionText(edge, variableNames);
  if (condition) parts.push(condition);
  return parts.join(' · ');
}

/** `if age > 18 and …`, `if not (…)`; '' without rules. */
function conditionText(edge: Edge, variableNames: ReadonlyMap<string, string>): string {
  const rules = edge.condition?.rules ?? [];
  if (!rules.length) return '';
  const joined = rules
    .map((r) => `${variableNames.get(r.field) ?? r.field} ${r.operator} ${r.value}`)
    .join(` ${edge.condition!.combinator} `);
  return edge.condition!.negated ? `if not (${joined})` : `if ${joined}`;
}

export interface WalkStep {
  readonly messageId: string;
  /** The label of the branch taken to get here (undefined at the start). */
  readonly via?: string;
  /** The branch's choice (see {@link Branch.choice}), when it has one. */
  readonly choice?: string;
  /** The edge taken to get here. */
  readonly edge?: Edge;
}

export interface WalkState {
  readonly steps: readonly WalkStep[];
}

/** Starts at the given root (or the first one). Throws on a board with no messages or an unknown id. */
export function startWalk(graph: BoardGraph, rootId?: string): WalkState {
  const start = rootId === undefined ? graph.roots[0] : graph.message(rootId);
  if (!start) throw new Error(rootId === undefined ? 'This board has no messages.' : `No message ${rootId} on this board.`);
  return { steps: [{ messageId: start.id }] };
}

export function currentMessage(graph: BoardGraph, walk: WalkState): Message | undefined {
  const last = walk.steps[walk.steps.length - 1];
  return last && graph.message(last.messageId);
}

export function branchesAt(graph: BoardGraph, walk: WalkState): Branch[] {
  const last = walk.steps[walk.steps.length - 1];
  return last ? graph.branches(last.messageId) : [];
}

/** Takes branch `index` from where the walk is. Throws when there is no such branch or it leads nowhere. */
export function choose(graph: BoardGraph, walk: WalkState, index: number): WalkState {
  const branch = branchesAt(graph, walk)[index];
  if (!branch) throw new Error(`There is no branch ${index + 1} here.`);
  if (!branch.target) throw new Error(`That branch leads to message ${branch.edge.to}, which is not on this board.`);
  return {
    steps: [
      ...walk.steps,
      { messageId: branch.target.id, via: branch.label || undefined, choice: branch.choice || undefined, edge: branch.edge },
    ],
  };
}

/** One step back; at the start, the walk is returned unchanged. */
export function back(walk: WalkState): WalkState {
  return walk.steps.length > 1 ? { steps: walk.steps.slice(0, -1) } : walk;
}

export interface TranscriptLine {
  readonly message: Message;
  readonly side: 'user' | 'bot';
  readonly via?: string;
  readonly edge?: Edge;
}

export interface Transcript {
  readonly lines: TranscriptLine[];
  /** Set when the chain comes back to a message already shown (the transcript stops there). */
  readonly loopsTo?: string;
  /** Messages with more than one next message, in the order met. */
  readonly forks: string[];
  /** For each fork, the index (among its `nextBranches`) of the branch followed. */
  readonly taken: number[];
}

/** The branches of a message that lead to a message of the board. */
export function nextBranches(graph: BoardGraph, id: string): Branch[] {
  return graph.branches(id).filter((b) => b.target);
}

/**
 * A mock board read as a conversation: from a root, follow each message's next message; at the k-th
 * fork met, the branch `picks[k]` (the first when not picked), so that every branch can be read.
 */
export function transcript(graph: BoardGraph, rootId?: string, picks: readonly number[] = []): Transcript {
  const lines: TranscriptLine[] = [];
  const forks: string[] = [];
  const taken: number[] = [];
  const seen = new Set<string>();
  let message = rootId === undefined ? graph.roots[0] : graph.message(rootId);
  let via: string | undefined;
  let edge: Edge | undefined;
  while (message && !seen.has(message.id)) {
    seen.add(message.id);
    lines.push({ message, side: message.fromUser ? 'user' : 'bot', via, edge });
    const branches = nextBranches(graph, message.id);
    let index = 0;
    if (graph.branches(message.id).length > 1) {
      index = Math.min(Math.max(0, picks[forks.length] ?? 0), Math.max(0, branches.length - 1));
      forks.push(message.id);
      taken.push(index);
    }
    const next = branches[index];
    via = next?.label || undefined;
    edge = next?.edge;
    message = next?.target;
  }
  return { lines, forks, taken, loopsTo: message?.id };
}
