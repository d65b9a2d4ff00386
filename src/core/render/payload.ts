/**
 * Botpress message payloads → render model. Every type of the Chat API's message union is drawn
 * (text and markdown through the markdown subset, media only from safe URLs, cards, carousels,
 * choices and dropdowns as controls, blocs as their items); anything else, or a known type with a
 * shape it should not have, is shown as its JSON, never dropped.
 */
import { renderMarkdown } from './markdown';
import { el, type Action, type RElement, type RNode } from './model';
import { safeLinkUrl, safeMediaUrl, type MediaKind } from './url';

export interface RenderOptions {
  /** Whether choices, dropdowns and card buttons send replies (false: shown, but disabled). */
  readonly interactive: boolean;
}

type Payload = Record<string, unknown>;

const isObject = (v: unknown): v is Payload => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function renderPayload(payload: unknown, options: RenderOptions): RElement {
  if (!isObject(payload)) return asJson(payload, 'not an object');
  const type = str(payload.type);
  const render = type !== undefined && Object.hasOwn(RENDERERS, type) ? RENDERERS[type] : undefined;
  if (!render) return asJson(payload, type === undefined ? 'no type' : `unknown type “${type}”`);
  return render(payload, options) ?? asJson(payload, `unexpected ${type} shape`);
}

type Renderer = (p: Payload, o: RenderOptions) => RElement | undefined;

const RENDERERS: Record<string, Renderer> = {
  text: (p) => (str(p.text) !== undefined ? block('text', renderMarkdown(p.text as string)) : undefined),
  markdown: (p) => (str(p.markdown) !== undefined ? block('markdown', renderMarkdown(p.markdown as string)) : undefined),
  image: (p) => media('image', p.imageUrl, str(p.title)),
  audio: (p) => media('audio', p.audioUrl, str(p.title)),
  video: (p) => media('video', p.videoUrl, str(p.title)),
  file: (p) => {
    const url = str(p.fileUrl);
    if (url === undefined) return undefined;
    const name = str(p.title) || url.split(/[?#]/)[0].split('/').pop() || url;
    return block('file', el('span', { className: 'icon' }, '📄'), link(name, url));
  },
  location: (p) => {
    const lat = num(p.latitude);
    const lon = num(p.longitude);
    const title = str(p.title);
    const address = str(p.address);
    if ((lat === undefined || lon === undefined) && !address && !title) return undefined;
    const coords = lat !== undefined && lon !== undefined ? `${lat}, ${lon}` : undefined;
    return block(
      'location',
      el('span', { className: 'icon' }, '📍'),
      title ? el('strong', null, title) : null,
      address ? el('div', null, address) : null,
      coords ? link(coords, `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`) : null,
    );
  },
  card: (p, o) => card(p, o),
  carousel: (p, o) => {
    if (!Array.isArray(p.items)) return undefined;
    return block(
      'carousel',
      p.items.map((item) => (isObject(item) && card(item, o)) || asJson(item, 'unexpected card shape')),
    );
  },
  choice: (p, o) => options('choice', p, o),
  dropdown: (p, o) => options('dropdown', p, o),
  bloc: (p, o) => {
    if (!Array.isArray(p.items)) return undefined;
    return block(
      'bloc',
      p.items.map((item) => renderPayload(item, o)),
    );
  },
};

function block(type: string, ...children: readonly (RNode | readonly RNode[] | null)[]): RElement {
  return el('div', { className: `payload payload-${type}` }, ...children);
}

function media(kind: MediaKind, raw: unknown, title: string | undefined): RElement | undefined {
  if (typeof raw !== 'string') return undefined;
  const src = safeMediaUrl(raw, kind);
  const alt = title ?? `${kind}`;
  const player =
    kind === 'image' ? el('img', { attrs: { src: src ?? '', alt } }) : el(kind, { attrs: { src: src ?? '', controls: '', title: alt } });
  return block(kind, src ? player : blocked(kind, raw), title ? el('div', { className: 'caption' }, title) : null);
}

function blocked(kind: string, raw: string): RElement {
  return el('div', { className: 'blocked' }, `${kind} not loaded (only https and data URLs are): `, el('code', null, raw));
}

function link(label: string, raw: string): RElement {
  const url = safeLinkUrl(raw);
  return url ? el('a', { action: { kind: 'link', url }, attrs: { title: url } }, label) : el('span', { attrs: { title: raw } }, label);
}

function card(p: Payload, o: RenderOptions): RElement | undefined {
  const title = str(p.title);
  if (title === undefined) return undefined;
  const image = str(p.imageUrl);
  const actions = Array.isArray(p.actions) ? p.actions : [];
  const src = image === undefined ? undefined : safeMediaUrl(image, 'image');
  return block(
    'card',
    image === undefined ? null : src ? el('img', { attrs: { src, alt: title } }) : blocked('image', image),
    el('strong', { className: 'title' }, title),
    str(p.subtitle) ? el('div', { className: 'subtitle' }, str(p.subtitle) as string) : null,
    actions.length
      ? el(
          'div',
          { className: 'actions' },
          actions.map((a) => {
            if (!isObject(a)) return asJson(a, 'unexpected action shape');
            const label = str(a.label) ?? str(a.value) ?? '';
            const value = str(a.value) ?? label;
            if (a.action === 'url') return link(label, value);
            // "say" says its value; a postback shows which card was chosen (its title) and carries the value.
            return button(label, value, o, a.action === 'say' ? value : title);
          }),
        )
      : null,
  );
}

function options(kind: 'choice' | 'dropdown', p: Payload, o: RenderOptions): RElement | undefined {
  if (!Array.isArray(p.options)) return undefined;
  const items = p.options.filter(isObject).map((opt) => {
    const label = str(opt.label) ?? str(opt.value) ?? '';
    return { label, value: str(opt.value) ?? label };
  });
  const prompt = str(p.text) ? renderMarkdown(p.text as string) : null;
  if (kind === 'choice') {
    return block(
      'choice',
      prompt,
      el(
        'div',
        { className: 'actions' },
        items.map((i) => button(i.label, i.value, o)),
      ),
    );
  }
  const choose = el('option', { attrs: { value: '' } }, 'Choose…');
  const opts = items.map((i, n) =>
    el('option', { attrs: { value: String(n) }, ...(o.interactive ? { action: send(i.label, i.value) } : {}) }, i.label),
  );
  return block(
    'dropdown',
    prompt,
    el('select', { attrs: { 'aria-label': str(p.text) ?? 'Choose', ...(o.interactive ? {} : { disabled: '' }) } }, choose, opts),
  );
}

function send(text: string, value: string): Action {
  return { kind: 'send', text, value };
}

/** A button sending `value`; the user's bubble shows `shown` (the label itself by default). */
function button(label: string, value: string, o: RenderOptions, shown = label): RElement {
  return o.interactive
    ? el('button', { action: send(shown, value), attrs: { title: value } }, label)
    : el('button', { attrs: { disabled: '', title: value } }, label);
}

/** A payload shown as indented JSON, with why it was not drawn. */
function asJson(value: unknown, reason: string): RElement {
  return block('json', el('div', { className: 'note' }, reason), el('pre', null, el('code', null, toJson(value))));
}

export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
