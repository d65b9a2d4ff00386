// The loopback endpoint the test-runner extension reports to (no workbench needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostReports, type HostMessage } from './host-runner';

const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

test('host reports stream in order and end with done', async () => {
  const reports = await HostReports.listen();
  try {
    for (const name of ['a', 'b']) assert.equal((await post(reports.url, JSON.stringify({ type: 'result', name, ok: true }))).status, 200);
    await post(reports.url, JSON.stringify({ type: 'done' }));
    const seen: HostMessage[] = [];
    for await (const message of reports.messages(1000)) seen.push(message);
    assert.deepEqual(
      seen.map((m) => [m.type, m.name]),
      [
        ['result', 'a'],
        ['result', 'b'],
        ['done', undefined],
      ],
    );
  } finally {
    await reports.close();
  }
});

test('a silent extension host is reported, and a body that is not JSON refused', async () => {
  const reports = await HostReports.listen();
  try {
    assert.equal((await post(reports.url, '{not json')).status, 400);
    await assert.rejects(async () => {
      for await (const message of reports.messages(200)) assert.fail(`unexpected ${JSON.stringify(message)}`);
    }, /reported nothing for 200 ms/);
  } finally {
    await reports.close();
  }
});
