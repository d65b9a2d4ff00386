/**
 * A flow board drawn as a graph (SVG built with createElementNS, every text set as text): zoom with the
 * wheel or + and −, pan by dragging or with the arrow keys, fit with 0 or the Fit button, Home for the start. Nodes are
 * focusable in reading order (Tab); Enter, Space or a click starts walking the board from that node.
 */
import { METRICS, type BoardLayout, type LaidNode } from '../../src/core/render/boardLayout';
import { fittedView } from './fit';

const SVG = 'http://www.w3.org/2000/svg';
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 3;
const PAN_STEP = 60;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  className?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) e.setAttribute(name, String(value));
  if (className) e.setAttribute('class', className);
  return e;
}

/** Lines of text, one tspan each, starting at (x, y) for the first baseline. */
function textLines(lines: readonly string[], x: number, y: number, className: string): SVGTextElement {
  const text = svg('text', { x, y }, className);
  lines.forEach((line, i) => {
    const span = svg('tspan', { x, dy: i === 0 ? 0 : METRICS.lineHeight });
    span.textContent = line;
    text.append(span);
  });
  return text;
}

export class GraphView {
  private readonly canvas: SVGSVGElement;
  private readonly scene: SVGGElement;
  private zoom = 1;
  private tx = 0;
  private ty = 0;
  private layout?: BoardLayout;
  private readonly zoomLabel: HTMLElement;

  constructor(
    private readonly host: HTMLElement,
    private readonly onPick: (messageId: string) => void,
  ) {
    const bar = document.createElement('div');
    bar.className = 'graph-bar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Graph');
    const button = (text: string, title: string, action: () => void) => {
      const b = document.createElement('button');
      b.textContent = text;
      b.title = title;
      b.setAttribute('aria-label', title);
      b.addEventListener('click', action);
      bar.append(b);
      return b;
    };
    button('−', 'Zoom out (−)', () => this.zoomBy(1 / 1.25));
    this.zoomLabel = document.createElement('span');
    this.zoomLabel.className = 'zoom';
    bar.append(this.zoomLabel);
    button('+', 'Zoom in (+)', () => this.zoomBy(1.25));
    button('Fit', 'Fit the board in view (0)', () => this.fit());
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = 'Click a message, or Tab to it and press Enter, to walk the board from there.';
    bar.append(hint);

    this.canvas = svg(
      'svg',
      { role: 'group', tabindex: 0, 'aria-label': 'Board graph: arrow keys pan, + and − zoom, 0 fits' },
      'graph-canvas',
    );
    const defs = svg('defs');
    const marker = svg('marker', {
      id: 'arrow',
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto-start-reverse',
    });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z' }, 'arrow'));
    defs.append(marker);
    this.scene = svg('g');
    this.canvas.append(defs, this.scene);
    host.replaceChildren(bar, this.canvas);
    this.bind();
  }

  /** Draws a layout (replacing what was drawn) and fits it in view. */
  show(layout: BoardLayout): void {
    this.layout = layout;
    const edges = svg('g', {}, 'edges');
    for (const edge of layout.edges) {
      const d = edge.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      const group = svg('g', {}, 'edge');
      const path = svg('path', { d, 'marker-end': 'url(#arrow)' });
      group.append(path);
      if (edge.labelAt && edge.labelLines.length) {
        const width = Math.max(...edge.labelLines.map((l) => l.length)) * METRICS.charWidth + 8;
        const height = edge.labelLines.length * METRICS.lineHeight + 4;
        const { x, y } = edge.labelAt;
        group.append(svg('rect', { x: x - width / 2, y: y - height / 2, width, height, rx: 3 }, 'edge-label-bg'));
        group.append(textLines(edge.labelLines, x, y - height / 2 + METRICS.lineHeight - 2, 'edge-label'));
        const title = svg('title');
        title.textContent = edge.label;
        group.append(title);
      }
      edges.append(group);
    }
    const nodes = svg('g', {}, 'nodes');
    // Reading order for Tab: top to bottom, then left to right.
    for (const node of [...layout.nodes].sort((a, b) => a.y - b.y || a.x - b.x)) nodes.append(this.node(node));
    this.scene.replaceChildren(edges, nodes);
    requestAnimationFrame(() => this.home());
  }

  private node(node: LaidNode): SVGGElement {
    const kind = node.fromUser ? 'user' : 'bot';
    const g = svg(
      'g',
      { transform: `translate(${node.x},${node.y})`, tabindex: 0, role: 'button' },
      `node ${kind}${node.root ? ' root' : ''}`,
    );
    g.dataset.id = node.id;
    g.setAttribute('aria-label', `${node.title}: ${node.lines.join(' ') || 'no content'}. Walk from here.`);
    const { padding, lineHeight } = METRICS;
    g.append(svg('rect', { width: node.width, height: node.height, rx: 6 }));
    const title = textLines([node.title], padding, padding + lineHeight - 4, 'node-title');
    g.append(title, textLines(node.lines, padding, padding + 2 * lineHeight - 4, 'node-text'));
    const tip = svg('title');
    tip.textContent = `${node.title}\n${node.lines.join(' ')}`;
    g.append(tip);
    g.addEventListener('focus', () => this.reveal(node));
    return g;
  }

  private bind(): void {
    let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;
    this.canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false };
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) this.canvas.setPointerCapture(e.pointerId);
      drag.moved = true;
      this.canvas.classList.add('panning');
      this.tx = drag.tx + dx;
      this.ty = drag.ty + dy;
      this.apply();
    });
    const end = (e: PointerEvent) => {
      const moved = drag?.moved;
      drag = undefined;
      this.canvas.classList.remove('panning');
      if (moved) return;
      const id = (e.target as Element).closest?.('.node')?.getAttribute('data-id');
      if (id && e.type === 'pointerup') this.onPick(id);
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const box = this.canvas.getBoundingClientRect();
        this.zoomBy(Math.exp(-e.deltaY / 500), e.clientX - box.left, e.clientY - box.top);
      },
      { passive: false },
    );
    this.canvas.addEventListener('keydown', (e) => {
      const id = (e.target as Element).closest?.('.node')?.getAttribute('data-id');
      if (id && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        this.onPick(id);
        return;
      }
      const pan: Record<string, [number, number]> = {
        ArrowLeft: [PAN_STEP, 0],
        ArrowRight: [-PAN_STEP, 0],
        ArrowUp: [0, PAN_STEP],
        ArrowDown: [0, -PAN_STEP],
      };
      if (e.key in pan) {
        e.preventDefault();
        this.tx += pan[e.key][0];
        this.ty += pan[e.key][1];
        this.apply();
      } else if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
      else if (e.key === '-' || e.key === '_') this.zoomBy(1 / 1.25);
      else if (e.key === '0') this.fit();
      else if (e.key === 'Home') this.home();
    });
    new ResizeObserver(() => this.layout && this.apply()).observe(this.host);
  }

  /** The whole board when it can be read fitted; else its top, as wide as it can be shown readable. */
  home(): void {
    this.fit();
  }

  /** Fits the board in view, never below a readable scale (then its top, starting point first). */
  fit(): void {
    if (!this.layout) return;
    const start = this.layout.nodes.find((n) => n.root) ?? this.layout.nodes[0];
    ({ zoom: this.zoom, tx: this.tx, ty: this.ty } = fittedView(this.layout, this.size(), start));
    this.apply();
  }

  /** Zooms by a factor around a point of the view (its centre by default). */
  zoomBy(factor: number, cx?: number, cy?: number): void {
    const { width, height } = this.size();
    const x = cx ?? width / 2;
    const y = cy ?? height / 2;
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor));
    this.tx = x - ((x - this.tx) * zoom) / this.zoom;
    this.ty = y - ((y - this.ty) * zoom) / this.zoom;
    this.zoom = zoom;
    this.apply();
  }

  /** Pans just enough for a node (focused with the keyboard) to be in view. */
  private reveal(node: LaidNode): void {
    const { width, height } = this.size();
    const left = node.x * this.zoom + this.tx;
    const top = node.y * this.zoom + this.ty;
    const right = left + node.width * this.zoom;
    const bottom = top + node.height * this.zoom;
    if (left < 0) this.tx -= left - 16;
    else if (right > width) this.tx -= right - width + 16;
    if (top < 0) this.ty -= top - 16;
    else if (bottom > height) this.ty -= bottom - height + 16;
    this.apply();
  }

  private size(): { width: number; height: number } {
    const box = this.canvas.getBoundingClientRect();
    return { width: box.width || 1, height: box.height || 1 };
  }

  private apply(): void {
    this.scene.setAttribute('transform', `translate(${this.tx.toFixed(1)},${this.ty.toFixed(1)}) scale(${this.zoom.toFixed(4)})`);
    this.zoomLabel.textContent = `${Math.round(this.zoom * 100)} %`;
  }
}
