// The process one deployed bot runs in, as Botpress Cloud runs it: the bundle (CommonJS) is loaded with
// no node_modules to fall back on, and its exported `handler(request)` is called for each request the
// emulator sends over IPC. What the code prints through `console` is sent back with its level and the
// call it happened in (handlers run concurrently); a handler that throws is answered as an error; an
// uncaught exception ends the process.
'use strict';
const { AsyncLocalStorage } = require('node:async_hooks');
const Module = require('node:module');
const util = require('node:util');
const { Worker } = require('node:worker_threads');

const inCall = new AsyncLocalStorage();

let handler;

const send = (message) => new Promise((resolve) => (process.connected ? process.send(message, () => resolve()) : resolve()));
const describe = (error) => (error instanceof Error ? error.stack || error.message : util.inspect(error));

for (const [method, level] of [
  ['debug', 'debug'],
  ['trace', 'debug'],
  ['log', 'info'],
  ['info', 'info'],
  ['warn', 'warn'],
  ['error', 'error'],
]) {
  console[method] = (...args) => void send({ kind: 'log', level, text: util.format(...args), call: inCall.getStore() });
}

function load(code) {
  const filename = '/var/task/index.cjs';
  const m = new Module(filename);
  m.filename = filename;
  m.paths = [];
  m._compile(code, filename);
  const exported = m.exports.handler ?? m.exports.default?.handler;
  if (typeof exported !== 'function') throw new Error('The deployed code exports no handler function (module.exports.handler)');
  handler = exported;
}

process.on('message', async (message) => {
  if (message.kind === 'load') {
    // The emulator's watchdog, on a thread of its own: it ends this process when the emulator is gone or when
    // its resident memory passes the limit, even while the bot's code loops on the main thread.
    const { watchdog } = message;
    if (watchdog) new Worker(watchdog.source, { eval: true, execArgv: [], workerData: watchdog.workerData }).unref();
    try {
      load(message.code);
      await send({ kind: 'loaded' });
    } catch (error) {
      await send({ kind: 'load-failed', error: describe(error) });
    }
    return;
  }
  if (message.kind === 'call') {
    try {
      const response = await inCall.run(message.id, () => handler(message.request));
      const { status, headers, body } = response ?? {};
      await send({ kind: 'result', id: message.id, response: { status: status ?? 200, headers: headers ?? {}, body: body ?? '' } });
    } catch (error) {
      await send({ kind: 'result', id: message.id, error: describe(error) });
    }
  }
});

process.on(
  'unhandledRejection',
  (reason) => void send({ kind: 'log', level: 'error', text: `Unhandled promise rejection: ${describe(reason)}` }),
);
process.on('uncaughtException', (error) => {
  void send({ kind: 'log', level: 'error', text: `Uncaught exception: ${describe(error)}` }).then(() => process.exit(1));
});
process.on('disconnect', () => process.exit(0));
