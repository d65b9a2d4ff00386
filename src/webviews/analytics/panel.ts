import * as vscode from 'vscode';
import type { BotpressClient } from '../../api/botpress';
import { describeError } from '../../api/errors';
import { analyticsCharts, bucketLabel, rangeOf, type ChartSet } from '../../core/analytics/charts';
import { shownTypes, usageHistoryCharts, type UsageFigure } from '../../core/analytics/usage';
import { escapeMarkdownLinks } from '../../core/text';
import { PanelHost } from '../panels';
import { chartsPageHtml } from './html';
import type { ChartsTarget, HostMessage, Range, ViewMessage } from './protocol';

export interface ChartsPanelDeps {
  readonly extensionUri: vscode.Uri;
  client(workspaceId: string): Promise<BotpressClient>;
  readonly output: vscode.LogOutputChannel;
}

export const chartsKey = (t: ChartsTarget) => (t.kind === 'analytics' ? `analytics/${t.workspaceId}/${t.botId}` : `usage/${t.workspaceId}`);
export const chartsTitle = (t: ChartsTarget) => (t.kind === 'analytics' ? `Analytics: ${t.name}` : `Usage: ${t.name}`);

/**
 * A bot's analytics (getBotAnalytics over the range the page asks for) or a workspace's usage history
 * (listUsageHistory of each quota), drawn as charts by media/analytics.
 */
export class ChartsPanel extends PanelHost<ViewMessage> {
  constructor(
    panel: vscode.WebviewPanel,
    readonly target: ChartsTarget,
    private readonly deps: ChartsPanelDeps,
  ) {
    super(panel, deps.extensionUri, 'analytics', chartsPageHtml);
    panel.title = chartsTitle(target);
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  protected async receive(message: ViewMessage): Promise<void> {
    switch (message?.type) {
      case 'ready': {
        const { target } = this;
        const subtitle = target.kind === 'analytics' ? `bot ${target.botId}` : `workspace ${target.workspaceId} · monthly, UTC`;
        return this.post({
          type: 'init',
          target,
          title: chartsTitle(target),
          subtitle,
          ranges: target.kind === 'analytics',
          range: { preset: '7d' },
        });
      }
      case 'load':
        return this.load(message.seq, message.range);
      case 'copy':
        await vscode.env.clipboard.writeText(String(message.text));
        void vscode.window.showInformationMessage(escapeMarkdownLinks(`Copied ${String(message.what)} as CSV.`));
        return;
    }
  }

  private async load(seq: number, range: Range): Promise<void> {
    this.post({ type: 'loading', seq });
    try {
      const client = await this.deps.client(this.target.workspaceId);
      const { set, description } = this.target.kind === 'analytics' ? await this.analytics(client, range) : await this.usage(client);
      this.post({ type: 'data', seq, set, description });
    } catch (error) {
      const message = describeError(error);
      this.deps.output.warn(`${chartsTitle(this.target)}: ${message}`);
      this.post({ type: 'failed', seq, message });
    }
  }

  private async analytics(client: BotpressClient, range: Range): Promise<{ set: ChartSet; description: string }> {
    const { start, end } = rangeOf(range);
    const target = this.target as Extract<ChartsTarget, { kind: 'analytics' }>;
    const { records } = await client.getBotAnalytics({
      id: target.botId,
      startDate: new Date(start).toISOString(),
      endDate: new Date(end).toISOString(),
    });
    const set = analyticsCharts(records, { start, end });
    const span = `${bucketLabel(start, 'hour')} → ${bucketLabel(end, 'hour')} UTC`;
    return { set, description: `${set.bucket === 'hour' ? 'Hourly' : 'Daily'} · ${span}` };
  }

  private async usage(client: BotpressClient): Promise<{ set: ChartSet; description: string }> {
    const id = this.target.workspaceId;
    const history: Record<string, UsageFigure[]> = {};
    const failures: string[] = [];
    await Promise.all(
      shownTypes.map(async (type) => {
        try {
          history[type] = (await client.listUsageHistory({ id, type })).usages;
        } catch (error) {
          failures.push(`${type}: ${describeError(error)}`);
        }
      }),
    );
    if (!Object.keys(history).length) throw new Error(`No usage history could be read (${failures.join('; ')})`);
    const ordered = Object.fromEntries(shownTypes.filter((t) => history[t]).map((t) => [t, history[t]]));
    const set = usageHistoryCharts(ordered);
    return { set, description: failures.length ? `Not shown: ${failures.join('; ')}` : 'Each month, against the current quota' };
  }
}
