// After a bot deploy: the definition's tables synced (src/deploy/tables.ts), asking first in a modal when a
// column's values would be lost; the outcome, one line per table, in the output and a notification.
import * as vscode from 'vscode';
import type { BotpressClient } from '../api/botpress';
import type { TableDefinition } from '../core/deploy/tables';
import { syncTables } from '../deploy/tables';
import type { Services } from '../services';
import { handleApiError } from '../ui/errors';
import { escapeMarkdownLinks } from '../core/text';

export async function syncDefinitionTables(
  services: Services,
  client: BotpressClient,
  tables: Record<string, TableDefinition> | undefined,
): Promise<void> {
  try {
    const ask = async (lines: string[]) =>
      (await vscode.window.showWarningMessage(
        'Deploying these tables loses values. Continue?',
        { modal: true, detail: `${lines.join('\n')}\n\nCancel keeps every table as it is (the bot is deployed already).` },
        'Update Tables',
      )) === 'Update Tables';
    const sync = await syncTables(client, tables, ask);
    if (!sync.lines.length) return;
    services.output.info(['Tables:', ...sync.lines.map((l) => `  ${l}`)].join('\n'));
    const notes = sync.lines.filter((l) => /created|updated|frozen|declined/.test(l));
    if (notes.length) void vscode.window.showInformationMessage(escapeMarkdownLinks(notes.join(' · ')));
  } catch (err) {
    handleApiError(services, err, 'The bot deployed, but its tables could not be synced');
  }
}
