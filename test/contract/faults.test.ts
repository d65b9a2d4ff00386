// Fault injection: each fault kind does what it says, the rates hold, and the syntax is checked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator';
import { parseFaults } from '../../src/emulator/faults';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ seed: 'empty' });
});
after(() => emu.close());

const call = () => fetch(`${emu.url}/v1/admin/workspaces`, { headers: { authorization: `Bearer ${emu.token}` } });

test('429 carries Retry-After and the official RateLimited body', async () => {
  emu.setFaults({ '429': 1 });
  const res = await call();
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '1');
  const body = (await res.json()) as { type: string; code: number };
  assert.equal(body.type, 'RateLimited');
  assert.equal(body.code, 429);
});

test('5xx answers 500, 502 or 503 with the official error body', async () => {
  emu.setFaults({ '5xx': 1 });
  const statuses = new Set<number>();
  for (let i = 0; i < 20; i++) {
    const res = await call();
    statuses.add(res.status);
    assert.equal(((await res.json()) as { type: string }).type, 'Internal');
  }
  assert.ok([...statuses].every((s) => [500, 502, 503].includes(s)));
});

test('reset destroys the connection without an answer', async () => {
  emu.setFaults({ reset: 1 });
  await assert.rejects(call(), TypeError);
});

test('latency delays every answer', async () => {
  emu.setFaults({ latency: 150 });
  const started = performance.now();
  assert.equal((await call()).status, 200);
  assert.ok(performance.now() - started >= 140);
});

test('rates hold over many requests', async () => {
  emu.setFaults({ '5xx': 0.2, '429': 0.1 });
  const counts = { ok: 0, '429': 0, '5xx': 0 };
  for (let i = 0; i < 300; i++) {
    const res = await call();
    await res.arrayBuffer();
    if (res.status === 200) counts.ok++;
    else if (res.status === 429) counts['429']++;
    else counts['5xx']++;
  }
  assert.ok(counts['5xx'] > 30 && counts['5xx'] < 90, JSON.stringify(counts));
  assert.ok(counts['429'] > 10 && counts['429'] < 50, JSON.stringify(counts));
  emu.setFaults({});
  assert.equal((await call()).status, 200);
});

test('the fault syntax', () => {
  assert.deepEqual(parseFaults('5xx=0.1,429=0.05,reset=0.02,latency=300'), { '5xx': 0.1, '429': 0.05, reset: 0.02, latency: 300 });
  assert.deepEqual(parseFaults(''), {});
  assert.throws(() => parseFaults('boom=1'), /bad fault "boom=1"/);
  assert.throws(() => parseFaults('5xx=2'), /between 0 and 1/);
  assert.throws(() => parseFaults('5xx=0.6,429=0.6'), /more than 1/);
  assert.throws(() => parseFaults('latency=-5'), /milliseconds/);
});
