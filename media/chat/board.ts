/**
 * What the panel shows of a Botmock board at any moment. A mock board reads as one transcript from a
 * root (following the first branch where it forks); a flow board is walked: start at a root, take a
 * labelled branch, step back. Pure: the panel redraws from `state()` after every move.
 */
import {
  back,
  boardGraph,
  branchesAt,
  choose,
  startWalk,
  transcript,
  type BoardGraph,
  type Message,
  type WalkState,
} from '../../src/core/botmock';
import { messageBubbles } from '../../src/core/render/botmock';
import { escapeMarkdown } from '../../src/core/render/markdown';
import type { BoardView, ChatItem } from '../../src/webviews/chat/protocol';

export interface BoardChoice {
  /** For `branch`: the branch index at the current message; for `root`: the root's message id. */
  readonly key: string;
  readonly kind: 'branch' | 'root';
  readonly label: string;
  /** The name of the message it leads to. */
  readonly target: string;
}

export interface BoardState {
  readonly items: ChatItem[];
  readonly choices: BoardChoice[];
  readonly canStepBack: boolean;
  /** Where the view is, e.g. `Welcome › Image`. */
  readonly path: string;
  /** A remark on the view: where a mock transcript forked or looped, an empty board. */
  readonly note?: string;
}

export class BoardViewer {
  readonly graph: BoardGraph;
  readonly isMock: boolean;
  private root: string | undefined;
  private walk: WalkState | undefined;

  constructor(readonly view: BoardView) {
    this.graph = boardGraph(view.board, view.variables);
    this.isMock = view.kind === 'mock';
    this.restart(this.graph.roots[0]?.id);
  }

  restart(rootId: string | undefined): void {
    this.root = rootId;
    this.walk = rootId === undefined || this.isMock ? undefined : startWalk(this.graph, rootId);
  }

  choose(choice: BoardChoice): void {
    if (choice.kind === 'root') this.restart(choice.key);
    else if (this.walk) this.walk = choose(this.graph, this.walk, Number(choice.key));
  }

  stepBack(): void {
    if (this.walk) this.walk = back(this.walk);
  }

  state(): BoardState {
    if (this.root === undefined) return { items: [], choices: [], canStepBack: false, path: '', note: 'This board has no messages.' };
    const otherRoots = this.graph.roots
      .filter((m) => m.id !== this.root)
      .map((m): BoardChoice => ({ key: m.id, kind: 'root', label: `Start at ${name(m)}`, target: name(m) }));
    if (this.isMock) {
      const t = transcript(this.graph, this.root);
      const notes = [
        t.forks.length ? `The conversation forks at ${t.forks.length} message(s); the first branch is shown.` : '',
        t.loopsTo ? `It then loops back to ${name(this.graph.message(t.loopsTo))}.` : '',
      ].filter(Boolean);
      return {
        items: t.lines.flatMap((line, step) => this.bubbles(line.message, step, line.via)),
        choices: otherRoots,
        canStepBack: false,
        path: name(this.graph.message(this.root)),
        note: notes.join(' ') || undefined,
      };
    }
    const walk = this.walk!;
    const branches = branchesAt(this.graph, walk).map(
      (b, index): BoardChoice => ({
        key: String(index),
        kind: 'branch',
        label: b.label || 'always',
        target: b.target ? name(b.target) : `missing message ${b.edge.to}`,
      }),
    );
    return {
      items: walk.steps.flatMap((s, step) => this.bubbles(this.graph.message(s.messageId), step, s.via)),
      choices: [...branches, ...(walk.steps.length === 1 ? otherRoots : [])],
      canStepBack: walk.steps.length > 1,
      path: walk.steps.map((s) => name(this.graph.message(s.messageId))).join(' › '),
      note: branches.length ? undefined : 'End of this path.',
    };
  }

  /** One step's bubbles, led by the branch label that got there; ids unique per step (loops repeat). */
  private bubbles(message: Message | undefined, step: number, via: string | undefined): ChatItem[] {
    if (!message) return [];
    const lead: ChatItem[] = via
      ? [{ id: `${step}:via`, side: 'user', payload: { type: 'text', text: `→ ${escapeMarkdown(via)}` }, raw: { via } }]
      : [];
    return [...lead, ...messageBubbles(message).map((b) => ({ ...b, id: `${step}:${b.id}` }))];
  }
}

function name(message: Message | undefined): string {
  return message ? (message.name ?? message.type) : '?';
}
