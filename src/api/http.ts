// The request core every client of this folder is built on: undici with one keep-alive pool per origin
// (through a proxy when one is configured), JSON in and out, timeouts, cancellation, and retries that
// respect what the server asks for.
//
// Retry rules:
// - 429 is retried for every method (the request was not processed), after the server's `Retry-After`
//   (seconds or an HTTP date), `ratelimit-reset` or `x-ratelimit-reset`, else after a backoff;
// - network errors and 500/502/503/504 are retried for idempotent methods only;
// - backoff is exponential with full jitter; attempts and the total time spent waiting are capped;
// - nothing is retried once the caller aborts; timeouts, redirects, certificate failures, bodies that are
//   not JSON and bodies over the size cap are not retried (another attempt would end the same way).
//
// What an answer must be to pass: a status below 300 (redirects are never followed: the token would go
// where the server says), a JSON body (or none), at most `maxBodyBytes`, all within `requestTimeoutMs`.
import type { Dispatcher } from 'undici';
import { undici } from '../libraries';
import {
  CancelledError,
  CertificateError,
  InsecureUrlError,
  NetworkError,
  NotJsonError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  toApiError,
} from './errors';

/** Options of one call, for every client method. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per attempt. */
  baseDelayMs: number;
  /** Largest single backoff. */
  maxDelayMs: number;
  /** Most time spent waiting across all retries of one request; a longer wait fails at once instead. */
  maxTotalWaitMs: number;
}

/**
 * Where requests go out: VS Code's `http.proxy`, `http.noProxy` and `http.proxyStrictSSL`, read by the
 * extension and passed in, over the `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` environment.
 */
export interface ProxyOptions {
  /** A proxy for every request (`http.proxy`); else `HTTPS_PROXY` for https and `HTTP_PROXY` for http. */
  url?: string;
  /** Hosts reached directly (`http.noProxy`), beside those of `NO_PROXY`: `host`, `.domain`, `host:port`, `*`. */
  noProxy?: string[];
  /** False accepts certificates that do not verify (`http.proxyStrictSSL: false`). Default true. */
  strictSSL?: boolean;
  /** The environment to read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export interface HttpOptions {
  /** Time to wait for the response headers. */
  headersTimeoutMs?: number;
  /** Longest silence while reading the body. */
  bodyTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Longest time one attempt may take from sending to the last byte of the body, however it trickles. */
  requestTimeoutMs?: number;
  /** Largest response body read (default 64 MB); a larger one fails at once and is not retried. */
  maxBodyBytes?: number;
  retry?: Partial<RetryPolicy>;
  proxy?: ProxyOptions;
  /** Receives one line per attempt, with credentials redacted. */
  debug?: (line: string) => void;
  /** Source of randomness for the jitter (tests make it fixed). */
  random?: () => number;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as they are, with the request's own `content-type` (an upload to a file's `uploadUrl`). */
  bytes?: Uint8Array;
  /** The response body is returned as a Buffer, unparsed (a download). */
  binary?: boolean;
  signal?: AbortSignal;
  /** The operation's name, carried into errors and debug lines. */
  operation?: string;
  /** The setting the URL comes from (e.g. `botpress.apiUrl`), named by errors that point at it. */
  setting?: string;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8_000, maxTotalWaitMs: 30_000 };
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
const SECRET_HEADERS = new Set(['authorization', 'x-user-key', 'x-bp-secret', 'cookie']);
const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** OpenSSL's codes for a certificate that does not verify. */
const CERTIFICATE_CODES =
  /^(?:CERT_|ERR_TLS_CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(?:VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT(?:_LOCALLY)?|DECRYPT_CERT_SIGNATURE)$|HOSTNAME_MISMATCH$)/;

/** localhost, 127.x.x.x or [::1] (a URL's `hostname`). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || LOOPBACK_IPV4.test(host);
}

/** Throws InsecureUrlError unless the URL is https, or http to a loopback host. */
export function assertSecureUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InsecureUrlError(String(url));
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return parsed;
  throw new InsecureUrlError(`${parsed.protocol}//${parsed.host}`);
}

/** A copy of the headers safe to print: credentials replaced by `[redacted]`. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, SECRET_HEADERS.has(k.toLowerCase()) ? '[redacted]' : v]));
}

/**
 * Seconds the server asked to wait, from `Retry-After` (seconds or HTTP date), `ratelimit-reset` (seconds)
 * or `x-ratelimit-reset` (seconds, or a Unix time when large). Undefined when none is usable.
 */
export function retryAfterSeconds(headers: HttpResponse['headers'], now = Date.now()): number | undefined {
  const retryAfter = firstHeader(headers, 'retry-after');
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000);
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset']) {
    const v = firstHeader(headers, name);
    if (!v || !/^\d+(\.\d+)?$/.test(v)) continue;
    const n = Number(v);
    return n > 1e9 ? Math.max(0, n - now / 1000) : n;
  }
  return undefined;
}

function firstHeader(headers: HttpResponse['headers'], name: string): string | undefined {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim();
}

/** Resolves after `ms`, or rejects with CancelledError as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError({ cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError({ cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The dispatcher for a proxy configuration: direct, or through the proxy for hosts not excluded. */
function createDispatcher(proxy: ProxyOptions, timeouts: { connect: number }): Dispatcher {
  const env = proxy.env ?? process.env;
  const pick = (...names: string[]) => names.map((n) => env[n]?.trim()).find((v) => v);
  const url = proxy.url?.trim() || undefined;
  const httpProxy = url ?? pick('http_proxy', 'HTTP_PROXY') ?? '';
  const httpsProxy = url ?? pick('https_proxy', 'HTTPS_PROXY') ?? httpProxy;
  const noProxy = [pick('no_proxy', 'NO_PROXY') ?? '', ...(proxy.noProxy ?? [])].join(',');
  const tls = { rejectUnauthorized: proxy.strictSSL !== false, timeout: timeouts.connect };
  const { Agent, EnvHttpProxyAgent } = undici();
  if (!httpProxy && !httpsProxy) return new Agent({ keepAliveTimeout: 30_000, connect: tls });
  return new EnvHttpProxyAgent({ httpProxy, httpsProxy, noProxy, keepAliveTimeout: 30_000, connect: tls, requestTls: tls, proxyTls: tls });
}

/** Why an attempt failed, and whether another may follow. */
interface Failure {
  error: Error;
  retryable: boolean;
  /** The server's requested wait, in ms. */
  waitMs?: number;
}

/**
 * Sends HTTP requests over one keep-alive pool per origin. Create one per extension (or test) and share it
 * between clients; `close()` ends its connections.
 */
export class HttpClient {
  /** Created on the first request, so that constructing a client loads no network code. */
  private agent: Dispatcher | undefined;
  private proxy: ProxyOptions;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly timeouts: { connect: number; headers: number; body: number; request: number };
  private readonly maxBodyBytes: number;

  constructor(private readonly options: HttpOptions = {}) {
    this.timeouts = {
      connect: options.connectTimeoutMs ?? 10_000,
      headers: options.headersTimeoutMs ?? 30_000,
      body: options.bodyTimeoutMs ?? 30_000,
      request: options.requestTimeoutMs ?? 120_000,
    };
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.proxy = options.proxy ?? {};
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  /** Uses another proxy configuration from now on; requests under way finish on the old connections. */
  setProxy(proxy: ProxyOptions): void {
    const old = this.agent;
    this.proxy = proxy;
    this.agent = undefined;
    void old?.close().catch(() => undefined);
  }

  /** Sends a request and returns its parsed JSON body, retrying as the rules above allow. */
  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const url = assertSecureUrl(req.url);
    const method = req.method.toUpperCase();
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw new CancelledError({ cause: req.signal.reason });
      const started = Date.now();
      const outcome = await this.attempt<T>(url, method, req);
      this.log(req, method, url, attempt, started, 'status' in outcome ? String(outcome.status) : outcome.error.message);
      if ('status' in outcome) return outcome;
      if (!outcome.retryable || attempt >= this.policy.maxAttempts) throw outcome.error;
      const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = outcome.waitMs ?? Math.round(this.random() * ceiling);
      if (waited + delay > this.policy.maxTotalWaitMs) throw outcome.error;
      waited += delay;
      await sleep(delay, req.signal);
    }
  }

  /**
   * Opens a streaming response (for server-sent events): no retries, no body timeout unless given, no
   * overall deadline (the stream lives as long as the caller reads it). Error statuses throw the mapped
   * ApiError, redirects a RedirectError; a failure while reading throws NetworkError, TimeoutError or
   * CancelledError. Call `close()` when done reading.
   */
  async stream(req: HttpRequest & { bodyTimeoutMs?: number }): Promise<HttpResponse<AsyncIterable<Uint8Array>> & { close(): void }> {
    const url = assertSecureUrl(req.url);
    const method = req.method.toUpperCase();
    if (req.signal?.aborted) throw new CancelledError({ cause: req.signal.reason });
    const bodyTimeout = req.bodyTimeoutMs ?? 0;
    let res: Dispatcher.ResponseData;
    try {
      res = await this.dispatch(url, method, req, req.signal, bodyTimeout);
    } catch (error) {
      throw this.failure(error, url, method, req.signal, bodyTimeout).error;
    }
    if (res.statusCode >= 300) {
      const body = await this.readBody(res, url, req).catch(() => undefined);
      throw this.statusError(res, body, url, req);
    }
    const chunks = async function* (this: HttpClient): AsyncGenerator<Uint8Array> {
      try {
        yield* res.body;
      } catch (error) {
        throw this.failure(error, url, method, req.signal, bodyTimeout).error;
      }
    }.call(this);
    return { status: res.statusCode, headers: res.headers, body: chunks, close: () => res.body.destroy() };
  }

  /** Ends every pooled connection. */
  close(): Promise<void> {
    return this.agent?.close() ?? Promise.resolve();
  }

  private dispatcher(): Dispatcher {
    return (this.agent ??= createDispatcher(this.proxy, this.timeouts));
  }

  private dispatch(
    url: URL,
    method: string,
    req: HttpRequest,
    signal: AbortSignal | undefined,
    bodyTimeout = this.timeouts.body,
  ): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
    let body: string | Uint8Array | undefined;
    if (req.bytes) body = req.bytes;
    else if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    return this.dispatcher().request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      signal,
      headersTimeout: this.timeouts.headers,
      bodyTimeout,
    });
  }

  private async attempt<T>(url: URL, method: string, req: HttpRequest): Promise<HttpResponse<T> | Failure> {
    // The overall deadline. Racing a timer (rather than passing undici one more signal) keeps the common
    // case cheap; when it fires, the response under way is destroyed, or dropped as soon as it arrives.
    let expired = false;
    let res: Dispatcher.ResponseData | undefined;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        expired = true;
        res?.body.destroy();
        reject(new TimeoutError(url.href, 'request', this.timeouts.request));
      }, this.timeouts.request);
    });
    deadline.catch(() => undefined);
    const sent = this.dispatch(url, method, req, req.signal);
    sent.then(
      (r) => expired && r.body.destroy(),
      () => undefined,
    );
    try {
      res = await Promise.race([sent, deadline]);
      const body = await Promise.race([this.readBody(res, url, req), deadline]);
      if (res.statusCode < 300) {
        if (typeof body === 'string')
          return {
            error: new NotJsonError(url.href, res.statusCode, String(res.headers['content-type'] ?? ''), body, req.operation),
            retryable: false,
          };
        return { status: res.statusCode, headers: res.headers, body: body as T };
      }
      const error = this.statusError(res, body, url, req);
      if (error instanceof RedirectError) return { error, retryable: false };
      const retryAfter = retryAfterSeconds(res.headers);
      if (res.statusCode === 429)
        return { error, retryable: true, waitMs: retryAfter === undefined ? undefined : Math.ceil(retryAfter * 1000) };
      return { error, retryable: RETRYABLE_STATUS.has(res.statusCode) && IDEMPOTENT.has(method) };
    } catch (error) {
      return this.failure(error, url, method, req.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The error of a status of 300 or more: a redirect, or the service's error mapped to its type. */
  private statusError(res: Dispatcher.ResponseData, body: unknown, url: URL, req: HttpRequest): Error {
    if (res.statusCode < 400) return new RedirectError(url.href, res.statusCode, firstHeader(res.headers, 'location'), req.setting);
    return toApiError(res.statusCode, body, { operation: req.operation, retryAfterSeconds: retryAfterSeconds(res.headers) });
  }

  /**
   * Reads a whole body, at most `maxBodyBytes` (a larger `content-length` fails before reading): JSON
   * when it parses as such, else text; an empty body gives undefined.
   */
  private async readBody(res: Dispatcher.ResponseData, url: URL, req: HttpRequest): Promise<unknown> {
    const declared = Number(firstHeader(res.headers, 'content-length'));
    const tooLarge = () => new ResponseTooLargeError(url.href, this.maxBodyBytes, req.operation);
    if (declared > this.maxBodyBytes) {
      res.body.destroy();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.maxBodyBytes) {
        res.body.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    if (req.binary) return Buffer.concat(chunks, size);
    const text = Buffer.concat(chunks, size).toString('utf8');
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  /**
   * Maps a thrown transport error to ours: cancelled, timed out, a certificate that does not verify, or a
   * (maybe retryable) network error. Our own typed errors pass through, and so does a request undici
   * refuses to send (an invalid header, say).
   */
  private failure(error: unknown, url: URL, method: string, signal?: AbortSignal, bodyTimeout = this.timeouts.body): Failure {
    const href = url.href;
    if (signal?.aborted) return { error: new CancelledError({ cause: error }), retryable: false };
    const undiciErrors = undici().errors;
    if (error instanceof TimeoutError || error instanceof ResponseTooLargeError || error instanceof undiciErrors.InvalidArgumentError)
      return { error, retryable: false };
    if (error instanceof undiciErrors.HeadersTimeoutError)
      return { error: new TimeoutError(href, 'headers', this.timeouts.headers, { cause: error }), retryable: false };
    if (error instanceof undiciErrors.BodyTimeoutError)
      return { error: new TimeoutError(href, 'body', bodyTimeout, { cause: error }), retryable: false };
    if (error instanceof undiciErrors.ConnectTimeoutError)
      return { error: new TimeoutError(href, 'connect', this.timeouts.connect, { cause: error }), retryable: IDEMPOTENT.has(method) };
    const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code && CERTIFICATE_CODES.test(code)) return { error: new CertificateError(href, code, { cause: error }), retryable: false };
    return { error: new NetworkError(href, code, { cause: error }), retryable: IDEMPOTENT.has(method) };
  }

  private log(req: HttpRequest, method: string, url: URL, attempt: number, started: number, result: string): void {
    if (!this.options.debug) return;
    const op = req.operation ? `${req.operation} ` : '';
    const headers = JSON.stringify(redactHeaders(req.headers ?? {}));
    this.options.debug(
      `${op}${method} ${url.origin}${url.pathname} → ${result} in ${Date.now() - started} ms (attempt ${attempt}) ${headers}`,
    );
  }
}
