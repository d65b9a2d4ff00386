/**
 * An agent against its bot in the Cloud: its tables planned as a deploy would sync them (the deploy preview's
 * words, core/deploy/tables.ts), and its knowledge bases matched to the bot's by name, as the runtime matches
 * them. No `vscode` here.
 */
import * as path from 'node:path';
import { describeTableChanges, planTables, type CloudTable, type TableChange, type TableDefinition } from '../core/deploy/tables';
import type { OutlinePrimitive } from './evaluator';

export interface KnowledgeDifference {
  name: string;
  /** `missing`: the bot has no knowledge base of that name; `present`: it has; `extra`: the bot's, not the agent's. */
  status: 'missing' | 'present' | 'extra';
  /** Absolute folders of its `DataSource.Directory` sources (what a sync uploads). */
  folders: string[];
}

export interface CloudComparison {
  tables: TableChange[];
  /** One line per table, in the deploy preview's words. */
  tableLines: string[];
  /** The agent's table definitions, by name (what creating one sends). */
  definitions: Record<string, TableDefinition>;
  knowledge: KnowledgeDifference[];
}

export function compareWithCloud(
  root: string,
  primitives: readonly OutlinePrimitive[],
  remoteTables: readonly CloudTable[],
  remoteKbs: readonly { name: string }[],
): CloudComparison {
  const definitions: Record<string, TableDefinition> = {};
  for (const p of primitives.filter((x) => x.kind === 'table')) {
    const d = p.definition;
    definitions[p.name] = {
      schema: d.schema as Record<string, unknown>,
      ...(typeof d.factor === 'number' ? { factor: d.factor } : {}),
      ...(typeof d.keyColumn === 'string' ? { keyColumn: d.keyColumn } : {}),
      ...(d.tags && typeof d.tags === 'object' ? { tags: d.tags } : {}),
    };
  }
  const tables = planTables(definitions, remoteTables);
  const agentKbs = primitives.filter((x) => x.kind === 'knowledge');
  const knowledge: KnowledgeDifference[] = agentKbs.map((k) => ({
    name: k.name,
    status: remoteKbs.some((r) => r.name === k.name) ? 'present' : 'missing',
    folders: (k.details?.sources ?? []).filter((s) => s.directoryPath).map((s) => path.resolve(root, s.directoryPath!)),
  }));
  for (const r of remoteKbs) if (!agentKbs.some((k) => k.name === r.name)) knowledge.push({ name: r.name, status: 'extra', folders: [] });
  return { tables, tableLines: describeTableChanges(tables), definitions, knowledge };
}
