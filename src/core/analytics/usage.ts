// A workspace's usage against its quotas: what each usage type is called and counted in, how full a quota is,
// and its monthly history as charts (the charts page draws them).
import type { Chart, ChartSet, Unit } from './charts';

/** A quota this full or more is shown with a warning. */
export const warnAt = 0.8;

export interface UsageFigure {
  type: string;
  value: number;
  quota: number;
  period?: string;
}

const kinds: Record<string, { label: string; unit: Unit }> = {
  invocation_calls: { label: 'Invocations', unit: 'count' },
  invocation_timeout: { label: 'Timed-out invocations', unit: 'count' },
  bot_count: { label: 'Bots', unit: 'count' },
  table_row_count: { label: 'Table rows', unit: 'count' },
  storage_count: { label: 'File storage', unit: 'bytes' },
  knowledgebase_vector_storage: { label: 'Vector storage', unit: 'bytes' },
  indexed_file_count: { label: 'Indexed files', unit: 'count' },
  file_max_size_bytes: { label: 'Largest file', unit: 'bytes' },
  ai_spend: { label: 'AI spend', unit: 'usd' },
  openai_spend: { label: 'OpenAI spend', unit: 'usd' },
  bing_search_spend: { label: 'Bing search spend', unit: 'usd' },
  workspace_member_count: { label: 'Members', unit: 'count' },
  integrations_owned_count: { label: 'Private integrations', unit: 'count' },
  workspace_ratelimit: { label: 'Rate limit', unit: 'count' },
  always_alive: { label: 'Always-alive bots', unit: 'count' },
};

/** The quotas shown, in this order (the rest of the spec's types are limits rather than usage). */
export const shownTypes = [
  'invocation_calls',
  'bot_count',
  'table_row_count',
  'storage_count',
  'knowledgebase_vector_storage',
  'indexed_file_count',
  'ai_spend',
  'workspace_member_count',
  'integrations_owned_count',
  'always_alive',
] as const;

/** Types counted per bot, which breakDownWorkspaceUsageByBot splits. */
export const perBotTypes = ['invocation_calls', 'table_row_count', 'storage_count', 'ai_spend'] as const;

export const usageLabel = (type: string) => kinds[type]?.label ?? type.replace(/_/g, ' ');
export const usageUnit = (type: string): Unit => kinds[type]?.unit ?? 'count';

/** How full a quota is (0 when there is no quota). */
export const completion = (u: Pick<UsageFigure, 'value' | 'quota'>) => (u.quota > 0 ? u.value / u.quota : 0);
export const isWarning = (u: Pick<UsageFigure, 'value' | 'quota'>) => u.quota > 0 && completion(u) >= warnAt;
export const percent = (u: Pick<UsageFigure, 'value' | 'quota'>) => `${Math.round(completion(u) * 100)} %`;

/** Monthly history per type: one chart each, usage against its quota. */
export function usageHistoryCharts(history: Record<string, UsageFigure[]>): ChartSet {
  const periods = [...new Set(Object.values(history).flatMap((h) => h.map((u) => u.period ?? '')))].filter(Boolean).sort();
  const x = periods.map((p) => Date.parse(`${p}-01T00:00:00Z`));
  const charts: Chart[] = Object.entries(history).map(([type, figures]) => {
    const byPeriod = new Map(figures.map((u) => [u.period, u]));
    const latest = figures[figures.length - 1];
    return {
      id: type,
      title: usageLabel(type),
      unit: usageUnit(type),
      series: [{ label: 'usage', values: periods.map((p) => byPeriod.get(p)?.value ?? 0) }],
      ...(latest && latest.quota > 0 ? { limit: latest.quota } : {}),
    };
  });
  const empty = charts.every((c) => c.series.every((s) => s.values.every((v) => v === 0)));
  return { x, bucket: 'month', charts, empty };
}
