// The Local Cloud as a process: the emulator's bundle (dist/emulator.js, beside the bundle that runs this code) started
// with node on a loopback port, its token passed in the environment (never on a command line), ready once it prints
// `listening on <url>`. Used by the editor's Start Local Cloud and the command line's `cloud start`. No `vscode`.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export type LocalCloudSeed = 'empty' | 'demo';

export interface LocalCloudOptions {
  token: string;
  /** 0: any free port. */
  port?: number;
  seed?: LocalCloudSeed;
  /** Where the world is kept between runs; memory only when absent. */
  dataDir?: string;
  /** Lines the process writes on stderr. */
  onStderr?: (line: string) => void;
  /** Longest wait for the ready line (default 30 s). */
  timeoutMs?: number;
}

export interface LocalCloud {
  url: string;
  /** The Chat API's base: a bot's is `${chatApiUrl}/${webhookId}`. */
  chatApiUrl: string;
  token: string;
  pid: number;
  /** Resolves with the exit code (or the signal's name) when the process ends, however it ends. */
  exited: Promise<number | string>;
  /** Stops it (SIGTERM: it saves its data folder first) and waits for the end. */
  stop(): Promise<void>;
}

/** The emulator's bundle beside this one; from the sources (tests, benches), its entry run through tsx. */
function entry(): { script: string; execArgv: string[] } {
  const built = path.join(__dirname, 'emulator.js');
  if (fs.existsSync(built)) return { script: built, execArgv: [] };
  const tsx = require.resolve('tsx', { paths: [__dirname] }).replace(/cjs[\\/]index\.cjs$/, 'loader.mjs');
  return { script: path.join(__dirname, '..', 'emulator', 'main.ts'), execArgv: ['--import', pathToFileURL(tsx).href] };
}

export function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const { script, execArgv } = entry();
  const args = ['--port', String(options.port ?? 0), '--seed', options.seed ?? 'empty'];
  if (options.dataDir) args.push('--data-dir', options.dataDir);
  // fork: node itself even inside the editor (Electron runs it as node), and an IPC channel whose end stops the
  // emulator, so it never outlives what started it.
  const child: ChildProcess = fork(script, args, {
    execArgv,
    env: { ...process.env, BOTPRESS_LOCAL_CLOUD_TOKEN: options.token },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let stderr = '';
  let pending = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      stderr = `${stderr}${line}\n`.slice(-4000);
      options.onStderr?.(line);
    }
  });
  return new Promise<LocalCloud>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The Local Cloud did not start within ${(options.timeoutMs ?? 30_000) / 1000} s.`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      const url = match[1];
      resolve({
        url,
        chatApiUrl: `${url}/chat`,
        token: options.token,
        pid: child.pid!,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      const why = (stderr + pending)
        .trim()
        .split('\n')
        .pop()
        ?.replace(/^emulator: /, '');
      reject(new Error(`The Local Cloud exited (${code}) before it was ready${why ? `: ${why}` : ''}`));
    });
  });
}
