/** The worker thread of SuiteReader: reads one suite per message (bundled as dist/convoWorker.js). */
import { parentPort } from 'node:worker_threads';
import type { ReadReply, ReadRequest } from './background';
import { buildSuite } from './suite';

const port = parentPort!;

port.on('message', ({ id, files }: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id, suite: buildSuite(files, { onFile: (at) => port.postMessage({ id, at } satisfies ReadReply) }) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies ReadReply);
