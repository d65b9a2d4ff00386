// A bot deploy's tables: planned before the deploy's question (the preview lists the plan), synced after the bot
// deployed (src/deploy/tables.ts), asking first in a modal when a column's values would be lost; the outcome,
// one line per table, in the output and a notification.
import * as vscode from 'vscode';
import type { BotpressClient } from '../api/botpress';
import type { TableDefinition } from '../core/deploy/tables';
import { applyTableSync, planTableSync, type TablesPlan } from '../deploy/tables';
import type { Services } from '../services';
import { handleApiError } from '../ui/errors';
import { confirmIrreversible } from '../ui/confirm';
import { escapeMarkdownLinks } from '../core/text';
import { describeError } from '../api/errors';

/**
 * The tables plan of a bot deploy, for its preview: against the bot's tables (`client` of the bot), or none
 * for a new bot. A failure to read them is logged, and the sync plans again after the deploy.
 */
export async function planDefinitionTables(
  services: Services,
  client: BotpressClient | undefined,
  tables: Record<string, TableDefinition> | undefined,
): Promise<TablesPlan | undefined> {
  try {
    return await planTableSync(client, tables);
  } catch (err) {
    services.output.warn(`Could not read the bot's tables before the deploy: ${describeError(err)}`);
    return undefined;
  }
}

export async function syncDefinitionTables(
  services: Services,
  client: BotpressClient,
  tables: Record<string, TableDefinition> | undefined,
  planned?: TablesPlan,
): Promise<void> {
  try {
    const plan = planned ?? (await planTableSync(client, tables));
    if (!plan) return;
    const ask = (lines: string[]) =>
      confirmIrreversible({
        message: 'Deploying these tables loses values. Continue?',
        detail: `${lines.join('\n')}\n\nKeep Tables leaves every table as it is (the bot is deployed already).`,
        keep: 'Keep Tables',
        action: 'Update Tables',
      });
    const sync = await applyTableSync(client, plan, ask);
    services.output.info(['Tables:', ...sync.lines.map((l) => `  ${l}`)].join('\n'));
    const notes = sync.lines.filter((l) => /created|updated|frozen|declined/.test(l));
    if (notes.length) void vscode.window.showInformationMessage(escapeMarkdownLinks(notes.join(' · ')));
  } catch (err) {
    handleApiError(services, err, 'The bot deployed, but its tables could not be synced');
  }
}
