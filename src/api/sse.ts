// A parser for server-sent events (the WHATWG `text/event-stream` format): fields `data`, `event`, `id`
// and `retry`, comments, any of the three line endings, and chunks split anywhere (even inside a
// multi-byte character or between `\r` and `\n`). Linear in the input however long a line is, and one
// event (its data and the line being read) is capped in size.

export interface ServerSentEvent {
  /** `message` unless the server named it. */
  event: string;
  /** The data lines, joined by `\n`. */
  data: string;
  /** The last event id the server set, if any. */
  id?: string;
  /** The reconnection delay the server asked for, in ms. */
  retry?: number;
}

/** Largest event, in characters, by default: far above any chat message. */
export const DEFAULT_MAX_EVENT_CHARS = 4 * 1024 * 1024;

/** One event of the stream is larger than the parser accepts. */
export class EventTooLargeError extends Error {
  override readonly name = 'EventTooLargeError';
  constructor(readonly maxChars: number) {
    super(`The event stream sent an event larger than ${Math.round(maxChars / 1024)} KB: stopped reading it.`);
  }
}

/** Yields each event as soon as its terminating blank line arrives. */
export async function* parseServerSentEvents(
  chunks: AsyncIterable<Uint8Array | string>,
  options: { maxEventChars?: number } = {},
): AsyncGenerator<ServerSentEvent> {
  const maxEventChars = options.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS;
  const decoder = new TextDecoder('utf-8');
  let first = true;
  // The line being read, in pieces: joined once, when its line break arrives.
  let partial: string[] = [];
  let partialChars = 0;
  // The last chunk ended with `\r`: a `\n` opening the next one belongs to it.
  let afterCR = false;
  let data: string[] = [];
  let dataChars = 0;
  let event = '';
  let id: string | undefined;
  let retry: number | undefined;
  const lineBreak = /\r\n|\r|\n/g;

  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (!text) continue;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let pos: number = afterCR && text.startsWith('\n') ? 1 : 0;
    afterCR = false;
    lineBreak.lastIndex = pos;
    for (let found: RegExpExecArray | null; (found = lineBreak.exec(text));) {
      const line = partialChars ? partial.join('') + text.slice(pos, found.index) : text.slice(pos, found.index);
      partial = [];
      partialChars = 0;
      pos = found.index + found[0].length;
      afterCR = found[0] === '\r' && pos === text.length;

      if (line === '') {
        if (data.length) yield { event: event || 'message', data: data.join('\n'), id, retry };
        data = [];
        dataChars = 0;
        event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') {
        dataChars += value.length + 1;
        if (dataChars > maxEventChars) throw new EventTooLargeError(maxEventChars);
        data.push(value);
      } else if (field === 'event') event = value;
      else if (field === 'id' && !value.includes('\0')) id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
    }
    if (pos < text.length) {
      partial.push(text.slice(pos));
      partialChars += text.length - pos;
      if (dataChars + partialChars > maxEventChars) throw new EventTooLargeError(maxEventChars);
    }
  }
}
