/** `botpress-toolkit cloud start|deploy`: the Local Cloud (the emulator shipped beside the command) for CI. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BotpressClient } from '../api/botpress';
import { CHAT_INTEGRATION, chatWebhook } from '../api/chat';
import { describeError, NetworkError } from '../api/errors';
import { HttpClient, isLoopbackHost } from '../api/http';
import { validateDefinition } from '../core/definitions';
import { readDefinitionFile } from '../core/definitions/files';
import { loadEsbuild } from '../deploy/bundle';
import { startLocalCloud, type LocalCloudSeed } from '../deploy/localCloud';
import { prepareBot, sendBot, type PreparedBot } from '../deploy/pipeline';
import { generatedFolderState, prepareSdkBot } from '../deploy/sdk';
import { SdkEvaluator } from '../sdk/evaluator';
import { detectSdkProject } from '../sdk/project';
import { parseArgs, UsageError } from './args';

export const CLOUD_USAGE = `usage: botpress-toolkit cloud start [--port <n>] [--seed empty|demo] [--data-dir <folder>]
       botpress-toolkit cloud deploy <bot project> [--url <url>] [--workspace <id>] [--json]

A local Botpress Cloud (the toolkit's emulator: Botpress Cloud's API, the Chat API, deployed bot code run
in processes of its own), for CI without a Botpress account.

  cloud start     serves until SIGTERM or Ctrl+C; prints its URL and token. Its token is $BP_TOKEN when
                  set, else a new random one.
    --port <n>       default 7401; 0 for any free port
    --seed empty     one workspace and the Hub's chat integration (default); demo: the toolkit's demo world
    --data-dir <d>   keep the world in this folder between runs (default: memory only)

  cloud deploy    deploys a bot project (an SDK project with bot.definition.ts, or a folder with
                  bot.definition.yaml/.yml/.json) to the Local Cloud: its code bundled with the project's
                  own esbuild, the chat integration installed; a bot of the same name is updated. Prints
                  the bot id and its Chat API URL, for \`botpress-toolkit test --chat-url\`.
    --url <url>      the Local Cloud (default $BP_API_URL, else http://127.0.0.1:7401); loopback only
    --workspace <id> default $BP_WORKSPACE_ID, else the first workspace
    --json           print {"botId", "chatUrl", "workspaceId"} only
  Its token is $BP_TOKEN (the one \`cloud start\` printed or was given).

Exit status: 0 done, 1 the deploy failed, 2 bad usage or the Local Cloud unreachable.`;

const DEFAULT_PORT = 7401;

type Out = (line: string) => void;

/** Runs the subcommand with the arguments after `cloud`; resolves to the exit status. */
export async function cloudCommand(argv: string[], out: Out = console.log, err: Out = console.error): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (!sub || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
      out(CLOUD_USAGE);
      return sub ? 0 : 2;
    }
    if (sub === 'start') return await start(rest, out, err);
    if (sub === 'deploy') return await deploy(rest, out, err);
    throw new UsageError(`unknown cloud command "${sub}"`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`botpress-toolkit: ${e.message}\n\n${CLOUD_USAGE}`);
    return 2;
  }
}

async function start(argv: string[], out: Out, err: Out): Promise<number> {
  const { value, positional } = parseArgs(argv, ['--port', '--seed', '--data-dir']);
  if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const port = Number(value('--port') ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${value('--port')}"`);
  const seed = value('--seed') ?? 'empty';
  if (seed !== 'empty' && seed !== 'demo') throw new UsageError(`--seed must be empty or demo, not "${seed}"`);
  const dataDir = value('--data-dir') && path.resolve(value('--data-dir')!);
  const given = process.env.BP_TOKEN?.trim();
  const token = given || `bp_local_${randomBytes(24).toString('base64url')}`;

  let cloud;
  try {
    cloud = await startLocalCloud({ token, port, seed: seed as LocalCloudSeed, dataDir, onStderr: err });
  } catch (e) {
    err(`botpress-toolkit: ${(e as Error).message}`);
    return 2;
  }
  out(`Local Cloud listening on ${cloud.url}`);
  out(`token: ${given ? '$BP_TOKEN' : token}`);
  out(`data: ${dataDir ?? 'memory only'}`);
  const stop = () => void cloud.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const code = await cloud.exited;
  process.off('SIGTERM', stop);
  process.off('SIGINT', stop);
  if (code === 0) return 0;
  err(`botpress-toolkit: the Local Cloud stopped unexpectedly (${code})`);
  return 1;
}

/** Where the Local Cloud is, checked to be one: deploy never sends a project to Botpress Cloud by accident. */
function localUrl(flag: string | undefined): string {
  const raw = flag ?? (process.env.BP_API_URL?.trim() || `http://127.0.0.1:${DEFAULT_PORT}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be a URL, not "${raw}"`);
  }
  if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname))
    throw new UsageError(
      `cloud deploy sends to a Local Cloud only (http on loopback), not ${url.origin}: use bp deploy for Botpress Cloud`,
    );
  return url.origin;
}

async function deploy(argv: string[], out: Out, err: Out): Promise<number> {
  const { value, has, positional } = parseArgs(argv, ['--url', '--workspace'], ['--json']);
  if (positional.length !== 1) throw new UsageError(positional.length ? 'one bot project at a time' : 'no bot project given');
  const url = localUrl(value('--url'));
  const token = process.env.BP_TOKEN?.trim();
  if (!token) throw new UsageError('BP_TOKEN is not set: set it to the token `cloud start` printed (or was started with)');
  const project = path.resolve(positional[0]);
  const dir = fs.statSync(project, { throwIfNoEntry: false })?.isFile() ? path.dirname(project) : project;
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${positional[0]}: no such folder`);

  const http = new HttpClient();
  try {
    let client = new BotpressClient({ apiUrl: url, token, http });
    let workspaceId: string;
    try {
      workspaceId = await reachWorkspace(client, value('--workspace') ?? process.env.BP_WORKSPACE_ID?.trim());
    } catch (e) {
      err(`botpress-toolkit: cannot use the Local Cloud at ${url}: ${describeError(e)}`);
      return 2;
    }
    client = client.withWorkspace(workspaceId);
    const chat = (await client.getPublicIntegration({ name: CHAT_INTEGRATION, version: 'latest' })).integration;
    const name = botName(dir);
    const existing = (await client.listBots({})).bots.find((b) => b.name === name);
    let prepared: PreparedBot;
    try {
      prepared = await prepareProject(client, dir, chat, existing?.id);
    } catch (e) {
      err(`botpress-toolkit: ${path.relative(process.cwd(), dir) || '.'}: ${(e as Error).message}`);
      return 1;
    }
    const botId = await sendBot(client, prepared, { botId: existing?.id, name });
    const { bot } = await client.getBot({ id: botId });
    const webhook = chatWebhook(bot);
    if ('problem' in webhook) throw new Error(`the deployed bot ${webhook.problem}`);
    const chatUrl = `${url}/chat/${webhook.webhookId}`;
    if (has('--json')) out(JSON.stringify({ botId, chatUrl, workspaceId }));
    else {
      out(`${existing ? 'Updated' : 'Created'} bot ${name} on the Local Cloud at ${url}`);
      out(`bot id: ${botId}`);
      out(`chat url: ${chatUrl}`);
    }
    return 0;
  } catch (e) {
    err(`botpress-toolkit: the deploy failed: ${describeError(e)}`);
    return 1;
  } finally {
    await http.close();
  }
}

/** The workspace to deploy to; waits up to 15 s for a Local Cloud that is still starting (`cloud start &`). */
async function reachWorkspace(client: BotpressClient, wanted: string | undefined): Promise<string> {
  for (let waited = 0; ; waited += 250) {
    try {
      const { workspaces } = await client.listWorkspaces({});
      if (!wanted) {
        if (!workspaces.length) throw new Error('it has no workspace');
        return workspaces[0].id;
      }
      if (!workspaces.some((w) => w.id === wanted)) throw new Error(`it has no workspace ${wanted}`);
      return wanted;
    } catch (e) {
      if (!(e instanceof NetworkError) || waited >= 15_000) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

type Dict = Record<string, unknown>;

/** Evaluates or reads the bot definition, installs `chat` in it unless it is there, bundles and plans. */
async function prepareProject(
  client: BotpressClient,
  dir: string,
  chat: { id: string; version: string },
  botId: string | undefined,
): Promise<PreparedBot> {
  const sdk = detectSdkProject(dir);
  if (sdk) {
    if (sdk.kind !== 'bot') throw new Error(`an SDK ${sdk.kind} project: cloud deploy deploys bots`);
    if (generatedFolderState(sdk.root, sdk.definitionFile) === 'missing')
      throw new Error('the code imports .botpress, which is not generated: run `bp gen` first');
    const evaluator = new SdkEvaluator({ timeoutMs: 60_000 });
    try {
      const evaluation = await evaluator.evaluate(sdk.definitionFile);
      const errors = evaluation.problems.filter((p) => p.severity === 'error');
      if (errors.length || !evaluation.body)
        throw new Error(
          `${errors.map((e) => e.message).join('; ') || 'the definition did not evaluate'} (botpress-toolkit validate shows where)`,
        );
      const extras = (evaluation.extras ??= {});
      const integrations = (extras.integrations ??= {});
      if (!Object.values(integrations).some((i) => i.name === CHAT_INTEGRATION)) {
        integrations[CHAT_INTEGRATION] = { name: CHAT_INTEGRATION, version: chat.version, id: chat.id };
        const body = evaluation.body.integrations as Dict | undefined;
        evaluation.body.integrations = { ...body, [CHAT_INTEGRATION]: { enabled: true, configuration: {} } };
      }
      return await prepareSdkBot(client, { evaluation, esbuild: loadEsbuild(sdk.root).esbuild, sourceMaps: false }, botId);
    } finally {
      evaluator.dispose();
    }
  }
  const file = yamlDefinitions.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new Error('no bot.definition.ts, bot.definition.yaml, .yml or .json in this folder');
  const read = readDefinitionFile(file);
  if ('error' in read) throw new Error(`${path.basename(file)}: ${read.error}`);
  const checked = validateDefinition(read.text, {
    kind: 'bot',
    fileName: file,
    fileExists: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
  });
  const errors = checked.problems.filter((p) => p.severity === 'error');
  if (errors.length || !checked.definition)
    throw new Error(`${path.basename(file)}: ${errors.map((e) => e.message).join('; ')} (botpress-toolkit validate shows where)`);
  const definition = structuredClone(checked.definition) as Dict;
  const installed = (definition.integrations ?? {}) as Record<string, Dict>;
  if (!Object.entries(installed).some(([key, i]) => key === chat.id || i.integrationId === chat.id))
    definition.integrations = { ...installed, [CHAT_INTEGRATION]: { integrationId: chat.id, enabled: true, configuration: {} } };
  const source = { definition, dir, esbuild: (d: string) => loadEsbuild(d).esbuild, sourceMaps: false };
  return prepareBot(client, source, botId);
}

const yamlDefinitions = ['yaml', 'yml', 'json'].map((ext) => `bot.definition.${ext}`);

/** The bot's name on the Local Cloud: an SDK project's package name, a YAML definition's `name`, else the folder's. */
function botName(dir: string): string {
  const sdkName = detectSdkProject(dir)?.packageJson?.name;
  if (typeof sdkName === 'string' && sdkName) return sdkName;
  const file = yamlDefinitions.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  const read = file ? readDefinitionFile(file) : undefined;
  const name = read && 'text' in read ? validateDefinition(read.text, { kind: 'bot', fileName: file! }).definition?.name : undefined;
  return typeof name === 'string' && name ? name : path.basename(dir);
}
