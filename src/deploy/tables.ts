// Syncs a bot definition's tables after the bot deployed, as `bp deploy` does: listTables, then createTable for a
// new table and updateTable (the definition's schema, frozen, tags, compute) for an existing one; frozen tables
// are skipped; nothing is deleted. `ask` is called first when the plan loses values, and false keeps every
// table as it is.
import type { BotpressClient } from '../api/botpress';
import { describeTableChanges, losesData, planTables, type TableChange, type TableDefinition } from '../core/deploy/tables';

export interface TablesSync {
  changes: TableChange[];
  /** What was done, one line per table. */
  lines: string[];
  applied: boolean;
}

export async function syncTables(
  client: BotpressClient,
  definitions: Record<string, TableDefinition> | undefined,
  ask: (lines: string[]) => Promise<boolean>,
  signal?: AbortSignal,
): Promise<TablesSync> {
  if (!definitions || !Object.keys(definitions).length) return { changes: [], lines: [], applied: false };
  const { tables } = await client.listTables({}, { signal });
  const changes = planTables(definitions, tables);
  const lines = describeTableChanges(changes);
  if (losesData(changes) && !(await ask(lines)))
    return { changes, lines: ['tables not synced: the changes were declined', ...lines], applied: false };
  for (const change of changes) {
    if (change.action !== 'create' && change.action !== 'update') continue;
    const def = definitions[change.name];
    const common = { schema: def.schema, frozen: def.frozen as boolean | undefined, tags: def.tags as Record<string, string> | undefined };
    if (change.action === 'create') {
      await client.createTable(
        { name: change.name, ...common, factor: def.factor as number | undefined, keyColumn: def.keyColumn as string | undefined },
        { signal },
      );
    } else if (change.action === 'update') {
      await client.updateTable(
        { table: change.name, ...common, isComputeEnabled: def.isComputeEnabled as boolean | undefined },
        { signal },
      );
    }
  }
  return { changes, lines, applied: true };
}
