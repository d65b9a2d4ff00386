// Deploying an SDK project (`bot.definition.ts`, `integration.definition.ts`): the body its evaluation
// produced, completed as the official CLI completes it (integrations resolved by name and version to
// ids, readme, icon and scripts read, secrets), and the code bundled as `bp bundle` bundles it. The plan
// and the request are the YAML deploy's own (`planUpdate`, `sendBot`, `sendIntegration`). No `vscode`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BotpressClient, Integration } from '../api/botpress';
import { ApiError, CancelledError } from '../api/errors';
import {
  alignIntegrations,
  disableUnsaidNewInstalls,
  encodedFiles,
  keepConfigurationData,
  keepWhatTheSdkDoesNotSet,
  planUpdate,
  remoteBot,
  requestBody,
  updateBotShape,
  updateIntegrationShape,
} from '../core/deploy';
import type { SdkEvaluation } from '../sdk/evaluator';
import { fileInsideFolder } from '../core/definitions/paths';
import { BundleError, type Bundle, type EsbuildApi } from './bundle';
import { existingVersion, type PreparedBot, type PreparedIntegration } from './pipeline';

type Dict = Record<string, unknown>;

/** `bp bundle`'s entry: the project's `src/index` re-exported with its handler. */
export const SDK_ENTRY = 'src/index.ts';
const entryCode = "import x from './src/index'; export default x; export const handler = x.handler;";

export interface SdkDeploySource {
  /** An evaluation without errors. */
  evaluation: SdkEvaluation;
  esbuild: EsbuildApi;
  sourceMaps: boolean;
}

/** Bundles the project's code as `bp bundle` does: node, CommonJS (`target`: a plugin's browser ESM), minified, the project's esbuild. */
export async function bundleSdkCode(source: SdkDeploySource, target: { platform?: 'browser'; format?: 'esm' } = {}): Promise<Bundle> {
  const { root } = source.evaluation.project;
  const advanced = source.evaluation.extras?.esbuild ?? {};
  let result: Awaited<ReturnType<EsbuildApi['build']>>;
  try {
    result = await source.esbuild.build({
      bundle: true,
      platform: 'node',
      target: 'es2020',
      legalComments: 'none',
      logLevel: 'silent',
      logOverride: { 'equals-negative-zero': 'silent' },
      keepNames: true,
      minify: true,
      ...advanced,
      ...target,
      sourcemap: source.sourceMaps ? 'inline' : false,
      absWorkingDir: root,
      stdin: { contents: entryCode, resolveDir: root, loader: 'ts', sourcefile: 'index.ts' },
      write: false,
    });
  } catch (error) {
    const errors = (
      error as { errors?: { text: string; location?: { file: string; line: number; column: number; length: number } | null }[] }
    ).errors;
    if (!Array.isArray(errors)) throw error;
    throw new BundleError(
      path.join(root, SDK_ENTRY),
      errors.map((m) => ({
        text: m.text,
        ...(m.location && {
          file: path.resolve(root, m.location.file),
          line: m.location.line,
          column: m.location.column,
          length: m.location.length,
        }),
      })),
    );
  }
  const code = result.outputFiles?.[0]?.text ?? '';
  return { code, bytes: Buffer.byteLength(code), warnings: [] };
}

/** Whether the code imports the generated `.botpress/` folder, and whether that folder is there and newer than the definition. */
export function generatedFolderState(root: string, definitionFile: string): 'unused' | 'missing' | 'stale' | 'ready' {
  const imports = (dir: string, depth: number): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    return entries.some((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return depth < 8 && e.name !== 'node_modules' && imports(p, depth + 1);
      return /\.[cm]?[jt]sx?$/.test(e.name) && /from\s+['"](?:\.\.?\/)*\.botpress(?:\/[^'"]*)?['"]/.test(fs.readFileSync(p, 'utf8'));
    });
  };
  if (!imports(path.join(root, 'src'), 0)) return 'unused';
  const generated = fs.statSync(path.join(root, '.botpress', 'index.ts'), { throwIfNoEntry: false });
  if (!generated) return 'missing';
  const definition = fs.statSync(definitionFile, { throwIfNoEntry: false });
  return definition && definition.mtimeMs > generated.mtimeMs ? 'stale' : 'ready';
}

/** An integration a bot installs, or an interface an integration implements, looked up by name and version. */
export async function findIntegration(client: BotpressClient, name: string, version: string, signal?: AbortSignal): Promise<string> {
  const notFound = (e: unknown) => (ApiError.is(e, 'ResourceNotFound') ? undefined : Promise.reject(e));
  const own = await client.getIntegrationByName({ name, version }, { signal }).then((r) => r.integration.id, notFound);
  if (own) return own;
  const hub = await client.getPublicIntegration({ name, version }, { signal }).then((r) => r.integration.id, notFound);
  if (hub) return hub;
  throw new Error(`Integration ${name}@${version} (installed by the definition) is neither in this workspace nor on the Hub.`);
}

export async function findInterface(client: BotpressClient, name: string, version: string, signal?: AbortSignal): Promise<string> {
  try {
    return (await client.getPublicInterface({ name, version }, { signal })).interface.id;
  } catch (error) {
    if (ApiError.is(error, 'ResourceNotFound'))
      throw new Error(`Interface ${name}@${version} (implemented by the definition) is not on the Hub.`, { cause: error });
    throw error;
  }
}

/** The updateBot body: the evaluated body with each installed integration's id. */
export async function sdkBotBody(client: BotpressClient, evaluation: SdkEvaluation, signal?: AbortSignal): Promise<Dict> {
  const body = structuredClone(evaluation.body ?? {});
  if (evaluation.extras?.plugins && Object.keys(evaluation.extras.plugins).length) {
    throw new Error(
      'This bot installs plugins (addPlugin): deploy it with the Botpress CLI (bp deploy); plugins are not deployed from the editor yet.',
    );
  }
  const integrations = (body.integrations ?? {}) as Record<string, Dict>;
  await Promise.all(
    Object.entries(evaluation.extras?.integrations ?? {}).map(async ([alias, ref]) => {
      const id = ref.id ?? (await findIntegration(client, ref.name, ref.version, signal));
      integrations[alias] = { ...integrations[alias], integrationId: id };
    }),
  );
  return body;
}

/**
 * Bundles the code while reading the bot, then plans the update as `bp deploy` does: what the definition
 * no longer has is sent as null, installed integrations are matched by what they are (integration and
 * alias), and what the CLI leaves alone is kept (see `keepWhatTheSdkDoesNotSet`).
 */
export async function prepareSdkBot(
  client: BotpressClient,
  source: SdkDeploySource,
  botId: string | undefined,
  options: { signal?: AbortSignal; code?: Promise<Bundle> } = {},
): Promise<PreparedBot> {
  const { signal } = options;
  const [code, remote, body] = await Promise.all([
    options.code ?? bundleSdkCode(source),
    botId ? client.getBot({ id: botId }, { signal }).then((r) => r.bot) : undefined,
    sdkBotBody(client, source.evaluation, signal),
  ]);
  if (signal?.aborted) throw new CancelledError();
  const before = remote && remoteBot(remote as unknown as Dict);
  const sent = keepConfigurationData(requestBody(body, 'updateBot'), before);
  if (sent.integrations) sent.integrations = alignIntegrations(sent.integrations, before?.integrations);
  disableUnsaidNewInstalls(sent.integrations, before?.integrations);
  const plan = planUpdate(updateBotShape, sent, before);
  keepWhatTheSdkDoesNotSet(plan, before);
  return { plan, code, remote, client };
}

/** Integration secrets: a value for each, or null to delete one the definition dropped; undefined leaves it as it is. */
export type SecretValues = Record<string, string | null>;

/**
 * The createIntegration body (also the base of an update): readme and icon base64-encoded, scripts read,
 * interfaces resolved to ids, the SDK version.
 */
export async function sdkIntegrationBody(
  client: BotpressClient,
  evaluation: SdkEvaluation,
  signal?: AbortSignal,
): Promise<{ body: Dict; files: Dict; sizes: { readme?: number; icon?: number } }> {
  const root = evaluation.project.root;
  const body = structuredClone(evaluation.body ?? {});
  const read = (ref: unknown, encoding?: 'base64'): Promise<string | undefined> =>
    typeof ref === 'string' && ref ? fs.promises.readFile(path.resolve(root, ref), encoding ?? 'utf8') : Promise.resolve(undefined);
  const scripts: Promise<void>[] = [];
  const readScript = (owner: Dict | undefined, key: string) => {
    if (owner && typeof owner[key] === 'string') scripts.push(read(owner[key]).then((text) => void (owner[key] = text)));
  };
  readScript(body.identifier as Dict | undefined, 'extractScript');
  readScript(body.identifier as Dict | undefined, 'fallbackHandlerScript');
  readScript((body.configuration as Dict | undefined)?.identifier as Dict | undefined, 'linkTemplateScript');
  for (const c of Object.values((body.configurations ?? {}) as Record<string, Dict>))
    readScript(c.identifier as Dict | undefined, 'linkTemplateScript');
  const interfaces: Record<string, Dict> = {};
  const resolved = Object.entries(evaluation.extras?.interfaces ?? {}).map(async ([alias, i]) => {
    const id = i.id ?? (await findInterface(client, i.name, i.version, signal));
    interfaces[alias] = { id, entities: i.entities ?? {}, actions: i.actions ?? {}, events: i.events ?? {}, channels: i.channels ?? {} };
  });
  const [readme, icon] = await Promise.all([
    typeof body.readme === 'string' ? fs.promises.readFile(fileInsideFolder(root, 'readme', body.readme)) : undefined,
    typeof body.icon === 'string' ? fs.promises.readFile(fileInsideFolder(root, 'icon', body.icon)) : undefined,
    ...scripts,
    ...resolved,
  ]);
  if (Object.keys(interfaces).length) body.interfaces = interfaces;
  if (evaluation.extras?.sdkVersion) body.sdkVersion = evaluation.extras.sdkVersion;
  return { body, files: encodedFiles({ readme, icon }), sizes: { readme: readme?.length, icon: icon?.length } };
}

/** Looks the version up (its known secrets matter to the questions), bundles, and plans create or update. */
export async function prepareSdkIntegration(
  client: BotpressClient,
  source: SdkDeploySource,
  secrets: (existing: Integration | undefined) => Promise<SecretValues>,
  options: { signal?: AbortSignal; code?: Promise<Bundle>; name?: string } = {},
): Promise<PreparedIntegration> {
  const { signal } = options;
  // The name it deploys under (`<handle>/<name>`, see handle.ts), else the definition's.
  const name = options.name ?? String(source.evaluation.body?.name ?? '');
  const version = String(source.evaluation.body?.version ?? '');
  const [code, existing, { body, files, sizes }] = await Promise.all([
    options.code ?? bundleSdkCode(source),
    existingVersion(client, name, version, signal),
    sdkIntegrationBody(client, source.evaluation, signal),
  ]);
  if (signal?.aborted) throw new CancelledError();
  body.name = name;
  const values = await secrets(existing);
  const plan = existing
    ? planUpdate(updateIntegrationShape, requestBody(body, 'updateIntegration'), existing as unknown as Dict)
    : planUpdate(updateIntegrationShape, requestBody(body, 'createIntegration'), undefined);
  if (Object.keys(values).length) plan.body.secrets = values;
  return { name, version, existing, plan, code, files: { ...files, ...encodedFiles({ code: code.code }) }, sizes };
}
