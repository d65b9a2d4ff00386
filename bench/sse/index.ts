// The event-stream parser on one long line sent in 1 KB chunks: a 4 MB line against a 1 MB line, in the
// same run, alternated after warm-up. A parser that rescans what it buffered per chunk grows with the
// square of the line (ratio near 16); one pass grows with it (target: ratio under 6). The floor beside
// it: the same chunks joined and searched for the line break by `indexOf`.
import { parseServerSentEvents } from '../../src/api/sse';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const CHUNK = 1024;

function chunksOf(size: number): string[] {
  const piece = 'y'.repeat(CHUNK);
  return ['data: ', ...Array.from({ length: Math.ceil(size / CHUNK) }, () => piece), '\n\n'];
}

async function parse(chunks: string[]): Promise<number> {
  const started = performance.now();
  let length = 0;
  for await (const e of parseServerSentEvents(
    (async function* () {
      yield* chunks;
    })(),
    { maxEventChars: 64 * 1024 * 1024 },
  ))
    length += e.data.length;
  if (!length) throw new Error('no event');
  return performance.now() - started;
}

function floor(chunks: string[]): number {
  const started = performance.now();
  if (chunks.join('').indexOf('\n') < 0) throw new Error('no line break');
  return performance.now() - started;
}

async function main(): Promise<void> {
  const small = chunksOf(1024 * 1024);
  const large = chunksOf(4 * 1024 * 1024);
  await parse(small);
  await parse(large);
  const times = { small: [] as number[], large: [] as number[], floor: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    times.small.push(await parse(small));
    times.large.push(await parse(large));
    times.floor.push(floor(large));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratio = median(times.large) / median(times.small);
  console.log(
    `1 MB line: ${median(times.small).toFixed(1)} ms; 4 MB line: ${median(times.large).toFixed(1)} ms ` +
      `(floor, join + indexOf: ${median(times.floor).toFixed(1)} ms)`,
  );
  console.log(
    `growth 4 MB / 1 MB: ${ratio.toFixed(2)} (linear ≈ 4, quadratic ≈ 16; target < 6); ` +
      `4 MB over the floor: ${(median(times.large) / median(times.floor)).toFixed(1)}×`,
  );
  if (ratio >= 6) process.exitCode = 1;
}

void main();
