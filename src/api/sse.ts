// A parser for server-sent events (the WHATWG `text/event-stream` format): fields `data`, `event`, `id`
// and `retry`, comments, any of the three line endings, and chunks split anywhere (even inside a
// multi-byte character or between `\r` and `\n`).

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

/** Yields each event as soon as its terminating blank line arrives. */
export async function* parseServerSentEvents(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let first = true;
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let retry: number | undefined;
  const lineBreak = /\r\n|\r|\n/g;

  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && buffer.length) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    let start = 0;
    for (;;) {
      lineBreak.lastIndex = start;
      const found = lineBreak.exec(buffer);
      // A lone `\r` at the end may be the first half of `\r\n`: wait for the next chunk.
      if (!found || (found[0] === '\r' && found.index === buffer.length - 1)) break;
      const line = buffer.slice(start, found.index);
      start = found.index + found[0].length;

      if (line === '') {
        if (data.length) yield { event: event || 'message', data: data.join('\n'), id, retry };
        data = [];
        event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
      else if (field === 'id' && !value.includes('\0')) id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
    }
    buffer = buffer.slice(start);
  }
}
