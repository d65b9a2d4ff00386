// Runs inside the extension host: the explorer's providers against the emulator (50 ms added to every
// request). (1) The first page of bots on screen — getChildren of the Bots folder and a TreeItem for every
// row — against one raw undici round trip of the same listBots request, interleaved. (2) Paging through a
// workspace of 1,000+ bots with "Load more…", with the event loop's delay recorded meanwhile, against the
// same pages fetched raw.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { request } from 'undici';
import type * as vscode from 'vscode';
import { HttpClient } from '../../src/api/http';
import { BotpressAccounts } from '../../src/auth/access';
import { UserSettings } from '../../src/settings';
import { ExplorerNode, LoadMoreNode } from '../../src/views/botpress/rows';
import { BotpressTreeProvider } from '../../src/views/botpress/tree';

/** From the extension host's environment, which the bench sets: BP_API_URL, BP_TOKEN, BENCH_ROUNDS. */
interface TreeBenchArgs {
  apiUrl: string;
  token: string;
  rounds: number;
}

export interface PagingFigures {
  pages: number;
  rows: number;
  ms: number;
  delayMaxMs: number;
  delayP99Ms: number;
}

function memoryContext(): Pick<vscode.ExtensionContext, 'globalState' | 'secrets'> {
  const state = new Map<string, unknown>();
  return {
    globalState: {
      get: (k: string) => state.get(k),
      update: async (k: string, v: unknown) => void state.set(k, v),
      keys: () => [...state.keys()],
    },
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined },
  } as unknown as Pick<vscode.ExtensionContext, 'globalState' | 'secrets'>;
}

const label = (node: ExplorerNode) => String(node.treeItem().label);

async function child(tree: BotpressTreeProvider, parent: ExplorerNode | undefined, name: string): Promise<ExplorerNode> {
  const found = (await tree.getChildren(parent)).find((n) => label(n) === name);
  if (!found) throw new Error(`no "${name}" in the tree`);
  return found;
}

/** What VS Code does to show a node's children: fetch them, then ask a TreeItem for each. */
async function render(tree: BotpressTreeProvider, node: ExplorerNode): Promise<ExplorerNode[]> {
  const rows = await tree.getChildren(node);
  for (const row of rows) tree.getTreeItem(row);
  return rows;
}

async function rawPage(
  args: TreeBenchArgs,
  workspaceId: string,
  nextToken?: string,
): Promise<{ bots: unknown[]; meta: { nextToken?: string } }> {
  const query = new URLSearchParams({ dev: 'false', ...(nextToken && { nextToken }) });
  const res = await request(`${args.apiUrl}/v1/admin/bots?${query}`, {
    headers: { authorization: `Bearer ${args.token}`, 'x-workspace-id': workspaceId },
  });
  if (res.statusCode !== 200) throw new Error(`listBots answered ${res.statusCode}`);
  return (await res.body.json()) as { bots: unknown[]; meta: { nextToken?: string } };
}

async function withDelayMonitor<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; delayMaxMs: number; delayP99Ms: number }> {
  const monitor = monitorEventLoopDelay({ resolution: 5 });
  monitor.enable();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  monitor.disable();
  return { value, ms, delayMaxMs: monitor.max / 1e6, delayP99Ms: monitor.percentile(99) / 1e6 };
}

export async function runAll(report: (message: object) => Promise<void>): Promise<void> {
  const args: TreeBenchArgs = {
    apiUrl: process.env.BP_API_URL ?? '',
    token: process.env.BP_TOKEN ?? '',
    rounds: Number(process.env.BENCH_ROUNDS ?? 15),
  };
  if (!args.apiUrl || !args.token) throw new Error('BP_API_URL and BP_TOKEN must name the emulator');
  const tree = new BotpressTreeProvider(
    new BotpressAccounts(
      memoryContext(),
      new HttpClient(),
      new UserSettings(
        () => ({ inspect: () => undefined }),
        () => {},
      ),
    ),
  );
  const [account] = await tree.getChildren();
  const acme = await child(tree, account, 'Acme Support');
  const sandbox = await child(tree, account, 'Personal Sandbox');
  const acmeId = (acme as unknown as { workspaceId: string }).workspaceId;
  const bots = await child(tree, acme, 'Bots');

  // (1) first page, interleaved with the raw round trip; one warm-up of each.
  await rawPage(args, acmeId);
  await render(tree, bots);
  for (let round = 0; round < args.rounds; round++) {
    let started = performance.now();
    await rawPage(args, acmeId);
    const raw = performance.now() - started;
    tree.refresh(bots);
    started = performance.now();
    const rows = await render(tree, bots);
    const ours = performance.now() - started;
    await report({ name: 'first-page', ok: true, raw, ours, rows: rows.length });
  }

  // (2) every page of a big workspace: raw first, then through the tree.
  const sandboxId = (sandbox as unknown as { workspaceId: string }).workspaceId;
  const raw = await withDelayMonitor(async () => {
    let pages = 0;
    let rows = 0;
    let token: string | undefined;
    do {
      const page = await rawPage(args, sandboxId, token);
      pages++;
      rows += page.bots.length;
      token = page.meta.nextToken;
    } while (token);
    return { pages, rows };
  });
  const bigBots = await child(tree, sandbox, 'Bots');
  const ours = await withDelayMonitor(async () => {
    let rows = await render(tree, bigBots);
    let pages = 1;
    while (rows.at(-1) instanceof LoadMoreNode) {
      await tree.loadMore(rows.at(-1) as LoadMoreNode);
      rows = await render(tree, bigBots);
      pages++;
    }
    return { pages, rows: rows.length };
  });
  const figures = (m: typeof raw): PagingFigures => ({ ...m.value, ms: m.ms, delayMaxMs: m.delayMaxMs, delayP99Ms: m.delayP99Ms });
  await report({ name: 'paging', ok: true, raw: figures(raw), ours: figures(ours) });
  tree.dispose();
}
