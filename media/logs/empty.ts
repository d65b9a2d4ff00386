// What the logs panel says when it shows no line: what is filtered, and the one-click ways to widen it.
import type { LogRange, ServerFilters } from '../../src/webviews/logs/protocol';

export type WidenAction = 'clearFind' | 'clearServerFilters' | 'widenRange';

export interface EmptyState {
  readonly text: string;
  readonly actions: readonly { readonly action: WidenAction; readonly label: string }[];
}

export interface EmptyInput {
  /** Lines held, and how many of them the client-side filter shows. */
  readonly total: number;
  readonly shown: number;
  /** The server-side filters and range the lines were fetched with. */
  readonly filters: ServerFilters;
  readonly range: LogRange;
  /** The client-side filter's text ('' when none). */
  readonly find: string;
  /** Whether the first fetch is over: until then nothing is known to be missing. */
  readonly loaded: boolean;
}

const RANGES: Record<string, string> = { '15m': 'the last 15 minutes', '1h': 'the last hour', '24h': 'the last 24 hours' };

const FILTER_WORDS: Record<keyof ServerFilters, (value: string) => string> = {
  level: (v) => `level ${v}`,
  conversationId: (v) => `conversation ${v}`,
  userId: (v) => `user ${v}`,
  workflowId: (v) => `workflow ${v}`,
  messageContains: (v) => `messages containing “${v}”`,
};

export function describeRange(range: LogRange, time: (iso: string) => string): string {
  if (range.preset !== 'custom') return RANGES[range.preset] ?? range.preset;
  const since = range.since ? time(range.since) : '?';
  return range.until ? `${since} to ${time(range.until)}` : `since ${since}`;
}

/** The empty state to show, or undefined when lines are shown (or still being fetched). */
export function emptyState(input: EmptyInput, time: (iso: string) => string): EmptyState | undefined {
  if (input.shown > 0) return undefined;
  if (input.total > 0) {
    const lines = `${input.total.toLocaleString('en')} line${input.total === 1 ? '' : 's'}`;
    return { text: `None of the ${lines} loaded matches “${input.find}”.`, actions: [{ action: 'clearFind', label: 'Clear the Filter' }] };
  }
  if (!input.loaded) return undefined;
  const filtered = Object.entries(input.filters)
    .filter(([, value]) => typeof value === 'string' && value.trim())
    .map(([name, value]) => FILTER_WORDS[name as keyof ServerFilters]?.(value!.trim()) ?? `${name} ${value}`);
  const when = describeRange(input.range, time);
  const live = input.range.preset !== 'custom' || !input.range.until;
  const text =
    `No lines in ${when}${filtered.length ? ` for ${filtered.join(', ')}` : ''}.` + (live ? ' New lines show here as they arrive.' : '');
  const actions: EmptyState['actions'][number][] = [];
  if (filtered.length)
    actions.push({ action: 'clearServerFilters', label: filtered.length === 1 ? 'Remove the Filter' : 'Remove the Filters' });
  if (input.range.preset !== '24h') actions.push({ action: 'widenRange', label: 'Show the Last 24 Hours' });
  return { text, actions };
}
