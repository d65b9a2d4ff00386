// Command line: npm run emulator -- --port <n> --token <pat> --seed demo|empty [--data-dir <folder>]
//   [--faults 5xx=0.1,429=0.05,reset=0.02,latency=300] [--log-rate n] [--chat-key <key>]
// The token may come from the environment instead (BOTPRESS_LOCAL_CLOUD_TOKEN), so that it is on no command line.
// The Chat API's shared key also comes from AUTH_ENCRYPTION_KEY (the chat integration's secret); the flag wins.
import { parseArgs } from 'node:util';
import { startEmulator } from './index';
import { parseFaults } from './faults';
import { playDemoBilling } from './demo/issues';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      token: { type: 'string', default: process.env.BOTPRESS_LOCAL_CLOUD_TOKEN || 'demo-token' },
      'data-dir': { type: 'string' },
      seed: { type: 'string', default: 'demo' },
      faults: { type: 'string', default: '' },
      'log-rate': { type: 'string', default: '2' },
      'chat-key': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  const logRate = Number(values['log-rate']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  if (values.seed !== 'demo' && values.seed !== 'empty') throw new Error(`--seed must be demo or empty, got "${values.seed}"`);
  if (!Number.isFinite(logRate) || logRate < 0)
    throw new Error(`--log-rate must be a number of lines per second, got "${values['log-rate']}"`);
  if (!values.token) throw new Error('--token must not be empty');
  const chatKey = values['chat-key'] ?? process.env.AUTH_ENCRYPTION_KEY;
  if (chatKey !== undefined && !chatKey) throw new Error('--chat-key (or AUTH_ENCRYPTION_KEY) must not be empty');

  const emulator = await startEmulator({
    port,
    token: values.token,
    seed: values.seed,
    faults: parseFaults(values.faults),
    logRate,
    strict: false,
    dataDir: values['data-dir'] || undefined,
    chatKey,
  });
  // The demo's running bot, its issue and versions (demo/issues.ts); a world read from a data folder is left as it is.
  if (values.seed === 'demo' && !values['data-dir'])
    await playDemoBilling(emulator).catch((err: unknown) => console.error(`emulator: the demo's billing bot: ${String(err)}`));
  console.log(`listening on ${emulator.url}`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Started with an IPC channel (the editor, the command line): it stops when what started it goes away.
  if (process.send) process.once('disconnect', stop);
}

main().catch((err: unknown) => {
  console.error(`emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
