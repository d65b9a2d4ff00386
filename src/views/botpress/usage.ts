/** A workspace's Usage node: each quota with its usage (a warning past 80 %), usage per bot, and its history. */
import * as vscode from 'vscode';
import type { BotpressClient } from '../../api/botpress';
import { describeError } from '../../api/errors';
import { formatValue } from '../../core/analytics/charts';
import { isWarning, percent, perBotTypes, shownTypes, usageLabel, usageUnit, warnAt, type UsageFigure } from '../../core/analytics/usage';
import { DetailNode, GroupNode } from './folders';
import { ExplorerNode, MessageNode, type ClientFactory } from './rows';
import { Command, ContextValue } from '../../ids';

export interface UsageSummary {
  /** This month's usage of each quota the workspace has (a type the API refused is left out). */
  quotas: UsageFigure[];
  /** Per bot, for the types counted per bot: bot name and value, the largest first, zeros left out. */
  byBot: { type: string; bots: { botId: string; name: string; value: number }[] }[];
}

/** The quotas of a workspace this month (getUsage of each type, in parallel). */
export async function readQuotas(client: BotpressClient, workspaceId: string, signal?: AbortSignal): Promise<UsageFigure[]> {
  const read = await Promise.all(
    shownTypes.map((type) =>
      client.getUsage({ id: workspaceId, type }, { signal }).then(
        (r) => r.usage,
        () => undefined,
      ),
    ),
  );
  const quotas = read.filter((u): u is NonNullable<typeof u> => !!u && u.quota > 0);
  // Every request refused: ask once more, so that the reason (a 401, a 403) reaches the row as an error.
  if (read.every((u) => !u)) await client.getUsage({ id: workspaceId, type: shownTypes[0] }, { signal });
  return quotas;
}

/** A quota as one line: "Bots: 53 of 60 (88 %)". */
export const quotaLine = (u: UsageFigure) =>
  `${usageLabel(u.type)}: ${formatValue(u.value, usageUnit(u.type))} of ${formatValue(u.quota, usageUnit(u.type))} (${percent(u)})`;

/** The workspace row's tooltip: its quotas, those past 80 % first and marked. */
export async function usageTooltip(client: BotpressClient, workspaceId: string): Promise<vscode.MarkdownString> {
  const md = new vscode.MarkdownString(undefined, true);
  try {
    const quotas = await readQuotas(client, workspaceId);
    const sorted = [...quotas].sort((a, b) => Number(isWarning(b)) - Number(isWarning(a)));
    md.appendMarkdown('\n\n**Usage this month**\n\n');
    for (const u of sorted)
      md.appendMarkdown(isWarning(u) ? '$(warning) ' : '- ')
        .appendText(quotaLine(u))
        .appendMarkdown('\n\n');
  } catch (error) {
    md.appendMarkdown('\n\n').appendText(`Usage could not be read: ${describeError(error)}`);
  }
  return md;
}

export class UsageNode extends DetailNode<UsageSummary> {
  readonly id: string;
  readonly what = 'usage';
  constructor(
    parent: ExplorerNode & { workspaceId: string; name: string },
    private readonly client: ClientFactory,
  ) {
    super(parent);
    this.id = `${parent.id}/usage`;
  }
  get workspaceId(): string {
    return (this.parent as ExplorerNode & { workspaceId: string }).workspaceId;
  }
  get name(): string {
    return (this.parent as ExplorerNode & { name: string }).name;
  }
  treeItem(): vscode.TreeItem {
    return this.folder(
      'Usage',
      'dashboard',
      ContextValue.usageFolder,
      `This month's usage of the workspace's quotas (warning from ${warnAt * 100} %)`,
    );
  }
  protected async fetchDetail(signal: AbortSignal): Promise<UsageSummary> {
    const client = await this.client();
    const quotas = await readQuotas(client, this.workspaceId, signal);
    const names = new Map<string, string>();
    for (const dev of [false, true]) for await (const bot of client.iterate('listBots', { dev }, { signal })) names.set(bot.id, bot.name);
    const byBot = await Promise.all(
      perBotTypes.map(async (type) => {
        const { data } = await client.breakDownWorkspaceUsageByBot({ id: this.workspaceId, type }, { signal }).catch(() => ({ data: [] }));
        const bots = data
          .filter((d) => d.value > 0)
          .sort((a, b) => b.value - a.value)
          .map((d) => ({ botId: d.botId, name: names.get(d.botId) ?? d.botId, value: d.value }));
        return { type, bots };
      }),
    );
    return { quotas, byBot };
  }
  protected build(summary: UsageSummary): ExplorerNode[] {
    const rows: ExplorerNode[] = summary.quotas.map((u) => new QuotaNode(this, u));
    if (!rows.length) rows.push(new MessageNode(this, 'This workspace reports no quotas.'));
    rows.push(
      new GroupNode(
        this,
        'byBot',
        'By bot',
        'hubot',
        (g) =>
          summary.byBot.map(
            ({ type, bots }) =>
              new GroupNode(
                g,
                type,
                usageLabel(type),
                'symbol-number',
                (t) => bots.map((b) => new BotUsageNode(t, b, type)),
                'No bot used any this month.',
              ),
          ),
        '',
      ),
      new HistoryNode(this),
    );
    return rows;
  }
}

export class QuotaNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: UsageNode,
    readonly usage: UsageFigure,
  ) {
    super(parent);
    this.id = `${parent.id}/${usage.type}`;
  }
  treeItem(): vscode.TreeItem {
    const u = this.usage;
    const unit = usageUnit(u.type);
    const warn = isWarning(u);
    const icon = warn ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('pass');
    const tooltip = [quotaLine(u), u.period && `period: ${u.period}`, `type: ${u.type}`, warn && `Past ${warnAt * 100} % of the quota.`]
      .filter(Boolean)
      .join('\n');
    return this.row(usageLabel(u.type), {
      icon,
      contextValue: ContextValue.quota,
      description: `${formatValue(u.value, unit)} / ${formatValue(u.quota, unit)} · ${percent(u)}`,
      tooltip,
    });
  }
}

class BotUsageNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ExplorerNode,
    private readonly bot: { botId: string; name: string; value: number },
    private readonly type: string,
  ) {
    super(parent);
    this.id = `${parent.id}/${bot.botId}`;
  }
  treeItem(): vscode.TreeItem {
    const value = formatValue(this.bot.value, usageUnit(this.type));
    return this.row(this.bot.name, {
      icon: 'hubot',
      contextValue: 'botUsage',
      description: value,
      tooltip: `${this.bot.name}\nid: ${this.bot.botId}`,
    });
  }
}

class HistoryNode extends ExplorerNode {
  readonly id: string;
  constructor(readonly usage: UsageNode) {
    super(usage);
    this.id = `${usage.id}/#history`;
  }
  treeItem(): vscode.TreeItem {
    const target = { workspaceId: this.usage.workspaceId, name: this.usage.name };
    return this.row('History…', {
      icon: 'graph-line',
      contextValue: 'usageHistory',
      tooltip: 'Usage month by month, as charts',
      command: { command: Command.showUsageHistory, title: 'Show Usage History', arguments: [target] },
    });
  }
}
