// "Botpress: Search Knowledge Bases…": runs searchFiles as the bot does, over all or chosen knowledge bases of
// a bot, and lists the ranked passages with score, file and breadcrumb; a passage opens its local source
// (when its knowledge base is synced from a folder of botpress.knowledge.json) at that place. The last
// queries are offered again. Against the local emulator the ranking is lexical, and the title says so.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BotpressClient } from '../api/botpress';
import { snippet } from '../core/knowledge/retrieval';
import { pathOfKey } from '../core/knowledge/sync';
import { kbTag } from '../core/knowledge/tags';
import { escapeMarkdownLinks } from '../core/text';
import type { Services } from '../services';
import { handleApiError } from '../ui/errors';
import { pickBot } from '../ui/pick';
import { KnowledgeBaseNode } from '../views/botpress/knowledge';
import { workspaceMappings } from './knowledge';
import { Command } from '../ids';

const historyKey = 'botpress.knowledge.searchHistory';
const loopback = (url: string) => /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(url);

export function registerKnowledgeSearch(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand(Command.searchKnowledge, (arg?: unknown) => search(services, arg)));
}

type Passage = Awaited<ReturnType<BotpressClient['searchFiles']>>['passages'][number];

async function search(services: Services, arg: unknown): Promise<void> {
  try {
    let target =
      arg && typeof arg === 'object' && 'botId' in arg && 'workspaceId' in arg
        ? (arg as { workspaceId: string; botId: string })
        : undefined;
    if (!target) {
      const bot = await pickBot(
        await services.botpress(),
        { title: 'Search Knowledge Bases', placeHolder: 'Bot whose knowledge to search' },
        services,
      );
      if (!bot) return;
      target = bot;
    }
    const client = await services.botpress({ workspaceId: target.workspaceId, botId: target.botId });
    const kbs: { id: string; name: string }[] = [];
    for await (const kb of client.iterate('listKnowledgeBases', {})) kbs.push(kb);
    if (!kbs.length) {
      void vscode.window.showInformationMessage('This bot has no knowledge base yet: run "Botpress: Sync Folder to Knowledge Base…".');
      return;
    }
    let chosen = kbs;
    if (arg instanceof KnowledgeBaseNode) chosen = kbs.filter((k) => k.id === arg.knowledgeBaseId);
    else if (kbs.length > 1) {
      const picked = await vscode.window.showQuickPick(
        kbs.map((k) => ({ label: k.name, description: k.id, picked: true, kb: k })),
        {
          title: 'Search Knowledge Bases',
          placeHolder: 'Knowledge bases to search (all by default)',
          canPickMany: true,
          ignoreFocusOut: true,
        },
      );
      if (!picked?.length) return;
      chosen = picked.map((p) => p.kb);
    }
    const query = await askQuery(services.context.workspaceState);
    if (!query) return;
    const tags = chosen.length === kbs.length ? { [kbTag.source]: kbTag.sourceValue } : { [kbTag.kbId]: chosen.map((k) => k.id) };
    const { passages } = await client.searchFiles({ query, limit: 20, tags: tags as never, contextDepth: 0, withContext: true });
    const ranking = loopback(client.apiUrl)
      ? 'ranked lexically by the local emulator (Botpress Cloud ranks by meaning)'
      : 'ranked by Botpress';
    const items = passages.map((p, i) => {
      const crumb = p.context?.find((c) => c.type === 'breadcrumb')?.text;
      return {
        label: `${i + 1}. ${p.score.toFixed(3)}  ${p.file.tags[kbTag.title] ?? p.file.key}`,
        description: crumb,
        detail: snippet(p.content, 160),
        passage: p,
      };
    });
    const picked = await vscode.window.showQuickPick(items, {
      title: `"${query}": ${passages.length} passages, ${ranking}`,
      placeHolder: passages.length ? 'A passage opens its local source when the knowledge base is synced from a folder' : 'Nothing found',
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
    if (picked) await openSource(services, target.botId, kbs, picked.passage);
  } catch (err) {
    handleApiError(services, err, 'Could not search the knowledge bases');
  }
}

/** A query, typed or one of the last ten (kept in the workspace's state). */
async function askQuery(state: vscode.Memento): Promise<string | undefined> {
  const history = state.get<string[]>(historyKey, []);
  const quick = vscode.window.createQuickPick();
  quick.title = 'Search Knowledge Bases';
  quick.placeholder = 'A question, as a user would ask it (Enter searches; recent queries below)';
  quick.items = history.map((label) => ({ label, description: 'recent' }));
  quick.ignoreFocusOut = true;
  const query = await new Promise<string | undefined>((resolve) => {
    quick.onDidAccept(() => resolve(quick.selectedItems[0]?.label ?? quick.value));
    quick.onDidHide(() => resolve(undefined));
    quick.show();
  });
  quick.dispose();
  const text = query?.trim();
  if (text) await state.update(historyKey, [text, ...history.filter((h) => h !== text)].slice(0, 10));
  return text || undefined;
}

/** Opens the passage's local source at its place, when a mapping of the workspace syncs its knowledge base. */
async function openSource(services: Services, botId: string, kbs: { id: string; name: string }[], p: Passage): Promise<void> {
  const kbId = p.file.tags[kbTag.kbId];
  const kb = kbs.find((k) => k.id === kbId);
  const rel = kbId ? pathOfKey(kbId, p.file.key) : undefined;
  const mapping = kb && rel ? (await workspaceMappings()).find((m) => m.bot === botId && m.kb === kb.name) : undefined;
  const local = mapping && rel ? path.join(mapping.folderPath, rel) : undefined;
  if (!local || !fs.existsSync(local)) {
    services.output.info(`[knowledge] ${p.file.key} (score ${p.score}):\n${p.content}`);
    void vscode.window.showInformationMessage(
      escapeMarkdownLinks(`${p.file.key} is not synced from a folder of this workspace: the passage is in the Botpress output.`),
    );
    services.output.show(true);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(local);
  const first = p.content
    .split('\n')[0]
    .replace(/^[-*>#|\s]+/, '')
    .slice(0, 40);
  const at = first ? doc.getText().indexOf(first) : -1;
  const position = doc.positionAt(Math.max(0, at));
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(position, position), preview: true });
}
