/** The worker thread of BackgroundChecker: checks one definition per message (bundled as dist/definitionsWorker.js). */
import * as fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { CheckReply, CheckRequest } from './background';
import { validateDefinition } from './validate';

const port = parentPort!;
const fileExists = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

port.on('message', ({ id, text, kind, fileName, checkFiles }: CheckRequest & { id: number }) => {
  let reply: CheckReply;
  try {
    reply = { id, problems: validateDefinition(text, { kind, fileName, fileExists: checkFiles ? fileExists : undefined }).problems };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies CheckReply);
