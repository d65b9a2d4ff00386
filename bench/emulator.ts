// The local emulator in a process of its own, as a server would run, so its work is not counted in a
// benchmark's figures.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const repo = path.join(__dirname, '..');

/** Starts the emulator with the demo seed; resolves with its URL and token once it listens. */
export function emulatorProcess(): Promise<{ url: string; token: string; child: ChildProcess }> {
  const token = 'bench-token';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repo, 'src', 'emulator', 'main.ts'), '--port', '0', '--seed', 'demo', '--token', token],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, token, child });
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening`)));
  });
}
