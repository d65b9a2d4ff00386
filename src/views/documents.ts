import { yaml } from '../libraries';
import * as vscode from 'vscode';
import { ApiError, describeError } from '../api/errors';
import type { Services } from '../services';
import { parseResourcePath, resourcePath, type BotpressResource, type DocumentFormat } from './botpress/resources';
import { UriScheme } from '../ids';
import { redactBot } from '../core/deploy';
import { integrationSchemas } from './botpress/botDefinition';
import { issueDocument, stableJson } from '../core/issues';

/**
 * Read-only documents of remote resources, formatted as YAML or JSON:
 *   botpress:/…  any Botpress resource (paths in ./botpress/resources.ts), in the path or, when the
 *                path holds the resource's names (`/Acme Support/Bots/support-bot.yaml`), in the query
 *   botmock:/teams/{t}.yaml, botmock:/teams/{t}/projects/{p}.yaml,
 *   botmock:/teams/{t}/projects/{p}/boards/{b}.yaml, …/{intents|entities|variables}.yaml
 * A document is fetched once when opened and again on "Refresh" (`botpress.refreshDocument`).
 */

/**
 * The document of a resource. `names` title it: the tab shows the last one (`support-bot.yaml`), the
 * breadcrumb the others (workspace, folders); the resource's address, with its ids, is the query.
 */
export function botpressDocumentUri(resource: BotpressResource, format: DocumentFormat, names?: string[]): vscode.Uri {
  const address = resourcePath(resource, format);
  if (!names?.length) return vscode.Uri.from({ scheme: UriScheme.botpress, path: address });
  const path = names.map((n) => n.replace(/[/\\]/g, '-') || '-').join('/');
  return vscode.Uri.from({ scheme: UriScheme.botpress, path: `/${path}.${format}`, query: address });
}

/**
 * Formats a resource, its `id` and `name` first (the API's own key order buries them). A bot's signing
 * secret is left out: documents get copied and shared, and the dashboard shows it when needed.
 */
function serialize(resource: unknown, format: DocumentFormat): string {
  if (resource instanceof Verbatim) return resource.text;
  const value = isRecord(resource) ? { id: resource.id, name: resource.name, ...resource } : resource;
  if (isRecord(value)) {
    for (const key of ['id', 'name']) if (value[key] === undefined) delete value[key];
    if (typeof value.signingSecret === 'string') value.signingSecret = '(hidden: see the Botpress dashboard)';
  }
  return format === 'json'
    ? `${JSON.stringify(value, null, 2)}\n`
    : yaml().stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** A document's text as the fetch made it (the bot JSON, key-sorted). */
class Verbatim {
  constructor(readonly text: string) {}
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function fetchBotpress(services: Services, resource: BotpressResource): Promise<unknown> {
  switch (resource.kind) {
    case 'workspace':
      return (await services.botpress()).getWorkspace({ id: resource.workspaceId });
    case 'bot': {
      const client = await services.botpress({ workspaceId: resource.workspaceId });
      const { bot } = await client.getBot({ id: resource.botId });
      // Configurations shown with their secrets as `$secret: keep`, as a pulled definition has them.
      return redactBot(bot, await integrationSchemas(client, bot));
    }
    case 'botPart': {
      const client = await services.botpress({ workspaceId: resource.workspaceId });
      const bot = await client
        .getBot({ id: resource.botId })
        .then(async (r) => (resource.part === 'integrations' ? redactBot(r.bot, await integrationSchemas(client, r.bot)) : r.bot));
      const tagsOf = /^(user|conversation|message)Tags$/.exec(resource.part)?.[1] as 'user' | 'conversation' | 'message' | undefined;
      const record = (tagsOf ? bot[tagsOf]?.tags : bot[resource.part as 'states' | 'events' | 'actions' | 'integrations' | 'plugins']) as
        Record<string, unknown> | undefined;
      return entry(record, resource.name, `${resource.part} of bot ${bot.name}`);
    }
    case 'stateValue': {
      const client = await services.botpress({ workspaceId: resource.workspaceId, botId: resource.botId });
      return (await client.getState({ type: resource.type, id: resource.id, name: resource.name })).state;
    }
    case 'conversation': {
      const client = await services.botpress({ workspaceId: resource.workspaceId, botId: resource.botId });
      return (await client.getConversation({ id: resource.conversationId })).conversation;
    }
    case 'integration':
      return (await (await services.botpress({ workspaceId: resource.workspaceId })).getIntegration({ id: resource.integrationId }))
        .integration;
    case 'integrationPart': {
      const client = await services.botpress({ workspaceId: resource.workspaceId });
      const { integration } = await client.getIntegration({ id: resource.integrationId });
      return entry(
        integration[resource.part] as Record<string, unknown> | undefined,
        resource.name,
        `${resource.part} of ${integration.name}`,
      );
    }
    case 'hubIntegration':
      return (await (await services.botpress()).getPublicIntegration({ name: resource.name, version: resource.version })).integration;
    case 'package':
    case 'hubPackage':
      return fetchPackage(services, resource);
    case 'issue': {
      const client = await services.botpress({ workspaceId: resource.workspaceId });
      const ref = { id: resource.botId, issueId: resource.issueId };
      const [{ issue }, { issueEvents }] = await Promise.all([client.getBotIssue(ref), client.listBotIssueEvents(ref)]);
      return issueDocument(issue, issueEvents);
    }
    case 'botJson':
      return new Verbatim(stableJson(await botJson(services, resource)));
  }
}

/** A bot's JSON now (getBotJson), or a version's (the JSON at getBotVersion's signed url). */
export async function botJson(services: Services, r: Extract<BotpressResource, { kind: 'botJson' }>): Promise<unknown> {
  const client = await services.botpress({ workspaceId: r.workspaceId });
  if (r.versionId === undefined) return client.getBotJson({ id: r.botId });
  const { url } = await client.getBotVersion({ id: r.botId, versionId: r.versionId });
  const bytes = await client.downloadFile(url);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new Error(`The bot JSON of version ${r.versionId} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function fetchPackage(services: Services, r: Extract<BotpressResource, { kind: 'package' | 'hubPackage' }>): Promise<unknown> {
  if (r.kind === 'hubPackage') {
    const client = await services.botpress();
    const ref = { name: r.name, version: r.version };
    return r.type === 'plugin' ? (await client.getPublicPlugin(ref)).plugin : (await client.getPublicInterface(ref)).interface;
  }
  const client = await services.botpress({ workspaceId: r.workspaceId });
  return r.type === 'plugin' ? (await client.getPlugin({ id: r.id })).plugin : (await client.getInterface({ id: r.id })).interface;
}

function entry(record: Record<string, unknown> | undefined, name: string, where: string): unknown {
  if (!record || !Object.hasOwn(record, name)) throw vscode.FileSystemError.FileNotFound(`No "${name}" among the ${where}.`);
  return { [name]: record[name] };
}

async function fetchBotmock(services: Services, path: string): Promise<unknown> {
  const m = /^\/teams\/([^/]+)(?:\/projects\/([^/]+)(?:\/(boards)\/([^/]+)|\/(intents|entities|variables))?)?$/.exec(path);
  if (!m) return undefined;
  const [teamId, projectId, , boardId, list] = [m[1], m[2], m[3], m[4], m[5]].map((s) => s && decodeURIComponent(s));
  const client = await services.botmock();
  if (!projectId) return client.getTeam(teamId);
  const ref = { teamId, projectId };
  if (boardId) return client.getBoard({ ...ref, boardId });
  if (list === 'intents') return client.listIntents(ref);
  if (list === 'entities') return client.listEntities(ref);
  if (list === 'variables') return client.listVariables(ref);
  return client.getProject(ref);
}

interface Cached {
  content: Promise<Uint8Array>;
  mtime: number;
}

export class ResourceDocumentProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly services: Services) {}

  /** Fetches the document again; an open editor shows the new content. */
  refresh(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
    this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const cached = this.load(uri);
    const content = await cached.content;
    return {
      type: vscode.FileType.File,
      ctime: cached.mtime,
      mtime: cached.mtime,
      size: content.byteLength,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.load(uri).content;
  }

  private load(uri: vscode.Uri): Cached {
    const key = uri.toString();
    let cached = this.cache.get(key);
    if (!cached) {
      const content = this.fetch(uri);
      cached = { content, mtime: Date.now() };
      this.cache.set(key, cached);
      content.catch(() => this.cache.get(key) === cached && this.cache.delete(key));
    }
    return cached;
  }

  private async fetch(uri: vscode.Uri): Promise<Uint8Array> {
    const format: DocumentFormat = uri.path.endsWith('.json') ? 'json' : 'yaml';
    let value: unknown;
    try {
      if (uri.scheme === UriScheme.botmock) value = await fetchBotmock(this.services, uri.path.replace(/\.(json|yaml)$/, ''));
      else {
        const parsed = parseResourcePath(uri.query || uri.path);
        value = parsed && (await fetchBotpress(this.services, parsed.resource));
      }
    } catch (err) {
      if (err instanceof vscode.FileSystemError) throw err;
      if (err instanceof ApiError && err.status === 404) throw vscode.FileSystemError.FileNotFound(`${uri.path}: ${describeError(err)}`);
      throw vscode.FileSystemError.Unavailable(`Could not load ${uri.path}: ${describeError(err)}`);
    }
    if (value === undefined) throw vscode.FileSystemError.FileNotFound(`${uri.scheme}:${uri.path} names no resource.`);
    return new TextEncoder().encode(serialize(value, format));
  }

  // A read-only file system: no folders, no writes.
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  readDirectory(): never {
    throw vscode.FileSystemError.FileNotADirectory();
  }
  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions('Remote resource documents are read-only.');
  }
  writeFile(): never {
    throw vscode.FileSystemError.NoPermissions('Remote resource documents are read-only: edit the definition file and deploy it instead.');
  }
  delete(): never {
    throw vscode.FileSystemError.NoPermissions('Remote resource documents are read-only.');
  }
  rename(): never {
    throw vscode.FileSystemError.NoPermissions('Remote resource documents are read-only.');
  }

  dispose(): void {
    this.changes.dispose();
    this.cache.clear();
  }
}

/** Serves the read-only resource documents (`services.documents`) under their schemes (read-only, case-sensitive). */
export function registerResourceDocuments(_context: vscode.ExtensionContext, services: Services): void {
  services.contributions.fileSystemProvider(UriScheme.botpress, services.documents);
  services.contributions.fileSystemProvider(UriScheme.botmock, services.documents);
}
