// `botpress-toolkit cloud start|deploy` from the sources: start prints its URL and a token of its own and stops on
// SIGTERM; deploy sends an SDK and a YAML bot project with the chat integration installed, updates the same bot the
// next time, keeps it across a restart over --data-dir, and refuses what it should with exit 2.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { Client } from '@botpress/client';
import { cloudCommand } from '../../src/cli/cloud';

const root = path.join(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-cloud-'));
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** `cloud start` in a process of its own; resolves once it printed its three lines. */
async function start(...args: string[]): Promise<{ child: ChildProcess; url: string; token: string; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'cloud', 'start', '--port', '0', ...args], {
    cwd: root,
    env: { ...process.env, BP_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  let out = '';
  const lines = await new Promise<string[]>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^data: .*\n/m.test(out)) resolve(out.trim().split('\n'));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
  return { child, lines, url: /^Local Cloud listening on (\S+)$/.exec(lines[0])![1], token: /^token: (\S+)$/.exec(lines[1])![1] };
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  children.delete(child);
  return code;
}

/** `cloud deploy` in this process, with BP_TOKEN set for the call. */
async function deploy(token: string, ...args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = '';
  const saved = process.env.BP_TOKEN;
  process.env.BP_TOKEN = token;
  try {
    const code = await cloudCommand(
      ['deploy', ...args],
      (l) => out.push(l),
      (l) => (err += `${l}\n`),
    );
    return { code, out, err };
  } finally {
    process.env.BP_TOKEN = saved;
  }
}

test('start, deploy an SDK and a YAML bot (chattable), update, restart over --data-dir, stop', { timeout: 120_000 }, async () => {
  let cloud = await start('--data-dir', dataDir);
  assert.match(cloud.token, /^bp_local_[\w-]{32}$/);
  assert.equal(cloud.lines[2], `data: ${dataDir}`);

  const sdk = await deploy(cloud.token, path.join(fixtures, 'sdk', 'runtime-bot'), '--url', cloud.url, '--json');
  assert.equal(sdk.code, 0, sdk.err);
  const { botId, chatUrl, workspaceId } = JSON.parse(sdk.out[0]) as { botId: string; chatUrl: string; workspaceId: string };
  const client = (url: string, token: string) => new Client({ apiUrl: url, token, workspaceId });
  const { bot } = await client(cloud.url, cloud.token).getBot({ id: botId });
  assert.equal(bot.name, 'runtime-bot');
  assert.deepEqual(Object.keys(bot.states), ['counter']);
  const chat = Object.values(bot.integrations).find((i) => i.name === 'chat')!;
  assert.equal(chatUrl, `${cloud.url}/chat/${chat.webhookId}`);
  // The Chat API answers at that URL (the package test chats through it).
  const hello = await fetch(`${chatUrl}/hello`);
  assert.equal(hello.status, 200);

  const yaml = await deploy(cloud.token, path.join(fixtures, 'yaml-projects', 'support-bot'), '--url', cloud.url);
  assert.equal(yaml.code, 0, yaml.err);
  assert.equal(yaml.out[0], `Created bot support-bot on the Local Cloud at ${cloud.url}`);
  assert.match(yaml.out[1], /^bot id: [0-9a-f-]{36}$/);
  assert.match(yaml.out[2], new RegExp(`^chat url: ${cloud.url}/chat/\\w+$`));

  const again = await deploy(cloud.token, path.join(fixtures, 'sdk', 'runtime-bot'), '--url', cloud.url, '--json');
  assert.equal(JSON.parse(again.out[0]).botId, botId);
  assert.equal(JSON.parse(again.out[0]).chatUrl, chatUrl, 'a redeploy keeps the chat integration and its webhook');
  assert.equal(await stop(cloud.child), 0);

  cloud = await start('--data-dir', dataDir);
  const { bots } = await client(cloud.url, cloud.token).listBots({});
  assert.deepEqual(bots.map((b) => b.name).sort(), ['runtime-bot', 'support-bot']);
  const kept = await deploy(cloud.token, path.join(fixtures, 'sdk', 'runtime-bot'), '--url', cloud.url);
  assert.equal(kept.out[0], `Updated bot runtime-bot on the Local Cloud at ${cloud.url}`);
  assert.equal(await stop(cloud.child), 0);
});

test('deploy: a broken project fails with 1 and says why; usage errors exit 2', async () => {
  const cloud = await start();
  try {
    const broken = await deploy(cloud.token, path.join(fixtures, 'sdk', 'integration'), '--url', cloud.url);
    assert.equal(broken.code, 1);
    assert.match(broken.err, /an SDK integration project: cloud deploy deploys bots/);
    const nothing = await deploy(cloud.token, path.join(fixtures, 'convo'), '--url', cloud.url);
    assert.equal(nothing.code, 1);
    assert.match(nothing.err, /no bot\.definition\.ts, bot\.definition\.yaml, \.yml or \.json in this folder/);
    const wrongToken = await deploy('not-the-token', path.join(fixtures, 'sdk', 'runtime-bot'), '--url', cloud.url);
    assert.equal(wrongToken.code, 2);
    assert.match(wrongToken.err, /cannot use the Local Cloud at .*: .*(token|Unauthorized)/i);
    const taken: string[] = [];
    const port = new URL(cloud.url).port;
    assert.equal(
      await cloudCommand(
        ['start', '--port', port],
        () => {},
        (l) => taken.push(l),
      ),
      2,
    );
    assert.match(taken.at(-1)!, /^botpress-toolkit: The Local Cloud exited \(2\) before it was ready: .*EADDRINUSE/);
  } finally {
    await stop(cloud.child);
  }
  const remote = await deploy('t', '.', '--url', 'https://api.botpress.cloud');
  assert.equal(remote.code, 2);
  assert.match(remote.err, /cloud deploy sends to a Local Cloud only \(http on loopback\), not https:\/\/api\.botpress\.cloud/);
  const noToken = await deploy('', '.');
  assert.equal(noToken.code, 2);
  assert.match(noToken.err, /BP_TOKEN is not set/);
  const errors: string[] = [];
  assert.equal(
    await cloudCommand(
      ['start', '--seed', 'galaxy'],
      () => {},
      (l) => errors.push(l),
    ),
    2,
  );
  assert.equal(
    await cloudCommand(
      ['stop'],
      () => {},
      (l) => errors.push(l),
    ),
    2,
  );
  assert.match(errors[0], /--seed must be empty or demo, not "galaxy"/);
  assert.match(errors[1], /unknown cloud command "stop"/);
});
