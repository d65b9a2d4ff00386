/**
 * A flow board laid out as a graph: every message a node (its name and what it says), every branch an
 * edge labelled with its intent, button or condition, placed by dagre (a layered layout, top to bottom).
 * Pure and deterministic: sizes come from character counts, so node and webview agree without measuring.
 */
import dagre from '@dagrejs/dagre';
import type { BoardGraph } from '../botmock/graph';
import { messageSummary, shorten } from './botmock';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidNode {
  readonly id: string;
  /** Top-left corner and size. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The node's name in the Botmock editor (or its type). */
  readonly title: string;
  /** What it says, wrapped to the node's width (none for a message without content, such as a start point). */
  readonly lines: readonly string[];
  readonly fromUser: boolean;
  readonly root: boolean;
}

export interface LaidEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly Point[];
  /** Intent, button, condition; '' for an unconditional branch. */
  readonly label: string;
  /** Centre of the label, when there is one. */
  readonly labelAt?: Point;
  readonly labelLines: readonly string[];
}

export interface BoardLayout {
  readonly nodes: LaidNode[];
  readonly edges: LaidEdge[];
  readonly width: number;
  readonly height: number;
}

/** Approximate metrics of the webview's font (12 px): what the SVG draws with. */
export const METRICS = { charWidth: 7, lineHeight: 16, padding: 8, nodeWidth: 200, labelWidth: 150 } as const;

const NODE_LINES = 3;
const LABEL_LINES = 2;

/** Words wrapped to lines of at most `width` characters; the last kept line ends in … when text was cut. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const piece = word.length > width ? shorten(word, width) : word;
    if (line && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else line = line ? `${line} ${piece}` : piece;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = shorten(`${kept[maxLines - 1]} ${lines[maxLines]}`, width);
  if (!kept[maxLines - 1].endsWith('…')) kept[maxLines - 1] = `${shorten(kept[maxLines - 1], width - 1)}…`;
  return kept;
}

export function layoutBoard(graph: BoardGraph): BoardLayout {
  const { charWidth, lineHeight, padding, nodeWidth, labelWidth } = METRICS;
  const nodeChars = Math.floor((nodeWidth - 2 * padding) / charWidth);
  const labelChars = Math.floor(labelWidth / charWidth);
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 56, edgesep: 16, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));

  const roots = new Set(graph.roots.map((m) => m.id));
  const content = new Map<string, { title: string; lines: string[] }>();
  for (const message of graph.board.messages) {
    if (content.has(message.id)) continue;
    const title = shorten(message.name ?? message.type, nodeChars);
    const said = messageSummary(message, 400);
    const lines = said ? wrap(said, nodeChars, NODE_LINES) : [];
    content.set(message.id, { title, lines });
    g.setNode(message.id, { width: nodeWidth, height: (lines.length + 1) * lineHeight + 2 * padding });
  }
  const labels = new Map<string, { from: string; to: string; label: string; lines: string[] }>();
  let n = 0;
  for (const id of content.keys()) {
    for (const branch of graph.branches(id)) {
      if (!content.has(branch.edge.to)) continue; // a branch to a missing message: the walker reports it
      const name = `e${n++}`;
      const lines = branch.label ? wrap(branch.label, labelChars, LABEL_LINES) : [];
      const width = lines.length ? Math.max(...lines.map((l) => l.length)) * charWidth + 8 : 0;
      g.setEdge(id, branch.edge.to, { width, height: lines.length * lineHeight, labelpos: 'c' }, name);
      labels.set(name, { from: id, to: branch.edge.to, label: branch.label, lines });
    }
  }
  dagre.layout(g);

  const nodes = [...content.entries()].map(([id, { title, lines }]): LaidNode => {
    const at = g.node(id);
    const message = graph.message(id)!;
    return {
      id,
      x: at.x! - at.width / 2,
      y: at.y! - at.height / 2,
      width: at.width,
      height: at.height,
      title,
      lines,
      fromUser: message.fromUser,
      root: roots.has(id),
    };
  });
  const edges = g.edges().map((e): LaidEdge => {
    const data = g.edge(e);
    const meta = labels.get(e.name!)!;
    return {
      from: meta.from,
      to: meta.to,
      points: (data.points ?? []).map((p: Point) => ({ x: p.x, y: p.y })),
      label: meta.label,
      labelLines: meta.lines,
      labelAt: meta.lines.length && typeof data.x === 'number' && typeof data.y === 'number' ? { x: data.x, y: data.y } : undefined,
    };
  });
  const size = g.graph();
  return { nodes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}
