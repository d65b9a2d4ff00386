/**
 * What the panel shows of a Botmock board at any moment. A mock board reads as one transcript from a
 * root, the first branch where it forks until another is picked (each fork's other branches are the
 * choices); a flow board is walked: start at a root, take a labelled branch, step back. Pure: the
 * panel redraws from `state()` after every move.
 */
import {
  back,
  boardGraph,
  branchesAt,
  choose,
  nextBranches,
  startWalk,
  transcript,
  type BoardGraph,
  type Edge,
  type Intent,
  type Message,
  type WalkState,
} from '../../src/core/botmock';
import { messageBubbles, messageSummary, shorten } from '../../src/core/render/botmock';
import { escapeMarkdown } from '../../src/core/render/markdown';
import type { BoardView, ChatItem } from '../../src/webviews/chat/protocol';

export interface BoardChoice {
  /**
   * For `branch`: the branch index at the current message (a mock board: `fork:branch`, the fork's index
   * in the transcript); for `root`: the root's message id.
   */
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
  /** Where the view is, by what was said and chosen, e.g. `“Welcome! Pick one” › Image › Carousel`. */
  readonly path: string;
  /** A remark on the view: where a mock transcript forked or looped, an empty board. */
  readonly note?: string;
}

export class BoardViewer {
  readonly graph: BoardGraph;
  readonly isMock: boolean;
  private root: string | undefined;
  private walk: WalkState | undefined;
  /** A mock board: the branch followed at each fork (see `transcript`). */
  private picks: readonly number[] = [];
  private readonly intents: Map<string, Intent>;

  constructor(readonly view: BoardView) {
    this.graph = boardGraph(view.board, view.variables);
    this.isMock = view.kind === 'mock';
    this.intents = new Map(view.intents.flatMap((i) => [[i.id, i] as const, [i.name, i] as const]));
    this.restart(this.graph.roots[0]?.id);
  }

  /** Starts again at a message: a root, or any message of a flow board (picked on its graph). */
  restart(rootId: string | undefined): void {
    this.root = rootId;
    this.picks = [];
    this.walk = rootId === undefined || this.isMock ? undefined : startWalk(this.graph, rootId);
  }

  choose(choice: BoardChoice): void {
    if (choice.kind === 'root') this.restart(choice.key);
    else if (this.isMock) {
      const [fork, branch] = choice.key.split(':').map(Number) as [number, number];
      this.picks = [...transcript(this.graph, this.root, this.picks).taken.slice(0, fork), branch];
    } else if (this.walk) this.walk = choose(this.graph, this.walk, Number(choice.key));
  }

  stepBack(): void {
    if (this.isMock) this.picks = this.picks.slice(0, -1);
    else if (this.walk) this.walk = back(this.walk);
  }

  state(): BoardState {
    if (this.root === undefined) return { items: [], choices: [], canStepBack: false, path: '', note: 'This board has no messages.' };
    const otherRoots = this.graph.roots
      .filter((m) => m.id !== this.root)
      .map((m): BoardChoice => ({ key: m.id, kind: 'root', label: `Start at ${name(m)}`, target: name(m) }));
    if (this.isMock) {
      const t = transcript(this.graph, this.root, this.picks);
      // Every fork's branches not followed, each picked to read the conversation that way.
      const branches = t.forks.flatMap((id, fork) => {
        const at = this.graph.message(id);
        const said = at && messageSummary(at, 24);
        return nextBranches(this.graph, id).flatMap((b, index): BoardChoice[] =>
          index === t.taken[fork]
            ? []
            : [
                {
                  key: `${fork}:${index}`,
                  kind: 'branch',
                  label: `${said ? `“${said}”` : name(at)} › ${b.label || `branch ${index + 1}`}`,
                  target: name(b.target),
                },
              ],
        );
      });
      const notes = [
        branches.length ? `The conversation forks at ${t.forks.length} message(s): pick a branch below to read it.` : '',
        t.loopsTo ? `It then loops back to ${name(this.graph.message(t.loopsTo))}.` : '',
      ].filter(Boolean);
      const items = t.lines.flatMap((line, step) => this.bubbles(line.message, step, line.via, line.edge));
      if (!items.length) notes.unshift('Its messages have no content yet.');
      return {
        items,
        choices: [...branches, ...otherRoots],
        canStepBack: this.picks.length > 0,
        path: '',
        note: notes.join(' ') || undefined,
      };
    }
    const walk = this.walk!;
    const branches = branchesAt(this.graph, walk).map((b, index): BoardChoice => ({
      key: String(index),
      kind: 'branch',
      label: b.label || 'always',
      target: b.target ? name(b.target) : `missing message ${b.edge.to}`,
    }));
    return {
      items: walk.steps.flatMap((s, step) => this.bubbles(this.graph.message(s.messageId), step, s.via, s.edge)),
      choices: [...branches, ...(walk.steps.length === 1 ? otherRoots : [])],
      canStepBack: walk.steps.length > 1,
      path: walk.steps
        .map((s, i) => {
          const message = this.graph.message(s.messageId);
          const said = message && messageSummary(message, 32);
          return i > 0 && s.choice ? shorten(s.choice, 32) : said ? `“${said}”` : name(message);
        })
        .join(' › '),
      note: branches.length ? undefined : 'End of this path.',
    };
  }

  /**
   * One step's bubbles, led by what the user said to get there (the button's title, else an utterance
   * of the intent) over the branch's full label; ids unique per step (loops repeat).
   */
  private bubbles(message: Message | undefined, step: number, via: string | undefined, edge: Edge | undefined): ChatItem[] {
    if (!message) return [];
    const lead: ChatItem[] = [];
    if (via) {
      const said = this.userWords(edge);
      const text = said ? `${escapeMarkdown(said)}\n\n_${escapeMarkdown(via)}_` : `_${escapeMarkdown(via)}_`;
      lead.push({ id: `${step}:via`, side: 'user', payload: { type: 'text', text }, raw: { via, ...(edge ? { edge } : {}) } });
    }
    return [...lead, ...messageBubbles(message).map((b) => ({ ...b, id: `${step}:${b.id}` }))];
  }

  /** What the user says to take an edge: the button's title, else the intent's first utterance. */
  private userWords(edge: Edge | undefined): string | undefined {
    if (edge?.action?.title) return edge.action.title;
    const intent = edge?.intent && (this.intents.get(edge.intent.id ?? '') ?? this.intents.get(edge.intent.name));
    return intent?.utterances[0]?.text;
  }
}

/** A message's name in the Botmock editor, for a message with nothing to say. */
function name(message: Message | undefined): string {
  return message ? (message.name ?? message.type) : '?';
}
