// The messages between the logs panel (extension host) and its webview (media/logs), both ways.
import type { FilterSpec } from '../../core/logs/filter';
import type { TimeZone } from '../../core/logs/line';
import type { LogRange, RangePreset } from '../../core/logs/range';
import type { TailStatus } from '../../core/logs/tail';
import type { LogEntry, ServerFilters } from '../../core/logs/types';

export type { FilterSpec, LogEntry, LogRange, RangePreset, ServerFilters, TailStatus, TimeZone };

/** Whose logs a panel shows: a bot or an integration (version) of a workspace. */
export interface LogTarget {
  workspaceId: string;
  botId?: string;
  integrationId?: string;
  /** What the panel's title says. */
  name: string;
}

/** A line as the panel numbers it: `seq` grows by one per line, so the lines kept are a contiguous run. */
export interface LogLine {
  seq: number;
  entry: LogEntry;
}

/** What a panel remembers across a window reload (the webview's state, handed to the serializer). */
export interface LogsViewState {
  target: LogTarget;
  filters: ServerFilters;
  range: LogRange;
  clientFilter: FilterSpec;
  /** Where rows show times (absent: local). */
  timeZone?: TimeZone;
}

export type HostMessage =
  | {
      type: 'init';
      state: LogsViewState;
      /** The server-side filters this target's endpoint accepts. */
      filterNames: readonly string[];
      maxLines: number;
      paused: boolean;
      /** Whether conversation ids open the conversation (bots only). */
      conversationLinks: boolean;
    }
  | { type: 'lines'; lines: LogLine[] }
  /** Every line was dropped (cleared, or a new query). */
  | { type: 'reset' }
  | { type: 'status'; status: TailStatus; paused: boolean }
  | { type: 'maxLines'; maxLines: number };

export type ViewMessage =
  | { type: 'ready' }
  /** New server-side filters or range: the tail starts again. */
  | { type: 'query'; filters: ServerFilters; range: LogRange }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'retry' }
  | { type: 'clear' }
  | { type: 'copy'; text: string }
  | { type: 'openConversation'; conversationId: string }
  /** Export the lines shown: these sequence numbers, or every line when absent. */
  | { type: 'export'; seqs?: number[] }
  | { type: 'clientFilter'; filter: FilterSpec }
  | { type: 'timeZone'; timeZone: TimeZone };
