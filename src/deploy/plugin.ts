// Deploying an SDK plugin (`plugin.definition.ts`) or interface (`interface.definition.ts`) as `bp deploy` does:
// the version looked up in the workspace (it is overwritten when there), the plugin's integration and interface
// dependencies resolved to ids, readme and icon base64-encoded, a plugin's code bundled twice (node CommonJS and
// browser ESM), private unless asked otherwise; an update sends what the file no longer has as null. No `vscode`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BotpressClient } from '../api/botpress';
import { ApiError, CancelledError } from '../api/errors';
import { planUpdate, requestBody, updateInterfaceShape, updatePluginShape, type UpdatePlan } from '../core/deploy';
import type { Bundle } from './bundle';
import { bundleSdkCode, findIntegration, findInterface, type SdkDeploySource } from './sdk';

type Dict = Record<string, unknown>;

export interface PreparedPackage {
  kind: 'plugin' | 'interface';
  name: string;
  version: string;
  /** The version already in the workspace, which the deploy overwrites (as `bp deploy` does, after asking). */
  existing?: Dict & { id: string };
  plan: UpdatePlan;
  /** A plugin's bundles. */
  code?: { node: Bundle; browser: Bundle };
}

const notFound = (e: unknown) => (ApiError.is(e, 'ResourceNotFound') ? undefined : Promise.reject(e));

/** The readme (`.md`) and icon (`.svg`) the definition names, base64-encoded; other kinds of file are refused as the CLI refuses them. */
async function packageFiles(root: string, body: Dict): Promise<Dict> {
  const out: Dict = {};
  for (const [key, ext, what] of [
    ['icon', '.svg', 'Icon must be an SVG file'],
    ['readme', '.md', 'Readme must be a Markdown file'],
  ] as const) {
    const file = body[key];
    if (typeof file !== 'string' || !file) continue;
    if (!file.toLowerCase().endsWith(ext)) throw new Error(`${what} (${key}: ${file}).`);
    out[key] = await fs.promises.readFile(path.resolve(root, file), 'base64').catch((error: unknown) => {
      throw new Error(`Could not read the ${key} ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
  }
  return out;
}

/** The plugin's dependencies as `bp deploy` sends them: each integration and interface by alias, with its id. */
async function pluginDependencies(client: BotpressClient, source: SdkDeploySource, signal?: AbortSignal): Promise<Dict> {
  const extras = source.evaluation.extras ?? {};
  const resolve = async (refs: Record<string, { name: string; version: string; id?: string }> | undefined, find: typeof findIntegration) =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(refs ?? {}).map(async ([alias, r]) => [
          alias,
          { id: r.id ?? (await find(client, r.name, r.version, signal)), name: r.name, version: r.version },
        ]),
      ),
    ) as Dict;
  const [integrations, interfaces] = await Promise.all([
    resolve(extras.integrations, findIntegration),
    resolve(extras.interfaces, findInterface),
  ]);
  return { integrations, interfaces };
}

/**
 * Bundles (a plugin), reads the version in the workspace and plans the create or update. `visibility` is the
 * CLI's `--visibility` (default private).
 */
export async function preparePackage(
  client: BotpressClient,
  source: SdkDeploySource,
  options: { signal?: AbortSignal; visibility?: 'private' | 'public' | 'unlisted' } = {},
): Promise<PreparedPackage> {
  const { signal, visibility = 'private' } = options;
  const { evaluation } = source;
  const kind = evaluation.project.kind;
  if (kind !== 'plugin' && kind !== 'interface')
    throw new Error(`${path.basename(evaluation.project.definitionFile)} is not a plugin or interface.`);
  if (kind === 'interface' && visibility === 'unlisted')
    throw new Error('Unlisted visibility is not supported for interfaces. Please use "public" or "private".');
  const body = structuredClone(evaluation.body ?? {});
  const name = String(body.name);
  const version = String(body.version);
  const [files, existing, dependencies, node, browser] = await Promise.all([
    packageFiles(evaluation.project.root, body),
    kind === 'plugin'
      ? client.getPluginByName({ name, version }, { signal }).then((r) => r.plugin as unknown as PreparedPackage['existing'], notFound)
      : client
          .getInterfaceByName({ name, version }, { signal })
          .then((r) => r.interface as unknown as PreparedPackage['existing'], notFound),
    kind === 'plugin' ? pluginDependencies(client, source, signal) : undefined,
    kind === 'plugin' ? bundleSdkCode(source) : undefined,
    kind === 'plugin' ? bundleSdkCode(source, { platform: 'browser', format: 'esm' }) : undefined,
  ]);
  if (signal?.aborted) throw new CancelledError();
  const full: Dict = {
    ...body,
    ...(kind === 'plugin' ? { dependencies, visibility } : { public: visibility === 'public' }),
    ...(evaluation.extras?.sdkVersion && { sdkVersion: evaluation.extras.sdkVersion }),
  };
  const shape = kind === 'plugin' ? updatePluginShape : updateInterfaceShape;
  const plan = existing
    ? planUpdate(shape, requestBody(full, kind === 'plugin' ? 'updatePlugin' : 'updateInterface'), existing)
    : planUpdate(shape, requestBody(full, kind === 'plugin' ? 'createPlugin' : 'createInterface'), undefined);
  if (!existing) Object.assign(plan.body, { name, version });
  Object.assign(plan.body, files);
  if (node && browser) plan.body.code = { node: node.code, browser: browser.code };
  return { kind, name, version, existing, plan, ...(node && browser && { code: { node, browser } }) };
}

/** Sends the prepared create or update; returns the plugin's or interface's id. */
export async function sendPackage(client: BotpressClient, prepared: PreparedPackage, signal?: AbortSignal): Promise<string> {
  const { kind, existing, plan } = prepared;
  const body = plan.body as never;
  if (kind === 'plugin') {
    const sent = existing
      ? await client.updatePlugin({ ...(body as Dict), id: existing.id } as never, { signal })
      : await client.createPlugin(body, { signal });
    return sent.plugin.id;
  }
  const sent = existing
    ? await client.updateInterface({ ...(body as Dict), id: existing.id } as never, { signal })
    : await client.createInterface(body, { signal });
  return sent.interface.id;
}
