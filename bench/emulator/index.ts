// The Local Cloud's start: time from spawning `node dist/emulator.js --seed empty` to its ready line, and its resident
// memory once it has answered a first request (listWorkspaces, which compiles that operation's validators), against the
// floor measured in the same run and interleaved: a bare node HTTP server process, started and asked the same way.
// Targets: ready in ≤ 1 s, ≤ 150 MB resident.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROUNDS = 7;
const dist = path.join(__dirname, '..', '..', 'dist', 'emulator.js');
const bare =
  "const s = require('node:http').createServer((q, r) => r.end('{}'));" +
  "s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port));";

interface Sample {
  readyMs: number;
  rssMb: number;
}

/** Resident memory of a process, from /proc (Linux), in MB. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

async function measure(args: string[], request: string): Promise<Sample> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BOTPRESS_LOCAL_CLOUD_TOKEN: 'bench' },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited (${code}) before it was ready`)));
    });
    const readyMs = performance.now() - t0;
    const res = await fetch(`${url}${request}`, { headers: { authorization: 'Bearer bench' } });
    if (!res.ok) throw new Error(`${request}: ${res.status}`);
    await res.arrayBuffer();
    return { readyMs, rssMb: rssMb(child.pid!) };
  } finally {
    child.kill('SIGKILL');
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!fs.existsSync(dist)) throw new Error(`${dist} is missing: node esbuild.js`);
  const local: Sample[] = [];
  const floor: Sample[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    floor.push(await measure(['-e', bare], '/'));
    local.push(await measure([dist, '--port', '0', '--seed', 'empty'], '/v1/admin/workspaces'));
  }
  const ready = median(local.map((s) => s.readyMs));
  const readyFloor = median(floor.map((s) => s.readyMs));
  const rss = median(local.map((s) => s.rssMb));
  const rssFloor = median(floor.map((s) => s.rssMb));
  console.log(`Local Cloud start, --seed empty, median of ${ROUNDS} (interleaved with a bare node HTTP server process):`);
  console.log(
    `  ready:    ${ready.toFixed(0)} ms   floor ${readyFloor.toFixed(0)} ms   ratio ${(ready / readyFloor).toFixed(2)}×   target ≤ 1000 ms`,
  );
  console.log(
    `  resident: ${rss.toFixed(1)} MB   floor ${rssFloor.toFixed(1)} MB   ratio ${(rss / rssFloor).toFixed(2)}×   target ≤ 150 MB`,
  );
  const missed = [ready > 1000 && 'ready time', rss > 150 && 'resident memory'].filter(Boolean);
  if (missed.length) {
    console.log(`  MISSED: ${missed.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
