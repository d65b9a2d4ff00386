import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseServerSentEvents, type ServerSentEvent } from '../../../src/api/sse';

async function parse(chunks: (string | Uint8Array)[]): Promise<ServerSentEvent[]> {
  const out: ServerSentEvent[] = [];
  for await (const e of parseServerSentEvents(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(e);
  return out;
}

const stream =
  '\uFEFF: comment\r\nevent: ping\r\ndata: {"a":1}\r\n\r\ndata: line one\rdata:line two\r\r' +
  'id: 7\nretry: 250\ndata: é ✓ 😀\n\ndata\n\nevent: nodata\n\n';
const expected: ServerSentEvent[] = [
  { event: 'ping', data: '{"a":1}', id: undefined, retry: undefined },
  { event: 'message', data: 'line one\nline two', id: undefined, retry: undefined },
  { event: 'message', data: 'é ✓ 😀', id: '7', retry: 250 },
  { event: 'message', data: '', id: '7', retry: 250 },
];

test('parses fields, comments, BOM and all three line endings', async () => {
  assert.deepEqual(await parse([stream]), expected);
});

test('gives the same events however the bytes are split, even inside characters or CRLF', async () => {
  const bytes = new TextEncoder().encode(stream);
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.deepEqual(await parse([bytes.slice(0, cut), bytes.slice(cut)]), expected, `split at byte ${cut}`);
  }
  assert.deepEqual(await parse([...bytes].map((b) => Uint8Array.of(b))), expected, 'one byte at a time');
});

test('an event without its closing blank line is not delivered', async () => {
  assert.deepEqual(await parse(['data: done\n\ndata: partial\n']), [{ event: 'message', data: 'done', id: undefined, retry: undefined }]);
});
