// The conversation panel: a live chat, a stored conversation, or a Botmock board, drawn with the
// shared payload renderer. Remote content only ever becomes text nodes or allow-listed elements.
import './style.css';
import type { Action, RNode } from '../../src/core/render/model';
import { renderPayload, toJson } from '../../src/core/render/payload';
import type { BoardView, ChatItem, HostMessage, PanelView, Request, Status, WebviewMessage } from '../../src/webviews/chat/protocol';
import { layoutBoard } from '../../src/core/render/boardLayout';
import { withVariableChips } from '../../src/core/render/botmock';
import { toDom } from './dom';
import { $ } from '../dom';
import { BoardViewer } from './board';
import { GraphView } from './graph';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void; setState(state: unknown): void };

const vscode = acquireVsCodeApi();

const ui = {
  title: $('title'),
  subtitle: $('subtitle'),
  restart: $<HTMLButtonElement>('restart'),
  logs: $<HTMLButtonElement>('logs'),
  analytics: $<HTMLButtonElement>('analytics'),
  glossary: $<HTMLButtonElement>('glossary'),
  status: $('status'),
  walker: $('walker'),
  transcript: $('transcript'),
  typing: $('typing'),
  composer: $<HTMLFormElement>('composer'),
  input: $<HTMLTextAreaElement>('input'),
  inspector: $('inspector'),
  inspectorJson: $('inspector-json'),
  drawer: $('drawer'),
  conversation: $('conversation'),
  graph: $('graph'),
};

let nextRequestId = 1;
const pending = new Map<number, (error?: string) => void>();

function request(req: Request): Promise<void> {
  const id = nextRequestId++;
  vscode.postMessage({ type: 'request', id, request: req });
  return new Promise((resolve, reject) => pending.set(id, (error) => (error ? reject(new Error(error)) : resolve())));
}

function onAction(action: Action): void {
  if (action.kind === 'link') void request({ method: 'openLink', url: action.url }).catch(showError);
  else if (view?.canSend) send(action.text, action.value);
}

function showError(error: Error): void {
  renderStatus({ level: 'error', text: error.message });
}

function render(node: RNode): Node {
  return toDom(node, document, onAction);
}

function element(tag: string, className?: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- panel header and status

let view: PanelView | undefined;

function init(next: PanelView): void {
  view = next;
  vscode.setState({ restore: next.restore });
  ui.title.textContent = next.title;
  ui.subtitle.textContent = next.subtitle ?? '';
  ui.restart.hidden = !next.canRestart;
  ui.logs.hidden = !next.hasLogs;
  ui.analytics.hidden = next.kind === 'board';
  ui.composer.hidden = !next.canSend;
  ui.glossary.hidden = next.kind !== 'board';
  if (next.kind !== 'board') {
    ui.drawer.hidden = true;
    ui.walker.hidden = true;
  }
  document.body.dataset.kind = next.kind;
}

function renderStatus(status: Status | null): void {
  ui.status.replaceChildren();
  ui.status.hidden = !status;
  if (!status) return;
  ui.status.className = `status ${status.level}`;
  ui.status.append(element('span', 'text', status.text));
  for (const action of status.actions ?? []) {
    const button = element('button', undefined, action === 'retry' ? 'Retry' : 'Install the Chat Integration…');
    button.addEventListener('click', () => void request({ method: action }).catch(showError));
    ui.status.append(button);
  }
}

// ---- transcript

const items = new Map<string, { item: ChatItem; node: HTMLElement }>();

function bubble(item: ChatItem, interactive: boolean): HTMLElement {
  const li = element('li', `bubble ${item.side}${item.pending ? ' pending' : ''}`);
  li.tabIndex = 0;
  li.dataset.id = item.id;
  const tree = renderPayload(item.payload, { interactive });
  // Botmock text names variables as %NAME%: shown as chips, as in the intents glossary.
  li.append(render(view?.kind === 'board' ? withVariableChips(tree) : tree));
  if (item.createdAt) {
    const time = element('div', 'time', new Date(item.createdAt).toLocaleTimeString());
    time.title = item.createdAt;
    li.append(time);
  }
  li.addEventListener('click', () => inspect(item));
  li.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target === li) inspect(item);
  });
  return li;
}

function upsert(list: readonly ChatItem[], reset: boolean, remove: readonly string[] = []): void {
  if (reset) {
    items.clear();
    ui.transcript.replaceChildren();
  }
  for (const id of remove) {
    items.get(id)?.node.remove();
    items.delete(id);
  }
  const atBottom = ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 40;
  for (const item of list) {
    const node = bubble(item, !!view?.canSend);
    const existing = items.get(item.id);
    if (existing) existing.node.replaceWith(node);
    else ui.transcript.insertBefore(node, nextSibling(item));
    items.set(item.id, { item, node });
  }
  if (atBottom || reset) ui.transcript.scrollTop = ui.transcript.scrollHeight;
}

/** Keeps the transcript in time order when replies arrive out of order. */
function nextSibling(item: ChatItem): Element | null {
  if (!item.createdAt) return null;
  for (const node of ui.transcript.children) {
    const other = items.get((node as HTMLElement).dataset.id ?? '')?.item;
    if (other?.createdAt && other.createdAt > item.createdAt) return node;
  }
  return null;
}

function send(text: string, value?: string): void {
  renderStatus(null);
  void request({ method: 'send', text, value }).catch((error: Error) => {
    // Nothing typed is lost: an unsent message goes back into the input.
    if (value === undefined && !ui.input.value) ui.input.value = text;
    showError(error);
  });
}

// ---- inspector

function inspect(item: ChatItem): void {
  const json = toJson(item.raw);
  ui.inspector.hidden = false;
  ui.inspectorJson.textContent = json;
  ui.inspector.dataset.id = item.id;
  ($('inspector-open') as HTMLButtonElement).onclick = () =>
    void request({ method: 'openJson', title: `message ${item.id}`, json }).catch(showError);
}

// ---- Botmock boards

let viewer: BoardViewer | undefined;
let graph: GraphView | undefined;
/** A flow board shown as its graph rather than walked. */
let graphShown = false;

function showBoard(board: BoardView): void {
  viewer = new BoardViewer(board);
  graph = undefined;
  renderGlossary(board);
  showGraph(graphShown);
}

function showGraph(on: boolean): void {
  graphShown = on && !!viewer && !viewer.isMock;
  ui.graph.hidden = !graphShown;
  ui.conversation.hidden = graphShown;
  if (graphShown && viewer && !graph) {
    graph = new GraphView(ui.graph, (messageId) => {
      viewer?.restart(messageId);
      showGraph(false);
      renderBoard();
      (ui.walker.querySelector<HTMLButtonElement>('.branch') ?? ui.walker.querySelector<HTMLButtonElement>('button'))?.focus();
    });
    graph.show(layoutBoard(viewer.graph));
  }
  renderBoard();
  if (graphShown) ui.graph.querySelector<SVGElement>('.graph-canvas')?.focus();
}

function renderBoard(): void {
  if (!viewer) return;
  const state = viewer.state();
  upsert(state.items, true);
  ui.walker.replaceChildren();
  ui.walker.hidden = false;
  const controls = element('div', 'walk-controls');
  if (!viewer.isMock) {
    const toggle = element('button', 'graph-toggle', graphShown ? 'Walk the Board' : 'Show as Graph') as HTMLButtonElement;
    toggle.setAttribute('aria-pressed', String(graphShown));
    toggle.title = graphShown
      ? 'Back to the conversation, a branch at a time'
      : 'Every message and branch of the board, laid out as a graph';
    toggle.addEventListener('click', () => showGraph(!graphShown));
    controls.append(toggle);
    if (graphShown) {
      ui.walker.append(controls);
      return;
    }
    const back = element('button', undefined, '← Step Back') as HTMLButtonElement;
    back.disabled = !state.canStepBack;
    back.addEventListener('click', () => {
      viewer?.stepBack();
      renderBoard();
    });
    controls.append(back);
  }
  if (state.path) controls.append(element('span', 'path', state.path));
  ui.walker.append(controls);
  if (state.note) ui.walker.append(element('div', 'note', state.note));
  if (!state.choices.length) return;
  const list = element('div', 'branches');
  for (const choice of state.choices) {
    const b = element('button', `branch ${choice.kind}`) as HTMLButtonElement;
    // A start point is its own target: "Start at Greeting", not "Start at Greeting → Greeting".
    b.append(element('span', 'label', choice.label));
    if (choice.kind === 'branch') b.append(element('span', 'target', ` → ${choice.target}`));
    b.addEventListener('click', () => {
      viewer?.choose(choice);
      renderBoard();
    });
    list.append(b);
  }
  ui.walker.append(list);
}

function renderGlossary(board: BoardView): void {
  ui.drawer.replaceChildren();
  const section = (title: string, count: number) => {
    const details = element('details') as HTMLDetailsElement;
    details.append(element('summary', undefined, `${title} (${count})`));
    ui.drawer.append(details);
    return details;
  };
  const entry = (title: string, ...rest: Node[]) => {
    const block = element('div', 'entry');
    block.append(element('strong', undefined, title), ...rest);
    return block;
  };
  const list = (lines: readonly Node[]) => {
    const ul = element('ul');
    for (const line of lines) ul.append(line);
    return ul;
  };
  section('Intents', board.intents.length).append(
    ...board.intents.map((intent) =>
      entry(
        intent.name,
        list(
          intent.utterances.map((u) => {
            const li = element('li');
            for (const seg of u.segments)
              li.append(seg.kind === 'slot' ? element('span', 'slot', seg.text) : document.createTextNode(seg.text));
            return li;
          }),
        ),
      ),
    ),
  );
  section('Entities', board.entities.length).append(
    ...board.entities.map((entity) =>
      entry(
        entity.name,
        list(entity.values.map((v) => element('li', undefined, v.synonyms.length ? `${v.value} — ${v.synonyms.join(', ')}` : v.value))),
      ),
    ),
  );
  section('Variables', board.variables.length).append(
    ...board.variables.map((v) => entry(v.name, element('span', 'type', ` ${v.type}${v.defaultValue ? ` = ${v.defaultValue}` : ''}`))),
  );
}

// ---- wiring

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      return init(message.view);
    case 'messages':
      return upsert(message.items, !!message.reset, message.remove);
    case 'typing':
      ui.typing.hidden = !message.on;
      if (message.on) ui.transcript.scrollTop = ui.transcript.scrollHeight;
      return;
    case 'status':
      return renderStatus(message.status);
    case 'board':
      return showBoard(message.board);
    case 'response': {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.error);
      return;
    }
  }
});

ui.composer.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = ui.input.value.trim();
  if (!text) return;
  ui.input.value = '';
  send(text);
});
ui.input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    ui.composer.requestSubmit();
  }
});
ui.restart.addEventListener('click', () => void request({ method: 'newConversation' }).catch(showError));
ui.logs.addEventListener('click', () => void request({ method: 'openLogs' }).catch(showError));
ui.analytics.addEventListener('click', () => void request({ method: 'openAnalytics' }).catch(showError));
ui.glossary.addEventListener('click', () => {
  ui.drawer.hidden = !ui.drawer.hidden;
});
$('inspector-close').addEventListener('click', () => {
  ui.inspector.hidden = true;
});

vscode.postMessage({ type: 'ready' });
