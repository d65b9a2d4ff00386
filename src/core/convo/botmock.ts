/**
 * Botmock boards as conversation tests: what the design says the bot must do, written in Botium's text
 * format.
 *
 * - A mock board is one conversation: from its root, each message's first next message.
 * - A flow board gives one test per path from a root to an end, depth first; a path that comes back to
 *   a message already on it shows that message once more and stops there (the loop is cut). Each test
 *   is named by the intents and buttons its path takes.
 * - User turns: a user reply on the path is said as written; a branch taken by an intent says the
 *   intent's first utterance (slots filled with their entity's first value or the variable's default);
 *   a branch taken by a button alone clicks it (BUTTON payload|title).
 * - Bot turns, one #bot section per block: its text (`%variables%` become `*` wildcards; alternative
 *   wordings become an utterance list any of which may match), its buttons and quick replies as
 *   BUTTONS, images as MEDIA, cards as CARDS (with their images and buttons).
 */
import {
  boardGraph,
  type Block,
  type Board,
  type BoardGraph,
  type Branch,
  type Edge,
  type Entity,
  type Intent,
  type Message,
  type Segment,
  type Variable,
} from '../botmock';
import { CONVO_SUFFIX, UTTERANCES_SUFFIX } from './model';
import { formatArgs } from './parse';

export interface BoardExportInput {
  readonly board: Board;
  readonly boardName: string;
  /** `mock` or `flow` (the project's type). */
  readonly projectType: string;
  readonly projectName?: string;
  readonly intents: readonly Intent[];
  readonly variables: readonly Variable[];
  readonly entities: readonly Entity[];
}

export interface ExportedFile {
  /** A file name (no folder): `<name>.convo.txt` or `<list>.utterances.txt`. */
  readonly name: string;
  readonly text: string;
}

export interface BoardExport {
  readonly files: ExportedFile[];
  /** How many of the files are tests. */
  readonly tests: number;
  /** What the export could not carry over, in words. */
  readonly notes: string[];
}

/** A flow board with more paths than this is cut short (the note says so). */
export const MAX_PATHS = 500;

interface Turn {
  readonly sender: 'me' | 'bot';
  readonly lines: string[];
}

interface PathStep {
  readonly message: Message;
  /** The edge that led here (undefined at the root). */
  readonly via?: Edge;
}

export function exportBoard(input: BoardExportInput): BoardExport {
  const graph = boardGraph(input.board, input.variables);
  const notes: string[] = [];
  const paths = input.projectType === 'mock' ? [mockPath(graph)] : flowPaths(graph, notes);
  const files: ExportedFile[] = [];
  const lists: ExportedFile[] = [];
  const used = new Set<string>();
  const context = new Context(input, lists, notes);
  for (const path of paths) {
    if (!path.length) continue;
    const labels = path.flatMap((s) => (s.via ? edgeNames(s.via) : []));
    const base = input.projectType === 'mock' || !labels.length ? input.boardName : `${input.boardName} - ${labels.join(' - ')}`;
    const name = unique(fileSafe(base), used);
    const turns = path.flatMap((step) => context.turns(step));
    if (!turns.length) continue;
    const description = [
      `Exported from the Botmock board "${input.boardName}"${input.projectName ? ` of project "${input.projectName}"` : ''}.`,
    ];
    if (input.projectType !== 'mock') description.push(`Path: ${path.map((s) => s.message.name ?? s.message.type).join(' → ')}`);
    files.push({ name: `${name}${CONVO_SUFFIX}`, text: formatConvo(name, description, turns) });
  }
  return { files: [...files, ...lists], tests: files.length, notes: [...new Set(notes)] };
}

/** A mock board's conversation: the chain of first next messages from the first root. */
function mockPath(graph: BoardGraph): PathStep[] {
  const path: PathStep[] = [];
  const seen = new Set<string>();
  let step: PathStep | undefined = graph.roots[0] && { message: graph.roots[0] };
  while (step) {
    path.push(step);
    if (seen.has(step.message.id)) break;
    seen.add(step.message.id);
    const next: Branch | undefined = graph.branches(step.message.id).find((b) => b.target);
    step = next && { message: next.target!, via: next.edge };
  }
  return path;
}

/** Every path from a root to an end, depth first, each loop cut after showing its target again. */
function flowPaths(graph: BoardGraph, notes: string[]): PathStep[][] {
  const paths: PathStep[][] = [];
  const walk = (path: PathStep[], onPath: Set<string>) => {
    if (paths.length >= MAX_PATHS) return;
    const last = path[path.length - 1]!;
    const next = graph.branches(last.message.id).filter((b) => b.target);
    if (!next.length) {
      paths.push(path);
      return;
    }
    const here = new Set(onPath).add(last.message.id);
    for (const branch of next) {
      const seenBefore = here.has(branch.target!.id);
      const step = { message: branch.target!, via: branch.edge };
      if (seenBefore) paths.push([...path, step]);
      else walk([...path, step], here);
      if (paths.length >= MAX_PATHS) break;
    }
  };
  for (const root of graph.roots) walk([{ message: root }], new Set());
  if (paths.length >= MAX_PATHS) notes.push(`The board has more than ${MAX_PATHS} paths: only the first ${MAX_PATHS} were exported.`);
  return paths;
}

/** What names a branch: its intent, and the button that takes it. */
function edgeNames(edge: Edge): string[] {
  return [edge.intent?.name, edge.action?.title].filter((n): n is string => !!n?.trim());
}

class Context {
  private readonly intents: Map<string, Intent>;
  private readonly listNames = new Set<string>();

  constructor(
    private readonly input: BoardExportInput,
    private readonly lists: ExportedFile[],
    private readonly notes: string[],
  ) {
    this.intents = new Map();
    for (const i of input.intents) {
      this.intents.set(i.id, i);
      if (!this.intents.has(i.name)) this.intents.set(i.name, i);
    }
  }

  /** The turns of one step of a path: what the user says to take its branch, then what the message says. */
  turns(step: PathStep): Turn[] {
    const turns: Turn[] = [];
    const { message, via } = step;
    if (message.fromUser) {
      const text = message.blocks.map((b) => b.text).find((t) => t?.trim());
      if (text) turns.push({ sender: 'me', lines: [escapeText(text)] });
      return turns;
    }
    const said = via && this.userTurn(via);
    if (said) turns.push(said);
    for (const block of message.blocks) {
      const turn = this.botTurn(block, message);
      if (turn) turns.push(turn);
    }
    return turns;
  }

  private userTurn(edge: Edge): Turn | undefined {
    if (edge.intent) {
      const intent = (edge.intent.id && this.intents.get(edge.intent.id)) || this.intents.get(edge.intent.name);
      const utterance = intent?.utterances.find((u) => u.text.trim());
      if (utterance) return { sender: 'me', lines: [escapeText(this.fillSlots(utterance.segments))] };
      this.notes.push(`Intent ${edge.intent.name} has no utterance: its name is said instead.`);
      if (!edge.action) return { sender: 'me', lines: [escapeText(edge.intent.name)] };
    }
    if (edge.action) {
      const { title, payload } = edge.action;
      return { sender: 'me', lines: [payload ? `BUTTON${formatArgs([payload, title])}` : escapeText(title)] };
    }
    return undefined;
  }

  /** An utterance as a user would type it: each slot filled with its entity's first value, else its variable's default, else its name. */
  private fillSlots(segments: readonly Segment[]): string {
    return segments
      .map((s) => {
        if (s.kind === 'text') return s.text;
        const variable = this.input.variables.find((v) => v.id === s.variableId || v.name === s.name);
        const entityId = s.entityId ?? variable?.entity;
        const entity = entityId ? this.input.entities.find((e) => e.id === entityId || e.name === entityId) : undefined;
        return entity?.values[0]?.value ?? (variable?.defaultValue || s.name);
      })
      .join('');
  }

  /** A block as a #bot section; undefined for one with nothing to check (an empty start point, a typing indicator). */
  private botTurn(block: Block, message: Message): Turn | undefined {
    if (block.type === 'typing_indicator') return undefined;
    const lines: string[] = [];
    const text = block.text?.trim() ? wildcards(block) : undefined;
    if (text && block.alternates.length)
      lines.push(this.alternatives(message, [text, ...block.alternates.map((a) => a.replace(/%[^%\s]+%/g, '*'))]));
    else if (text) lines.push(escapeText(text));
    else if (block.title?.trim()) lines.push(escapeText(block.title));
    const buttons = [...block.buttons, ...block.quickReplies].map((b) => b.title).filter((t) => t.trim());
    const cards = block.elements.map((c) => c.title || c.subtitle || '').filter((t) => t.trim());
    const media = [block.imageUrl, ...block.elements.map((c) => c.imageUrl)].filter((u): u is string => !!u?.trim());
    const cardButtons = block.elements.flatMap((c) => c.buttons.map((b) => b.title)).filter((t) => t.trim());
    if (cards.length) lines.push(`CARDS${formatArgs(cards)}`);
    if (media.length) lines.push(`MEDIA${formatArgs(media)}`);
    if (buttons.length || cardButtons.length) lines.push(`BUTTONS${formatArgs([...buttons, ...cardButtons])}`);
    return lines.length ? { sender: 'bot', lines } : undefined;
  }

  /** An utterance list of a text's wordings, named after its message; the #bot section names the list. */
  private alternatives(message: Message, wordings: string[]): string {
    const base = `ALT_${fileSafe(message.name ?? 'message')
      .replace(/\W+/g, '_')
      .toUpperCase()}_${message.id.slice(0, 8).replace(/\W/g, '_')}`;
    if (!this.listNames.has(base)) {
      this.listNames.add(base);
      this.lists.push({ name: `${base}${UTTERANCES_SUFFIX}`, text: `${[base, ...wordings].join('\n')}\n` });
    }
    return base;
  }
}

/** A block's text with every `%variable%` slot as a `*` wildcard. */
function wildcards(block: Block): string {
  const text = block.segments.length ? block.segments.map((s) => (s.kind === 'slot' ? '*' : s.text)).join('') : (block.text ?? '');
  return text.replace(/%[^%\s]+%/g, '*');
}

/**
 * A text line that the parser reads back as the same text: a leading `!` or `?` is doubled (Botium reads
 * one as negation or optional); blank lines inside are dropped.
 */
function escapeText(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim());
  const joined = lines.join('\n');
  return /^[!?]/.test(joined) ? `${joined[0]}${joined}` : joined;
}

/** Characters a file name may not hold on common systems become `_`; at most 120 characters. */
function fileSafe(name: string): string {
  const safe = name
    .replace(/[\x00-\x1f<>:"/\\|?*]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '_')
    .slice(0, 120)
    .trim();
  return safe || 'conversation';
}

function unique(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${name} (${n})`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/** A convo file: the name, a description, then each turn as a section, a blank line between them (as Botium writes them). */
export function formatConvo(name: string, description: readonly string[], turns: readonly Turn[]): string {
  const out = [name, ...description];
  for (const turn of turns) out.push('', `#${turn.sender}`, ...turn.lines);
  return `${out.join('\n')}\n`;
}
