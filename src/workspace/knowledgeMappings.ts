// The workspace's botpress.knowledge.json files: which folder syncs to which knowledge base of which bot.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mappingFileName, parseMappingFile, type KnowledgeMapping } from '../core/knowledge/mapping';

/** A mapping resolved to disk: the folder's absolute path, and the file it came from (if any). */
export interface ResolvedMapping extends KnowledgeMapping {
  folderPath: string;
  mappingFile?: vscode.Uri;
}

/** The mappings of the workspace's mapping files. */
export async function workspaceMappings(): Promise<ResolvedMapping[]> {
  const out: ResolvedMapping[] = [];
  for (const uri of await vscode.workspace.findFiles(`**/${mappingFileName}`, '**/node_modules/**', 20)) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    for (const { mapping } of parseMappingFile(text).mappings)
      out.push({ ...mapping, folderPath: path.join(path.dirname(uri.fsPath), mapping.folder), mappingFile: uri });
  }
  return out;
}
