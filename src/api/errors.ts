// The errors the API layer throws. Every failure reaching a caller is one of these, each with a message a
// user can read as is: `ApiError` (the service answered with an error, one subclass per official type),
// `NetworkError`, `TimeoutError`, `CancelledError` and `InsecureUrlError`.
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
export const ApiErrors = Object.fromEntries((Object.keys(errorTypes) as ErrorType[]).map((type) => [type, errorClass(type)])) as unknown as {
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
    readonly phase: 'connect' | 'headers' | 'body',
    readonly timeoutMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    const limit = timeoutMs ? ` within ${Math.round(timeoutMs / 100) / 10} s` : '';
    super(`${new URL(url).host} did not answer${limit} (${phase} timeout). Try again later.`, options);
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
