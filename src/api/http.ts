// The request core every client of this folder is built on: undici with one keep-alive pool per origin,
// JSON in and out, timeouts, cancellation, and retries that respect what the server asks for.
//
// Retry rules:
// - 429 is retried for every method (the request was not processed), after the server's `Retry-After`
//   (seconds or an HTTP date), `ratelimit-reset` or `x-ratelimit-reset`, else after a backoff;
// - network errors and 500/502/503/504 are retried for idempotent methods only;
// - backoff is exponential with full jitter; attempts and the total time spent waiting are capped;
// - nothing is retried once the caller aborts, and timeouts are not retried (they already waited long).
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { ApiErrors, CancelledError, InsecureUrlError, NetworkError, TimeoutError, toApiError } from './errors';

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

export interface HttpOptions {
  /** Time to wait for the response headers. */
  headersTimeoutMs?: number;
  /** Longest silence while reading the body. */
  bodyTimeoutMs?: number;
  connectTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
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
  signal?: AbortSignal;
  /** The operation's name, carried into errors and debug lines. */
  operation?: string;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8_000, maxTotalWaitMs: 30_000 };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
const SECRET_HEADERS = new Set(['authorization', 'x-user-key', 'x-bp-secret', 'cookie']);
const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Throws InsecureUrlError unless the URL is https, or http to a loopback host. */
export function assertSecureUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InsecureUrlError(String(url));
  }
  if (parsed.protocol === 'https:') return parsed;
  const host = parsed.hostname;
  const loopback = host === 'localhost' || host === '[::1]' || LOOPBACK_IPV4.test(host);
  if (parsed.protocol === 'http:' && loopback) return parsed;
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
  const first = (name: string) => {
    const v = headers[name];
    return (Array.isArray(v) ? v[0] : v)?.trim();
  };
  const retryAfter = first('retry-after');
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000);
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset']) {
    const v = first(name);
    if (!v || !/^\d+(\.\d+)?$/.test(v)) continue;
    const n = Number(v);
    return n > 1e9 ? Math.max(0, n - now / 1000) : n;
  }
  return undefined;
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
  private readonly agent: Agent;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly timeouts: { connect: number; headers: number; body: number };

  constructor(private readonly options: HttpOptions = {}) {
    this.timeouts = { connect: options.connectTimeoutMs ?? 10_000, headers: options.headersTimeoutMs ?? 30_000, body: options.bodyTimeoutMs ?? 30_000 };
    this.agent = new Agent({ keepAliveTimeout: 30_000, connect: { timeout: this.timeouts.connect } });
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.random = options.random ?? Math.random;
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
   * Opens a streaming response (for server-sent events): no retries, no body timeout unless given.
   * Error statuses throw the mapped ApiError; a failure while reading throws NetworkError, TimeoutError or
   * CancelledError. Call `close()` when done reading.
   */
  async stream(req: HttpRequest & { bodyTimeoutMs?: number }): Promise<HttpResponse<AsyncIterable<Uint8Array>> & { close(): void }> {
    const url = assertSecureUrl(req.url);
    const method = req.method.toUpperCase();
    if (req.signal?.aborted) throw new CancelledError({ cause: req.signal.reason });
    const bodyTimeout = req.bodyTimeoutMs ?? 0;
    let res: Dispatcher.ResponseData;
    try {
      res = await this.dispatch(url, method, req, bodyTimeout);
    } catch (error) {
      throw this.failure(error, url, method, req.signal, bodyTimeout).error;
    }
    if (res.statusCode >= 400) {
      const body = await readBody(res).catch(() => undefined);
      throw toApiError(res.statusCode, body, { operation: req.operation, retryAfterSeconds: retryAfterSeconds(res.headers) });
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
    return this.agent.close();
  }

  private dispatch(url: URL, method: string, req: HttpRequest, bodyTimeout = this.timeouts.body): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    return this.agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      signal: req.signal,
      headersTimeout: this.timeouts.headers,
      bodyTimeout,
    });
  }

  private async attempt<T>(url: URL, method: string, req: HttpRequest): Promise<HttpResponse<T> | Failure> {
    try {
      const res = await this.dispatch(url, method, req);
      const body = await readBody(res);
      if (body === INVALID_JSON) return { error: new ApiErrors.Unknown({ status: res.statusCode, message: 'The service answered with invalid JSON.', operation: req.operation }), retryable: false };
      if (res.statusCode < 400) return { status: res.statusCode, headers: res.headers, body: body as T };
      const retryAfter = retryAfterSeconds(res.headers);
      const error = toApiError(res.statusCode, body, { operation: req.operation, retryAfterSeconds: retryAfter });
      if (res.statusCode === 429) return { error, retryable: true, waitMs: retryAfter === undefined ? undefined : Math.ceil(retryAfter * 1000) };
      return { error, retryable: RETRYABLE_STATUS.has(res.statusCode) && IDEMPOTENT.has(method) };
    } catch (error) {
      return this.failure(error, url, method, req.signal);
    }
  }

  /**
   * Maps a thrown transport error to ours: cancelled, timed out, or a (maybe retryable) network error.
   * A request undici refuses to send (an invalid header, say) is passed on as is.
   */
  private failure(error: unknown, url: URL, method: string, signal?: AbortSignal, bodyTimeout = this.timeouts.body): Failure {
    const href = url.href;
    if (signal?.aborted) return { error: new CancelledError({ cause: error }), retryable: false };
    if (error instanceof undiciErrors.InvalidArgumentError) return { error, retryable: false };
    if (error instanceof undiciErrors.HeadersTimeoutError) return { error: new TimeoutError(href, 'headers', this.timeouts.headers, { cause: error }), retryable: false };
    if (error instanceof undiciErrors.BodyTimeoutError) return { error: new TimeoutError(href, 'body', bodyTimeout, { cause: error }), retryable: false };
    if (error instanceof undiciErrors.ConnectTimeoutError) return { error: new TimeoutError(href, 'connect', this.timeouts.connect, { cause: error }), retryable: IDEMPOTENT.has(method) };
    const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    return { error: new NetworkError(href, code, { cause: error }), retryable: IDEMPOTENT.has(method) };
  }

  private log(req: HttpRequest, method: string, url: URL, attempt: number, started: number, result: string): void {
    if (!this.options.debug) return;
    const op = req.operation ? `${req.operation} ` : '';
    const headers = JSON.stringify(redactHeaders(req.headers ?? {}));
    this.options.debug(`${op}${method} ${url.origin}${url.pathname} → ${result} in ${Date.now() - started} ms (attempt ${attempt}) ${headers}`);
  }
}

const INVALID_JSON = Symbol('invalid JSON');

/**
 * Reads a whole body: JSON when it parses as such, else text; empty bodies give undefined. A success that
 * claims to be JSON but is not gives INVALID_JSON.
 */
async function readBody(res: Dispatcher.ResponseData): Promise<unknown> {
  const text = await res.body.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return res.statusCode < 400 && String(res.headers['content-type'] ?? '').includes('json') ? INVALID_JSON : text;
  }
}
