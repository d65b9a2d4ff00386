/**
 * URL rules for remote content. Media load only from https or inline data of a matching media type;
 * links open (through the host, after confirmation) only for http(s) and mailto. Everything else,
 * `javascript:` included, is refused.
 */

const DATA_MEDIA = /^data:(image|audio|video)\/[a-z0-9.+-]+(;[a-z0-9=.+-]+)*(;base64)?,/i;
// Control characters and whitespace that browsers strip or ignore when parsing a scheme.

const IGNORED = /[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g;

export type MediaKind = 'image' | 'audio' | 'video';

/** The URL if an `<img>`/`<audio>`/`<video>` may load it, else undefined. */
export function safeMediaUrl(raw: unknown, kind?: MediaKind): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  if (value.toLowerCase().startsWith('data:')) {
    const m = DATA_MEDIA.exec(value);
    if (!m || (kind && m[1].toLowerCase() !== kind)) return undefined;
    return value;
  }
  const url = parse(value);
  return url && url.protocol === 'https:' ? url.href : undefined;
}

/** The URL if it may be offered as a link (opened by the host after confirmation), else undefined. */
export function safeLinkUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const url = parse(raw.trim());
  return url && ['https:', 'http:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
}

function parse(value: string): URL | undefined {
  if (!value || value.replace(IGNORED, '') !== value) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
