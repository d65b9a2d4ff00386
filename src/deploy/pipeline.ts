// The steps of a deploy that need no editor: bundle the code while the remote resource is read, plan the
// update, and send it. The commands add the questions and notifications around them; the benchmark runs
// them as they are.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Bot, BotpressClient, Integration } from '../api/botpress';
import { ApiError, CancelledError } from '../api/errors';
import {
  alignIntegrations,
  encodedFiles,
  keepRemoteSecrets,
  planUpdate,
  remoteBot,
  requestBody,
  updateBotShape,
  updateIntegrationShape,
  type UpdatePlan,
} from '../core/deploy';
import { fileInsideFolder } from '../core/definitions/paths';
import { bundle, type Bundle, type EsbuildApi } from './bundle';

type Dict = Record<string, unknown>;

export interface DeploySource {
  /** The definition as plain data (already validated). */
  definition: Dict;
  /** The definition's folder: `code`, `readme` and `icon` are relative to it. */
  dir: string;
  /** esbuild for this project (called only when the definition has code). */
  esbuild: (projectDir: string) => EsbuildApi;
  sourceMaps: boolean;
}

/** Bundles the definition's `code`; undefined when it declares none. */
export async function bundleCode(source: DeploySource): Promise<Bundle | undefined> {
  const entry = source.definition.code;
  if (typeof entry !== 'string') return undefined;
  return bundle(source.esbuild(source.dir), {
    entry: path.resolve(source.dir, entry),
    projectDir: source.dir,
    sourceMaps: source.sourceMaps,
  });
}

export interface PreparedBot {
  plan: UpdatePlan;
  code?: Bundle;
  /** The bot as it is now; undefined for a bot still to create. */
  remote?: Bot;
  /** The workspace's client the bot was read with (the preview reads its integrations' schemas with it). */
  client?: BotpressClient;
}

export interface PrepareOptions {
  signal?: AbortSignal;
  /** A bundle already under way (started while the user was asked where to deploy); else one is started. */
  code?: Promise<Bundle | undefined>;
}

/** Bundles a bot's code while reading the bot (when it exists), then plans the update. */
export async function prepareBot(
  client: BotpressClient,
  source: DeploySource,
  botId: string | undefined,
  options: PrepareOptions = {},
): Promise<PreparedBot> {
  const { signal } = options;
  const [code, remote] = await Promise.all([
    options.code ?? bundleCode(source),
    botId ? client.getBot({ id: botId }, { signal }).then((r) => r.bot) : undefined,
  ]);
  if (signal?.aborted) throw new CancelledError();
  const before = remote && remoteBot(remote as unknown as Dict);
  // `{ $secret: keep }` (a pulled definition) sends the value the bot has: deploying a pulled file never erases a secret.
  const body = keepRemoteSecrets(
    requestBody(source.definition, 'updateBot'),
    remote,
    String(source.definition.name ?? botId ?? 'to create'),
  );
  if (body.integrations) body.integrations = alignIntegrations(body.integrations, before?.integrations);
  const plan = planUpdate(updateBotShape, body, before);
  await nameAddedIntegrations(client, plan, signal);
  return { plan, code, remote, client };
}

/**
 * An integration the deploy installs is keyed by its id (or an alias): the preview names it as the Hub or
 * the workspace does. One that cannot be looked up keeps its key.
 */
async function nameAddedIntegrations(client: BotpressClient, plan: UpdatePlan, signal?: AbortSignal): Promise<void> {
  const installs = (plan.body.integrations ?? {}) as Record<string, { integrationId?: unknown } | null>;
  const lookups = plan.changes
    .filter((c) => c.kind === 'added' && c.path.length === 2 && c.path[0] === 'integrations' && !c.name)
    .map(async (change) => {
      const key = change.path[1];
      const id = typeof installs[key]?.integrationId === 'string' ? (installs[key].integrationId as string) : key;
      const found = await client
        .getPublicIntegrationById({ id }, { signal })
        .catch(() => client.getIntegration({ id }, { signal }))
        .then((r) => r.integration)
        .catch(() => undefined);
      if (found) change.name = `${found.name} ${found.version}`;
    });
  await Promise.all(lookups);
}

/**
 * Sends a prepared bot in one updateBot request; a bot still to create is created first, and deleted
 * again if the update fails, so a failed deploy leaves nothing behind. Returns the bot's id.
 */
export async function sendBot(
  client: BotpressClient,
  prepared: PreparedBot,
  target: { botId?: string; name: string },
  signal?: AbortSignal,
): Promise<string> {
  const body = { ...prepared.plan.body, ...encodedFiles({ code: prepared.code?.code }) };
  if (target.botId) {
    await client.updateBot({ id: target.botId, ...body }, { signal });
    return target.botId;
  }
  const { bot } = await client.createBot({ name: target.name }, { signal });
  try {
    await client.updateBot({ id: bot.id, ...body }, { signal });
  } catch (error) {
    await client.deleteBot({ id: bot.id }).catch(() => undefined);
    throw error;
  }
  return bot.id;
}

export interface PreparedIntegration {
  name: string;
  version: string;
  /** The version as deployed now; undefined when it is new. */
  existing?: Integration;
  /** What is sent besides the files (undefined when only the readme and icon are). */
  plan?: UpdatePlan;
  code?: Bundle;
  /** Code, readme and icon as the API takes them. */
  files: Dict;
  /** Sizes in bytes of the readme and icon sent. */
  sizes?: { readme?: number; icon?: number };
}

async function readDeclared(source: DeploySource, key: 'readme' | 'icon'): Promise<Uint8Array | undefined> {
  const relative = source.definition[key];
  return typeof relative === 'string' ? fs.promises.readFile(fileInsideFolder(source.dir, key, relative)) : undefined;
}

/** The integration version deployed under this name and version, if any. */
export async function existingVersion(
  client: BotpressClient,
  name: string,
  version: string,
  signal?: AbortSignal,
): Promise<Integration | undefined> {
  try {
    return (await client.getIntegrationByName({ name, version }, { signal })).integration;
  } catch (error) {
    if (ApiError.is(error, 'ResourceNotFound')) return undefined;
    throw error;
  }
}

/**
 * Reads the readme and icon, bundles the code (unless `readmeOnly`) while looking the version up by name
 * and version, and plans what to send: a new version whole, or an update with removed entries as null.
 */
export async function prepareIntegration(
  client: BotpressClient,
  source: DeploySource,
  readmeOnly: boolean,
  options: PrepareOptions = {},
): Promise<PreparedIntegration> {
  const { signal } = options;
  const name = String(source.definition.name ?? '');
  const version = String(source.definition.version ?? '');
  const [readme, icon, code, existing] = await Promise.all([
    readDeclared(source, 'readme'),
    readDeclared(source, 'icon'),
    readmeOnly ? undefined : (options.code ?? bundleCode(source)),
    existingVersion(client, name, version, signal),
  ]);
  if (signal?.aborted) throw new CancelledError();
  if (readmeOnly) {
    if (!readme && !icon) throw new Error(`The ${name} definition declares neither a readme nor an icon.`);
    if (!existing) throw new Error(`Integration ${name}@${version} is not deployed yet: deploy it first.`);
  }
  const plan = readmeOnly
    ? undefined
    : existing
      ? planUpdate(updateIntegrationShape, requestBody(source.definition, 'updateIntegration'), existing as unknown as Dict)
      : planUpdate(updateIntegrationShape, requestBody(source.definition, 'createIntegration'), undefined);
  const sizes = { readme: readme?.length, icon: icon?.length };
  return { name, version, existing, plan, code, files: encodedFiles({ code: code?.code, readme, icon }), sizes };
}

/** Sends a prepared integration in one request: updateIntegration when the version exists, else createIntegration. */
export async function sendIntegration(client: BotpressClient, prepared: PreparedIntegration, signal?: AbortSignal): Promise<Integration> {
  const body = { ...prepared.plan?.body, ...prepared.files };
  if (prepared.existing) return (await client.updateIntegration({ id: prepared.existing.id, ...body }, { signal })).integration;
  return (await client.createIntegration(body as { name: string; version: string }, { signal })).integration;
}

/**
 * Botpress Cloud's dry run of a prepared integration (`bp deploy --dryRun`): the same request to
 * validateIntegrationCreation / validateIntegrationUpdate, which make the checks of a deploy and store
 * nothing. Throws what the deploy would get; says so in the plan's notes when it passes. A service without
 * the dry run (405) is noted, not an error.
 */
export async function validateIntegration(client: BotpressClient, prepared: PreparedIntegration, signal?: AbortSignal): Promise<void> {
  if (!prepared.plan) return;
  const body = { ...prepared.plan.body, ...prepared.files };
  const operation = prepared.existing ? 'validateIntegrationUpdate' : 'validateIntegrationCreation';
  try {
    if (prepared.existing) await client.validateIntegrationUpdate({ id: prepared.existing.id, ...body }, { signal });
    else await client.validateIntegrationCreation(body as { name: string; version: string }, { signal });
    prepared.plan.notes = [...(prepared.plan.notes ?? []), `Checked by the service (${operation}): it accepts this deploy.`];
  } catch (error) {
    if (!ApiError.is(error, 'MethodNotFound')) throw error;
    prepared.plan.notes = [...(prepared.plan.notes ?? []), `Not checked beforehand: this service has no ${operation}.`];
  }
}
