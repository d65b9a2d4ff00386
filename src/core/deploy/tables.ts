// The tables of a bot definition against the bot's tables in the cloud, planned as the official CLI syncs them
// (botpress/botpress packages/cli/src/tables/tables-publisher.ts): by name; a new one created, an existing one
// updated with the definition's schema; a frozen one skipped; none deleted. A column the definition no longer
// has, or whose type changed, loses its values: such changes are named so the user is asked first.
import { normalizeColumns } from '../tables/columns';

type Dict = Record<string, unknown>;
export type TableDefinition = Dict & { schema: Dict };
export interface CloudTable {
  name: string;
  frozen?: boolean;
  schema: { properties: Record<string, { type: string; format?: string }> };
}

export type TableChange =
  | { name: string; action: 'create'; columns: string[] }
  | { name: string; action: 'update'; added: string[]; removed: string[]; retyped: Array<{ column: string; from: string; to: string }> }
  | { name: string; action: 'frozen' }
  /** Tables of the cloud the definition does not name: kept, as the CLI keeps them. */
  | { name: string; action: 'kept' };

const typeOf = (c: { type: string; format?: string }) => (c.format === 'date-time' ? 'date-time' : c.type);

export function planTables(definitions: Record<string, TableDefinition> | undefined, cloud: readonly CloudTable[]): TableChange[] {
  const changes: TableChange[] = [];
  for (const [name, def] of Object.entries(definitions ?? {})) {
    const existing = cloud.find((t) => t.name === name);
    const { columns } = normalizeColumns(def.schema);
    if (!existing) {
      changes.push({ name, action: 'create', columns: Object.keys(columns) });
      continue;
    }
    if (existing.frozen) {
      changes.push({ name, action: 'frozen' });
      continue;
    }
    const before = existing.schema.properties;
    changes.push({
      name,
      action: 'update',
      added: Object.keys(columns).filter((c) => !before[c]),
      removed: Object.keys(before).filter((c) => !columns[c]),
      retyped: Object.keys(columns)
        .filter((c) => before[c] && typeOf(before[c]) !== typeOf(columns[c]))
        .map((c) => ({ column: c, from: typeOf(before[c]), to: typeOf(columns[c]) })),
    });
  }
  for (const t of cloud) if (!definitions?.[t.name]) changes.push({ name: t.name, action: 'kept' });
  return changes;
}

/** Whether applying the plan loses values (a changed type resets a column; a removed one is left out of the definition). */
export const losesData = (changes: readonly TableChange[]) =>
  changes.some((c) => c.action === 'update' && (c.retyped.length || c.removed.length));

/** One line per table, for the deploy preview and the output. */
export function describeTableChanges(changes: readonly TableChange[]): string[] {
  return changes.map((c) => {
    switch (c.action) {
      case 'create':
        return `table ${c.name}: created (${c.columns.join(', ')})`;
      case 'frozen':
        return `table ${c.name}: frozen in the cloud, not updated`;
      case 'kept':
        return `table ${c.name}: not in the definition, kept (a deploy never deletes a table)`;
      case 'update': {
        const parts = [
          ...c.added.map((a) => `+${a}`),
          ...c.retyped.map((r) => `${r.column}: ${r.from} → ${r.to} (its values are reset to null)`),
          ...c.removed.map((r) => `${r}: not in the definition (kept; delete it in the dashboard if unwanted)`),
        ];
        return `table ${c.name}: ${parts.length ? `updated: ${parts.join('; ')}` : 'unchanged'}`;
      }
    }
  });
}
