// The local emulator: one HTTP server answering like Botpress Cloud (/v1), the Chat API
// (/chat/{webhookId}) and Botmock (/botmock/api), from an in-memory world. Every Cloud request is
// checked against the official request schema and every Cloud response against the official response
// schema. See README.md in this folder.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ValidateFunction } from 'ajv';
import { botmockRoute } from './botmock';
import { ChatService } from './chat';
import { cloudHandlers, type CloudHandler, type IntegrationAction } from './cloud';
import { integrationDryRunHandlers } from './integration-dry-run';
import { workspaceHandlers } from './workspaces';
import { issueHandlers } from './issues';
import { versionHandlers } from './versions';
import { analyticsHandlers } from './analytics';
import { usageHandlers } from './usage';
import { FaultInjector, type Faults } from './faults';
import { Random } from './random';
import { Runtime, type RuntimeLimits } from './runtime';
import { isTablesPath, tableFile } from './tables';
import { seed, type SeedName } from './seed';
import { ApiError, SpecValidators, describeErrors, findRoute, routeTable } from './spec';
import { Store } from './store';
import { Persistence, readSnapshot, restore } from './persist';

export type { Faults } from './faults';
export { parseFaults } from './faults';
export type { Store } from './store';
export type { LogLine } from './logs';

export interface EmulatorOptions {
  /** 0 (default): any free port. */
  port?: number;
  host?: '127.0.0.1';
  /** The personal access token (and Botmock token) the emulator accepts. Default `demo-token`. */
  token?: string;
  seed?: SeedName;
  faults?: Faults;
  /** Log lines per second per bot and per integration. Default 2. */
  logRate?: number;
  /** How far back the log stream goes at start, in ms. Default 24 h. */
  logHistoryMs?: number;
  /** Answer 500 instead of sending a response that breaks its official schema (default true). */
  strict?: boolean;
  /** The demo answer's reply delay range in ms (bots without deployed code). Default [100, 300]. */
  replyDelayMs?: [number, number];
  /** Limits of the processes deployed bot code runs in. */
  runtime?: RuntimeLimits;
  /** Keeps the world in this folder (persist.ts): read at start instead of `seed` when it holds one, written on changes. */
  dataDir?: string;
  /**
   * The Chat API's shared encryption key (the chat integration's `AUTH_ENCRYPTION_KEY` secret): it signs the
   * user keys `createUser` returns, so a client holding it can sign its own. Default: a random one.
   */
  chatKey?: string;
}

export interface Emulator {
  url: string;
  token: string;
  store: Store;
  /** Runs deployed bot code (which bots have a process now: `runtime.processes()`). */
  runtime: Runtime;
  /** Replaces the fault rates while running (e.g. to heal the server mid-test). */
  setFaults(faults: Faults): void;
  close(): Promise<void>;
}

const maxBodyBytes = 50 * 1024 * 1024;
const handlers: Record<string, CloudHandler> = {
  ...cloudHandlers,
  ...integrationDryRunHandlers,
  ...workspaceHandlers,
  ...issueHandlers,
  ...versionHandlers,
  ...analyticsHandlers,
  ...usageHandlers,
};

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const token = opts.token ?? 'demo-token';
  const strict = opts.strict ?? true;
  const snapshot = opts.dataDir ? readSnapshot(opts.dataDir) : undefined;
  // A restored world draws new ids from another sequence than the one that made it.
  const idSeed = snapshot ? Math.floor(Math.random() * 2 ** 31) : 42;
  const store = new Store({ seed: idSeed, logRate: opts.logRate ?? 2, logHistoryMs: opts.logHistoryMs ?? 86_400_000 });
  if (snapshot) restore(store, snapshot);
  else seed(store, opts.seed ?? 'demo');
  const persistence = opts.dataDir ? new Persistence(store, opts.dataDir) : undefined;
  persistence?.flush();
  if (persistence) store.messageListeners.add(() => persistence.changed());
  const validators = new SpecValidators();
  const routes = routeTable();
  const random = new Random(1234);
  const [minDelay, maxDelay] = opts.replyDelayMs ?? [100, 300];
  let url = '';
  const runtime = new Runtime(
    store,
    () => url,
    () => minDelay + random.int(Math.max(1, maxDelay - minDelay)),
    opts.runtime,
  );
  const chat = new ChatService(store, runtime, opts.chatKey);
  const integrationAction: IntegrationAction = (record, integration, action, input) => {
    if (integration === 'chat') return chat.action(record, action, input);
    throw new ApiError(
      'Runtime',
      `Integration "${integration}" does not run in the emulator: action ${integration}:${action} was not executed`,
    );
  };
  const faults = new FaultInjector(opts.faults ?? {}, new Random(99));
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const error =
        err instanceof ApiError
          ? err
          : err instanceof URIError
            ? new ApiError('InvalidPayload', `Malformed URL: ${req.url}`)
            : new ApiError('Internal', err instanceof Error ? err.message : String(err));
      if (!res.headersSent) sendJson(res, error.status, error.body());
      else res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const fault = await faults.decide();
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === '429') {
      res.setHeader('retry-after', '1');
      const e = new ApiError('RateLimited', 'Too many requests, retry in 1 second');
      return sendJson(res, e.status, e.body());
    }
    if (fault === '5xx') {
      const e = new ApiError('Internal', 'The server had a transient failure (injected fault)');
      return sendJson(res, [500, 502, 503][random.int(3)], e.body());
    }
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    if (persistence && method !== 'GET') res.once('finish', () => persistence.changed());
    if (url.pathname.startsWith('/file-content/')) return store.files.serveContent(method, url.pathname, bytes, res);
    if (url.pathname.startsWith('/bot-versions/') && method === 'GET') return store.versions.serve(url.pathname, res);

    if (url.pathname.startsWith('/botmock/api')) {
      if (bearer(req) !== token) return sendJson(res, 401, { error: true, message: 'Unauthorized: missing or wrong API token' });
      const reply = botmockRoute(store.botmock, method, url.pathname.slice('/botmock/api'.length));
      return sendJson(res, reply.status, reply.body);
    }

    const chatMatch = /^\/chat\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (chatMatch) {
      const record = store.botByWebhook(decodeURIComponent(chatMatch[1]));
      if (!record) throw new ApiError('ResourceNotFound', `No bot has the chat integration with webhook id "${chatMatch[1]}"`);
      const reply = chat.handle(record, {
        method,
        path: chatMatch[2] ?? '/',
        query: url.searchParams,
        userKey: header(req, 'x-user-key'),
        body: parseJson(raw),
        res,
      });
      if (reply) sendJson(res, reply.status ?? 200, reply.body);
      return;
    }

    const file = method === 'GET' && bearer(req) === token ? tableFile(store, url.pathname) : undefined;
    if (file) return void res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.content.length }).end(file.content);
    const match = findRoute(routes, method, url.pathname);
    if (!match) throw new ApiError('ResourceNotFound', `No route ${method} ${url.pathname}`);
    const [name, values] = match;
    const handler = handlers[name];
    if (!handler) throw new ApiError('MethodNotFound', `Operation ${name} is not emulated`);
    const credential = bearer(req);
    const tokenBot = credential === undefined || credential === token ? undefined : runtime.botOfToken(credential);
    if (credential !== token && !tokenBot) throw new ApiError('Unauthorized', 'Invalid or missing personal access token');

    const compiled = validators.compiled(name);
    const { op } = compiled;
    // A deployed bot's token is good for that bot's runtime operations only.
    if (tokenBot && (!botScoped(op) || header(req, 'x-bot-id') !== tokenBot)) {
      throw new ApiError('Forbidden', 'This bot token can only be used for the runtime operations of its own bot');
    }
    const params = Object.fromEntries(compiled.pathParams.map((p, i) => [p, decodeURIComponent(values[i])]));
    const query = validators.typedQuery(op, parseQuery(url.search.slice(1)));
    if (op.requestBody && raw.trim() && !/^application\/(.+\+)?json\b/i.test(header(req, 'content-type') ?? '')) {
      throw new ApiError(
        'UnsupportedMediaType',
        `Request bodies must be application/json, got "${header(req, 'content-type') ?? 'nothing'}"`,
      );
    }
    const body = op.requestBody ? parseJson(raw) : {};
    check(compiled.validateParams, params, 'path');
    check(compiled.validateQuery, query, 'query');
    if (compiled.validateBody) check(compiled.validateBody, body, 'body');

    const byAlias = header(req, 'x-multiple-integrations') !== undefined;
    const call = { store, params, query, body, runtime, integrationAction, byAlias, headers: req.headers, ...scope(op, req) };
    const result = handler(call);
    if (!compiled.validateResponse(result)) {
      const problem = `${name}: ${describeErrors(compiled.validateResponse, 'response')}`;
      store.violations.push(problem);
      if (strict) throw new ApiError('Internal', `The emulator produced a response that breaks the official schema: ${problem}`);
    }
    store.served.set(name, (store.served.get(name) ?? 0) + 1);
    sendJson(res, op.response.status ?? 200, result);
  }

  /** Admin operations on bots and integrations need an existing `x-workspace-id`; runtime ones an `x-bot-id`. */
  function scope(op: { path: string; section: string }, req: IncomingMessage) {
    const section = op.section;
    if (botScoped(op)) {
      const botId = header(req, 'x-bot-id');
      if (!botId) throw new ApiError('InvalidPayload', 'The x-bot-id header is required for runtime operations');
      const bot = store.bots.get(botId);
      if (!bot) throw new ApiError('ResourceNotFound', `Bot "${botId}" doesn't exist`);
      return { bot };
    }
    if (['bot', 'integration', 'plugin', 'interface'].includes(section)) {
      const workspaceId = header(req, 'x-workspace-id');
      if (!workspaceId) throw new ApiError('InvalidPayload', 'The x-workspace-id header is required for this operation');
      if (!store.workspace(workspaceId)) throw new ApiError('ResourceNotFound', `Workspace "${workspaceId}" doesn't exist`);
      return { workspaceId };
    }
    return {};
  }

  function check(validate: ValidateFunction, value: unknown, where: string): void {
    if (!validate(value)) throw new ApiError('InvalidPayload', describeErrors(validate, where));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://127.0.0.1:${address.port}`;
  store.files.baseUrl = url;
  return {
    url,
    token,
    store,
    runtime,
    setFaults: (f) => faults.set(f),
    close: () =>
      new Promise<void>((resolve) => {
        chat.close();
        runtime.close();
        persistence?.save();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** Runtime operations, scoped to the bot named by `x-bot-id` (a deployed bot's token is good for these only). */
/** Runtime operations: a bot's conversations and the rest of /v1/chat, its tables and its files (`x-bot-id`, a bot token works). */
const botScoped = (op: { path: string; section: string }) =>
  op.path.startsWith('/v1/chat/') || isTablesPath(op.path) || op.section === 'files';

/** A query string as qs (`allowDots`, repeated keys for arrays) writes it; brackets are read too. */
function parseQuery(search: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(search)) {
    const path = rawKey
      .replace(/\[([^\]]*)\]/g, '.$1')
      .split('.')
      .filter(Boolean);
    let target = out;
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    const prev = target[last];
    target[last] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new ApiError('PayloadTooLarge', `Request bodies are limited to ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(raw: string): Record<string, unknown> {
  if (!raw.trim()) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch (e) {
    throw new ApiError('InvalidPayload', `The body is not valid JSON: ${(e as Error).message}`);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
