// Runs inside the extension host (loaded by the test-runner extension, before anything activates the
// product): times module loading, the extension's own activate() and VS Code's whole activation, for the
// product and for an empty baseline extension, and records any TCP connection opened meanwhile.
import * as net from 'node:net';
import * as vscode from 'vscode';

export interface ActivationSample {
  id: string;
  /** require() of the extension's main module, ms. */
  load: number;
  /** The extension's own activate() call (awaited when it returns a promise), ms. */
  activateCall: number;
  /** Extension.activate() once loaded: VS Code's activation path including activate(), ms. */
  activation: number;
  /** TCP connections attempted during load and activation. */
  connections: string[];
}

type ExtensionModule = { activate?: (context: vscode.ExtensionContext) => unknown; [name: string]: unknown };

/** Records TCP connects until the returned function is called (which restores net and returns them). */
function watchConnections(): () => string[] {
  const connections: string[] = [];
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const [first] = args;
    const target = typeof first === 'object' && first !== null ? (first as Partial<net.TcpNetConnectOpts>) : { port: first as number };
    if (target.port !== undefined) connections.push(`${target.host ?? 'localhost'}:${target.port}`);
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  return () => {
    net.Socket.prototype.connect = connect;
    return connections;
  };
}

async function measure(id: string): Promise<ActivationSample> {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) throw new Error(`${id} is not installed`);
  if (extension.isActive) throw new Error(`${id} was already active: something activated it at startup`);
  const main = require.resolve(`${extension.extensionPath}/${(extension.packageJSON as { main: string }).main}`);
  const stopWatching = watchConnections();
  try {
    const loadStart = performance.now();
    const original = require(main) as ExtensionModule;
    const load = performance.now() - loadStart;
    // VS Code loads the same cached module: a timing wrapper around activate() sees its exact cost.
    let activateCall = Number.NaN;
    const timed: ExtensionModule = { ...original };
    timed.activate = (context) => {
      const started = performance.now();
      const done = () => (activateCall = performance.now() - started);
      const result = original.activate?.(context);
      if (result instanceof Promise) return result.finally(done);
      done();
      return result;
    };
    require.cache[main]!.exports = timed;
    const activationStart = performance.now();
    await extension.activate();
    const activation = performance.now() - activationStart;
    if (Number.isNaN(activateCall)) throw new Error(`${id} was already activating when measured: its module was loaded before`);
    return { id, load, activateCall, activation, connections: stopWatching() };
  } finally {
    stopWatching();
  }
}

/**
 * Measures the product first, as early as the host allows (its own activation events, such as
 * onStartupFinished, would otherwise start it), then the baseline. Going first is the costlier spot.
 */
export async function runAll(report: (message: object) => Promise<void>): Promise<void> {
  for (const id of ['botpress-toolkit.botpress-toolkit', 'botpress-toolkit-tests.empty']) {
    await report({ name: id, ok: true, sample: await measure(id) });
  }
}
