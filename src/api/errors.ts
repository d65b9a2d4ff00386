// The errors the API layer throws. Every failure reaching a caller is one of these, each with a message a
// user can read as is: `ApiError` (the service answered with an error, one subclass per official type),
// `NetworkError`, `CertificateError`, `TimeoutError`, `CancelledError`, `InsecureUrlError`, and for answers
// that are not what they claim, `RedirectError`, `NotJsonError` and `ResponseTooLargeError`.
import { quoteText } from '../core/text';
import { errorTypes, type ErrorType } from '../generated/api';

export type { ErrorType };

/** The body of an error response, as the official services send it. */
export interface ErrorBody {
  id?: string;
  code?: number;
  type?: string;
  message?: string;
}

export interface ApiErrorInit {
  status: number;
  message: string;
  /** The error id the service gave, to quote to its support. */
  id?: string;
  /** The operation that failed, such as `listBots`. */
  operation?: string;
  /** Seconds the service asked to wait before retrying (429). */
  retryAfterSeconds?: number;
}

/** The service answered with an error. `type` is one of the official error types and narrows on comparison. */
export class ApiError<T extends ErrorType = ErrorType> extends Error {
  readonly status: number;
  readonly id?: string;
  readonly operation?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly type: T,
    init: ApiErrorInit,
  ) {
    super(init.message || errorTypes[type].description);
    this.name = `${type}Error`;
    this.status = init.status;
    this.id = init.id;
    this.operation = init.operation;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** What the official spec says this type of error means. */
  get description(): string {
    return errorTypes[this.type].description;
  }

  /** True when `error` is an ApiError, of the given type when one is given. */
  static is<T extends ErrorType>(error: unknown, type?: T): error is ApiError<T> {
    return error instanceof ApiError && (type === undefined || error.type === type);
  }
}

export type ApiErrorClass<T extends ErrorType> = new (init: ApiErrorInit) => ApiError<T>;

function errorClass<T extends ErrorType>(type: T): ApiErrorClass<T> {
  return class extends ApiError<T> {
    constructor(init: ApiErrorInit) {
      super(type, init);
    }
  };
}

/** One subclass of ApiError per official error type, e.g. `error instanceof ApiErrors.ResourceNotFound`. */
export const ApiErrors = Object.fromEntries(
  (Object.keys(errorTypes) as ErrorType[]).map((type) => [type, errorClass(type)]),
) as unknown as {
  readonly [T in ErrorType]: ApiErrorClass<T>;
};

/** The official type for a status when the body names none: the first type with that status in the spec. */
function typeForStatus(status: number): ErrorType {
  const match = (Object.keys(errorTypes) as ErrorType[]).find((t) => errorTypes[t].status === status);
  return match ?? (status >= 500 ? 'Internal' : 'Unknown');
}

const isErrorType = (type: unknown): type is ErrorType => typeof type === 'string' && Object.hasOwn(errorTypes, type);

/** Maps an error response to its typed error; bodies that are not the official shape keep their status. */
export function toApiError(status: number, body: unknown, extra: Omit<ApiErrorInit, 'status' | 'message' | 'id'> = {}): ApiError {
  const b: ErrorBody = body && typeof body === 'object' ? (body as ErrorBody) : {};
  const type = isErrorType(b.type) ? b.type : typeForStatus(status);
  const fallback = typeof body === 'string' && body.trim() && body.length < 200 ? body.trim() : `HTTP ${status}`;
  const message = typeof b.message === 'string' && b.message ? b.message : `${errorTypes[type].description} (${fallback})`;
  return new ApiErrors[type]({ status, message, id: typeof b.id === 'string' ? b.id : undefined, ...extra });
}

/** The service could not be reached, or the connection broke before an answer came. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly url: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`Could not reach ${new URL(url).host}${code ? ` (${code})` : ''}. Check your connection and try again.`, options);
  }
}

/** The service took longer than allowed to answer. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly url: string,
    /** `request`: the whole attempt took longer than its overall deadline (a server that trickles). */
    readonly phase: 'connect' | 'headers' | 'body' | 'request',
    readonly timeoutMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    const limit = timeoutMs ? ` within ${Math.round(timeoutMs / 100) / 10} s` : '';
    super(`${new URL(url).host} did not answer${limit} (${phase} timeout). Try again later.`, options);
  }
}

/** The service's certificate does not verify: self-signed, or signed by an authority this machine does not trust. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
  constructor(
    readonly url: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Could not verify the certificate of ${new URL(url).host} (${code}). If a proxy or your organisation's certificate ` +
        'authority signs it, add that authority to NODE_EXTRA_CA_CERTS and restart the editor, ' +
        'or set http.proxyStrictSSL to false to accept it.',
      options,
    );
  }
}

/** The service answered with a redirect, which is never followed: credentials must not go where a server says. */
export class RedirectError extends Error {
  override readonly name = 'RedirectError';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly location: string | undefined,
    setting?: string,
  ) {
    super(
      `${new URL(url).host} answered with a redirect (${status})${location ? ` to ${quoteText(location, 200)}` : ''}. Requests are not ` +
        `redirected, so that your credentials stay with the host you chose: check ${setting ?? 'the service URL setting'}.`,
    );
  }
}

/** A success whose body is not JSON: a sign-in page of a network portal, or a truncated answer. */
export class NotJsonError extends Error {
  override readonly name = 'NotJsonError';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly contentType: string,
    body: string,
    operation?: string,
  ) {
    super(
      `${new URL(url).host} answered${operation ? ` ${operation}` : ''} ` +
        `with ${contentType ? quoteText(contentType, 60) : 'no content type'} instead of JSON: ` +
        `"${quoteText(body.trim())}". A proxy or a network sign-in page may stand between you and the service.`,
    );
  }
}

/** An answer larger than the client reads; it is not retried. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(
    readonly url: string,
    readonly maxBytes: number,
    operation?: string,
  ) {
    super(
      `${new URL(url).host}'s answer${operation ? ` to ${operation}` : ''} ` +
        `is larger than ${Math.round(maxBytes / 1024 / 1024)} MB: stopped reading it.`,
    );
  }
}

/** The caller cancelled the request. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(options?: { cause?: unknown }) {
    super('The request was cancelled.', options);
  }
}

/** A URL the client refuses to use: plain http to a host that is not this machine, or not http(s) at all. */
export class InsecureUrlError extends Error {
  override readonly name = 'InsecureUrlError';
  constructor(readonly url: string) {
    super(`Refusing to connect to ${url}: only https is allowed (plain http only for localhost, 127.0.0.0/8 or ::1).`);
  }
}

/** One line saying what went wrong: the official error type and message, and the error id to quote. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return `${err.type}: ${err.message}${err.id ? ` (error id ${err.id})` : ''}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
