// Activation of the packaged extension in a real extension host (code-server), against an empty
// extension activated in the same host, over several extension-host starts (window reloads). Targets:
// loading the extension's main module and its activate() take at most 50 ms together, activate() alone
// at most 20 ms, and nothing opens a connection while it activates.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleForHost } from '../../test/host/bundle';
import { openWithHostModule } from '../../test/e2e/host-runner';
import { packTestExtension } from '../../test/e2e/workbench';
import type { ActivationSample } from './host';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const targetMs = 20;
const loadAndActivateTargetMs = 50;
const product = 'botpress-toolkit.botpress-toolkit';
const baseline = 'botpress-toolkit-tests.empty';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value: number) => `${value.toFixed(1).padStart(8)} ms`;

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-bench-activation-'));
  try {
    const module = await bundleForHost(
      path.join(dir, 'host.js'),
      `export { runAll } from ${JSON.stringify(path.join(__dirname, 'host'))};`,
    );
    const baselineVsix = packTestExtension(path.join(__dirname, 'baseline'), path.join(dir, 'baseline.vsix'));
    // An empty folder: nothing in it activates the extension before it is measured.
    const folder = path.join(dir, 'empty-folder');
    fs.mkdirSync(folder);
    const { wb, reports } = await openWithHostModule(module, { name: 'bench-activation', folder, extraVsixes: [baselineVsix] });
    const samples: Record<string, ActivationSample[]> = { [product]: [], [baseline]: [] };
    try {
      for (let round = 0; round < rounds; round++) {
        if (round > 0) await wb.reload();
        for await (const message of reports.messages(60_000)) {
          if (message.type === 'done') {
            if (message.error) throw new Error(`round ${round + 1}: ${message.error}`);
            break;
          }
          const sample = message.sample as ActivationSample;
          samples[sample.id].push(sample);
        }
      }
    } finally {
      await wb.close();
      await reports.close();
    }

    const summary = (id: string) => {
      const list = samples[id];
      const med = (pick: (s: ActivationSample) => number) => median(list.map(pick));
      return {
        load: med((s) => s.load),
        activateCall: med((s) => s.activateCall),
        total: med((s) => s.load + s.activation),
        connections: [...new Set(list.flatMap((s) => s.connections))],
      };
    };
    const ours = summary(product);
    const floor = summary(baseline);
    console.log(`activation in a real extension host (code-server), median of ${rounds} host starts`);
    console.log(`${''.padEnd(18)}${'load'.padStart(11)}${'activate()'.padStart(11)}${'total'.padStart(11)}`);
    for (const [label, s] of [
      ['empty extension', floor],
      ['Botpress Toolkit', ours],
    ] as const) {
      console.log(`${label.padEnd(18)}${ms(s.load)}${ms(s.activateCall)}${ms(s.total)}`);
    }
    console.log(
      `total: ${(ours.total / floor.total).toFixed(2)}× the empty extension (${(ours.total - floor.total).toFixed(1)} ms more;` +
        ' measured first, the extension also waits for the host still starting up)',
    );
    console.log(`load + activate(): ${(ours.load + ours.activateCall).toFixed(1)} ms (target ≤ ${loadAndActivateTargetMs} ms)`);
    console.log(`activate(): ${ours.activateCall.toFixed(1)} ms (target ≤ ${targetMs} ms)`);
    console.log(`connections opened while loading and activating: ${ours.connections.length ? ours.connections.join(', ') : 'none'}`);
    const ok = ours.activateCall <= targetMs && ours.load + ours.activateCall <= loadAndActivateTargetMs && ours.connections.length === 0;
    if (!ok) console.log('FAILED: loading or activate() is over target, or it touched the network');
    return ok ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
