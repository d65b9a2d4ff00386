import type { ListItemTypes } from '../../generated/api';
import type { LogFilterName } from '../../generated/logs';

export type { LogFilterName };

/** One log line, as getBotLogs and getIntegrationLogs return it. */
export type LogEntry = ListItemTypes['getBotLogs'];
export { LOG_ENTRY_FIELDS, BOT_LOG_FILTERS, INTEGRATION_LOG_FILTERS } from '../../generated/logs';

/** Server-side filters: the query parameters getBotLogs / getIntegrationLogs accept besides the range. */
export type ServerFilters = Partial<Record<LogFilterName, string>>;

/** One request for a page of logs (timestamps are ISO 8601 strings, as the API takes them). */
export interface PageRequest extends ServerFilters {
  timeStart: string;
  timeEnd?: string;
  nextToken?: string;
  signal: AbortSignal;
}

export interface LogPage {
  logs: LogEntry[];
  nextToken?: string;
}

/** Fetches one page of logs; getBotLogs / getIntegrationLogs adapted to a single target. */
export type FetchPage = (request: PageRequest) => Promise<LogPage>;

/** Time and timers, injected so the tail can run on a simulated clock. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
