// The messages between a charts panel (a bot's analytics, a workspace's usage history) and its page
// (media/analytics), both ways. A range request carries a `seq` the answer repeats: a late answer is dropped.
import type { ChartSet, RangePreset } from '../../core/analytics/charts';

export type { Chart, ChartSet, RangePreset, Series, Unit } from '../../core/analytics/charts';

/** What a panel shows: a bot's analytics, or a workspace's usage history. */
export type ChartsTarget =
  { kind: 'analytics'; workspaceId: string; botId: string; name: string } | { kind: 'usage'; workspaceId: string; name: string };

export type Range = { preset: RangePreset } | { from: string; to: string };

export type HostMessage =
  | { type: 'init'; target: ChartsTarget; title: string; subtitle: string; ranges: boolean; range: Range }
  | { type: 'loading'; seq: number }
  | { type: 'data'; seq: number; set: ChartSet; description: string }
  | { type: 'failed'; seq: number; message: string };

export type ViewMessage =
  | { type: 'ready' }
  | { type: 'load'; seq: number; range: Range }
  /** Text for the clipboard (a chart as CSV). */
  | { type: 'copy'; text: string; what: string };
