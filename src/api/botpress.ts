// The Botpress Cloud client: one method per official operation (`listBots`, `getBot`, `getBotLogs`, …),
// each `(input, { signal }?) => Promise<output>` with types generated from the spec, sent the way the
// official @botpress/client sends them: `Authorization: Bearer <token>`, `x-workspace-id` on admin
// operations, `x-bot-id` (and `x-integration-id` when set) on runtime ones; path, query and header
// parameters and the body's fields taken from one flat input object.
//
//   const client = new BotpressClient({ token, http }).withWorkspace(workspaceId);
//   for await (const bot of client.iterate('listBots')) …
//   const { items, nextToken } = await client.page('listBots', { nextToken });   // a page at a time, for "Load more…"
import {
  Operations,
  operations,
  type ListItemTypes,
  type ListOperationName,
  type OperationName,
  type OperationTypes,
  type Bot,
  type Integration,
  type Workspace,
  type Conversation,
  type Message,
  type User,
  type Event,
  type State,
} from '../generated/api';
import { HttpClient, assertSecureUrl, type CallOptions } from './http';
import { items, pages, readPage, type Page } from './paging';
import { encodeQuery } from './query';
import { Setting } from '../ids';

export type { Bot, Integration, Workspace, Conversation, Message, User, Event, State, OperationName, ListOperationName, CallOptions, Page };
/** The input of an operation, e.g. `Input<'listBots'>`. */
export type Input<K extends OperationName> = OperationTypes[K]['input'];
/** The output of an operation, e.g. `Output<'getBot'>`. */
export type Output<K extends OperationName> = OperationTypes[K]['output'];
/** One item of a paged operation, e.g. `ListItem<'listBots'>` (the summary a list returns). */
export type ListItem<K extends ListOperationName> = ListItemTypes[K];

/** The input may be left out when none of its fields is required. */
type ListArgs<K extends ListOperationName> =
  Record<never, never> extends Input<K> ? [input?: Input<K>, options?: CallOptions] : [input: Input<K>, options?: CallOptions];

export const defaultApiUrl = 'https://api.botpress.cloud';

export interface BotpressClientOptions {
  /** Defaults to https://api.botpress.cloud. Plain http is refused except on loopback. */
  apiUrl?: string;
  /** A personal access token (or bot token); sent only in the Authorization header, never logged. */
  token: string;
  workspaceId?: string;
  botId?: string;
  /** Sent as `x-integration-id` on runtime operations, when acting as an integration. */
  integrationId?: string;
  /** The request core to share (one keep-alive pool per origin); a private one is made when absent. */
  http?: HttpClient;
}

export class BotpressClient extends Operations {
  private readonly options: BotpressClientOptions & { http: HttpClient };
  private readonly baseUrl: string;

  constructor(options: BotpressClientOptions) {
    super();
    this.options = { ...options, http: options.http ?? new HttpClient() };
    this.baseUrl = (options.apiUrl ?? defaultApiUrl).replace(/\/+$/, '');
    assertSecureUrl(this.baseUrl);
  }

  get workspaceId(): string | undefined {
    return this.options.workspaceId;
  }

  get botId(): string | undefined {
    return this.options.botId;
  }

  /** The API this client talks to (a loopback one is the local emulator). */
  get apiUrl(): string {
    return this.baseUrl;
  }

  /** The same account, bound to a workspace for admin operations. */
  withWorkspace(workspaceId: string): BotpressClient {
    return new BotpressClient({ ...this.options, workspaceId });
  }

  /** The same account, bound to a bot for runtime operations (users, conversations, messages, events, states). */
  withBot(botId: string): BotpressClient {
    return new BotpressClient({ ...this.options, botId });
  }

  /** Pages of a list operation, from `input.nextToken` when given; each page carries the token to resume. */
  pages<K extends ListOperationName>(name: K, ...[input, options]: ListArgs<K>): AsyncGenerator<Page<ListItem<K>, Output<K>>> {
    const list = operations[name].list!;
    const start = (input as { nextToken?: string } | undefined)?.nextToken;
    const fetchPage = (nextToken: string | undefined) => this.call(name, { ...input, nextToken } as Input<K>, options);
    return pages(fetchPage, readPage<ListItem<K>, Output<K>>(list.items, list.tokenAt), start);
  }

  /** One page of a list operation, from `input.nextToken` when given (a "Load more…" list's next page). */
  async page<K extends ListOperationName>(name: K, ...args: ListArgs<K>): Promise<Page<ListItem<K>, Output<K>>> {
    const { value } = await this.pages(name, ...args).next();
    return value!; // the first page is always yielded
  }

  /** Every item of a list operation, fetching pages as they are needed. */
  iterate<K extends ListOperationName>(name: K, ...args: ListArgs<K>): AsyncGenerator<ListItem<K>> {
    return items(this.pages(name, ...args));
  }

  /**
   * Uploads a file as the official client's `uploadFile` does: upsertFile (the key, size, tags, metadata,
   * index), then a PUT of the bytes to the `uploadUrl` it answers (a pre-signed URL: no token is sent there).
   */
  async uploadFile(
    input: Omit<Input<'upsertFile'>, 'size'> & { content: Uint8Array | string },
    options: CallOptions = {},
  ): Promise<Output<'upsertFile'>['file']> {
    const { content, ...rest } = input;
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const { file } = await this.upsertFile({ ...rest, size: bytes.byteLength }, options);
    await this.options.http.request({
      method: 'PUT',
      url: file.uploadUrl,
      headers: { 'content-type': file.contentType },
      bytes,
      binary: true, // whatever the storage answers (S3: XML or nothing) is not read
      signal: options.signal,
      operation: 'uploadFile',
    });
    return { ...file, size: bytes.byteLength };
  }

  /** The bytes of a file, from the (pre-signed) `url` getFile answers: no token is sent there. */
  async downloadFile(url: string, options: CallOptions = {}): Promise<Buffer> {
    const res = await this.options.http.request<Buffer>({
      method: 'GET',
      url,
      binary: true,
      signal: options.signal,
      operation: 'downloadFile',
    });
    return res.body ?? Buffer.alloc(0);
  }

  protected override async call<K extends OperationName>(name: K, input: Input<K>, options: CallOptions = {}): Promise<Output<K>> {
    const op = operations[name];
    const values = input as Record<string, unknown>;
    const path = op.path.replace(/\{(\w+)\}/g, (_, param: string) => {
      const value = values[param];
      if (value === undefined || value === null || value === '') throw new TypeError(`${name}: "${param}" is required.`);
      return encodeURIComponent(String(value));
    });
    const query = encodeQuery(Object.fromEntries(op.queryParams.map((q) => [q, values[q]])));
    // As the official CLI: a bot's `integrations` keyed by alias, in requests and responses.
    const headers: Record<string, string | undefined> = {
      authorization: `Bearer ${this.options.token}`,
      'x-multiple-integrations': 'true',
    };
    if (op.path.startsWith('/v1/admin/')) {
      if (!op.withoutWorkspace) headers['x-workspace-id'] = this.options.workspaceId;
    } else {
      headers['x-bot-id'] = this.options.botId;
      headers['x-integration-id'] = this.options.integrationId;
    }
    for (const h of op.headerParams) headers[h] = values[h] === undefined ? undefined : String(values[h]);
    const body = op.bodyParams && Object.fromEntries(op.bodyParams.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
    const res = await this.options.http.request<Output<K>>({
      method: op.method,
      url: `${this.baseUrl}${path}${query ? `?${query}` : ''}`,
      headers,
      body: body ?? undefined,
      signal: options.signal,
      operation: name,
      setting: Setting.botpressApiUrl,
    });
    return res.body ?? ({} as Output<K>);
  }
}
