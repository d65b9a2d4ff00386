// Syncs a bot definition's tables after the bot deployed, as `bp deploy` does: listTables, then createTable for a
// new table and updateTable (the definition's schema, frozen, tags, compute) for an existing one; frozen tables
// are skipped; nothing is deleted. The plan is made before the deploy's question (the preview lists it); `ask`
// is called before applying a plan that loses values, and false keeps every table as it is.
import type { BotpressClient } from '../api/botpress';
import { describeTableChanges, losesData, planTables, type TableChange, type TableDefinition } from '../core/deploy/tables';

export interface TablesPlan {
  definitions: Record<string, TableDefinition>;
  changes: TableChange[];
  /** One line per table, as the preview and the output show it. */
  lines: string[];
}

export interface TablesSync {
  changes: TableChange[];
  /** What was done, one line per table. */
  lines: string[];
  applied: boolean;
}

/** The plan against the bot's tables; `client` undefined for a bot still to create (it has none). Undefined: no tables defined. */
export async function planTableSync(
  client: BotpressClient | undefined,
  definitions: Record<string, TableDefinition> | undefined,
  signal?: AbortSignal,
): Promise<TablesPlan | undefined> {
  if (!definitions || !Object.keys(definitions).length) return undefined;
  const tables = client ? (await client.listTables({}, { signal })).tables : [];
  const changes = planTables(definitions, tables);
  return { definitions, changes, lines: describeTableChanges(changes) };
}

export async function applyTableSync(
  client: BotpressClient,
  { definitions, changes, lines }: TablesPlan,
  ask: (lines: string[]) => Promise<boolean>,
  signal?: AbortSignal,
): Promise<TablesSync> {
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
    } else {
      await client.updateTable(
        { table: change.name, ...common, isComputeEnabled: def.isComputeEnabled as boolean | undefined },
        { signal },
      );
    }
  }
  return { changes, lines, applied: true };
}

/** Plans and applies in one go. */
export async function syncTables(
  client: BotpressClient,
  definitions: Record<string, TableDefinition> | undefined,
  ask: (lines: string[]) => Promise<boolean>,
  signal?: AbortSignal,
): Promise<TablesSync> {
  const plan = await planTableSync(client, definitions, signal);
  return plan ? applyTableSync(client, plan, ask, signal) : { changes: [], lines: [], applied: false };
}
