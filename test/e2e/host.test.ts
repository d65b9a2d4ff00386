// The host suite (test/host/*.host.ts) inside the real extension host of a code-server workbench; each
// host test is reported here as its own test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleHostSuite, hostTestFiles } from '../host/bundle';
import { openWithHostModule } from './host-runner';

test('host suite in the real extension host', { timeout: 300_000 }, async (t) => {
  const files = hostTestFiles().filter((f) => !process.env.HOST_ONLY || f.includes(process.env.HOST_ONLY));
  if (!files.length) return void t.skip('no test/host/*.host.ts files');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-host-suite-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const suite = await bundleHostSuite(path.join(dir, 'suite.js'), files);

  const { wb, reports } = await openWithHostModule(suite, { name: 'host-suite' });
  try {
    let results = 0;
    for await (const message of reports.messages(120_000)) {
      if (message.type === 'done') {
        if (message.error && !/host test\(s\) failed$/.test(message.error)) assert.fail(`the host suite stopped: ${message.error}`);
        break;
      }
      results++;
      await t.test(String(message.name), (st) => {
        st.diagnostic(`${Math.round(Number(message.ms))} ms in the extension host`);
        if (!message.ok) assert.fail(message.error ?? 'failed');
      });
    }
    assert.ok(results > 0, 'the host suite reported no test');
  } catch (error) {
    await wb.captureFailure(error);
    throw error;
  } finally {
    await wb.close();
    await reports.close();
  }
});
