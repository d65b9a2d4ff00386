// The messages between the trace view (extension host) and its webview (media/traces), both ways.
import type { SpanDetail, SpanKind, SpanRow, TraceFilter, TraceSummary, TraceView } from '../../core/traces/model';
import type { TraceProblem } from '../../core/traces/store';

export type { SpanDetail, SpanKind, SpanRow, TraceFilter, TraceProblem, TraceSummary, TraceView };

/** Where the spans come from and how far the reading got. */
export interface TraceStatus {
  /** The file's path, as the title bar shows it. */
  file: string;
  /** Following what the runtime appends. */
  live: boolean;
  loading: boolean;
  lines: number;
  spans: number;
  traces: number;
  /** Traces dropped over the cap (the oldest). */
  dropped: number;
  /** Bytes at the file's start left unread (over the read cap). */
  skippedBytes: number;
  problems: TraceProblem[];
  problemCount: number;
  /** Reading failed (the file went away, …). */
  error?: string;
}

export type HostMessage =
  | { type: 'status'; status: TraceStatus }
  /** The traces the filter lets through, newest first; and what the filter menus offer. */
  | {
      type: 'list';
      traces: TraceSummary[];
      total: number;
      conversations: string[];
      workflows: string[];
      filter: TraceFilter;
      /** The trace selected before the page was (re)loaded. */
      selected?: string;
    }
  /** The selected trace's tree (absent: none, or it went away). */
  | { type: 'trace'; view?: TraceView }
  | { type: 'span'; detail?: SpanDetail };

export type ViewMessage =
  | { type: 'ready' }
  | { type: 'filter'; filter: TraceFilter }
  | { type: 'selectTrace'; traceId?: string }
  | { type: 'selectSpan'; traceId: string; spanId: string }
  | { type: 'live'; live: boolean };
