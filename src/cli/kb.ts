/** `botpress-toolkit kb sync|test`: a folder kept in sync with a knowledge base, and retrieval tests, for CI. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BotpressClient, defaultApiUrl } from '../api/botpress';
import { describeError } from '../api/errors';
import { HttpClient } from '../api/http';
import { knowledgeApi, runRetrievalFile } from '../api/knowledge';
import { retrievalFilePattern, retrievalJunit, type RetrievalResult } from '../core/knowledge/retrieval';
import { ensureKnowledgeBase, planSync, runSync, scanFolder } from '../core/knowledge/sync';
import { filesUnder, parseArgs, UsageError } from './args';

export const KB_USAGE = `usage: botpress-toolkit kb sync <folder> --bot <id> --kb <name> [--dry-run] [--delete]
                                [--include <glob>]… [--exclude <glob>]…
       botpress-toolkit kb test <files or folders…> --bot <id> [--junit <report.xml>]

The token is read from the environment variable BP_TOKEN (never from a flag); BP_API_URL sets the API
(default ${defaultApiUrl}).

  kb sync   uploads the folder's documents to the knowledge base named --kb (created when missing):
            new and changed files (by content hash, kept in each file's metadata; an unchanged file is
            never sent again), waits for indexing, and reports each file. Files of the knowledge base
            without a local document are deleted only with --delete. --dry-run prints the plan only.
            Default --include: **/*.{md,mdx,markdown,txt,html,htm,csv,json,pdf,docx,doc,pptx,xlsx}.
  kb test   runs retrieval tests (*.retrieval.yaml) with searchFiles, as the bot searches; each test's
            query must find the expected file or passage text within its top k.

Exit status: 0 success (all tests passed), 1 a file failed indexing or a test failed or a file is
malformed, 2 bad usage or the API unreachable.`;

interface Options {
  positional: string[];
  bot?: string;
  kb?: string;
  include: string[];
  exclude: string[];
  dryRun: boolean;
  delete: boolean;
  junit?: string;
}

function parseOptions(argv: string[]): Options {
  if (argv.some((a) => a === '--token' || a.startsWith('--token='))) throw new UsageError('the token is never a flag: set BP_TOKEN');
  const args = parseArgs(argv, ['--bot', '--kb', '--include', '--exclude', '--junit'], ['--dry-run', '--delete']);
  const o: Options = {
    positional: args.positional,
    bot: args.value('--bot'),
    kb: args.value('--kb'),
    include: args.values('--include'),
    exclude: args.values('--exclude'),
    dryRun: args.has('--dry-run'),
    delete: args.has('--delete'),
    junit: args.value('--junit'),
  };
  if (!o.bot) throw new UsageError('--bot is required');
  return o;
}

/** Runs `kb <sub> …`; resolves to the exit status. */
export async function kbCommand(
  argv: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || rest.includes('--help')) {
    out(KB_USAGE);
    return sub ? 0 : 2;
  }
  let options: Options;
  try {
    if (sub !== 'sync' && sub !== 'test') throw new UsageError(`unknown kb command "${sub}"`);
    options = parseOptions(rest);
    if (!env.BP_TOKEN) throw new UsageError('set the BP_TOKEN environment variable to a personal access token');
    if (sub === 'sync' && (options.positional.length !== 1 || !options.kb))
      throw new UsageError('kb sync takes one folder and --kb <name>');
    if (sub === 'test' && !options.positional.length) throw new UsageError('kb test takes retrieval test files or folders');
    if (sub === 'sync' && options.junit) throw new UsageError('--junit goes with kb test');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`botpress-toolkit: ${e.message}\n\n${KB_USAGE}`);
    return 2;
  }
  const http = new HttpClient();
  try {
    const client = new BotpressClient({ apiUrl: env.BP_API_URL || defaultApiUrl, token: env.BP_TOKEN!, http, botId: options.bot });
    return sub === 'sync' ? await sync(client, options, out, err) : await test(client, options, out, err);
  } catch (e) {
    err(`botpress-toolkit: ${describeError(e)}`);
    return 2;
  } finally {
    await http.close();
  }
}

async function sync(client: BotpressClient, o: Options, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const folder = o.positional[0];
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    err(`botpress-toolkit: ${folder}: no such folder`);
    return 2;
  }
  const api = knowledgeApi(client);
  const local = scanFolder(folder, o.include.length ? o.include : undefined, o.exclude.length ? o.exclude : undefined);
  const existing = (await api.listKnowledgeBases()).find((kb) => kb.name === o.kb);
  const kbId = existing?.id ?? (o.dryRun ? '(new)' : (await ensureKnowledgeBase(api, o.kb!)).id);
  if (!existing) out(o.dryRun ? `would create knowledge base "${o.kb}"` : `created knowledge base "${o.kb}" (${kbId})`);
  const plan = planSync(kbId, local, existing ? await api.listFiles(kbId) : []);
  const deleted = plan.delete.map((r) => r.key.slice(kbId.length + 1));
  for (const d of plan.add) out(`add      ${d.path}`);
  for (const r of plan.replace) out(`replace  ${r.local.path}`);
  for (const p of deleted)
    out(`${o.delete ? 'delete ' : 'keep   '}  ${p}${o.delete ? '' : ' (only in the knowledge base; --delete removes it)'}`);
  const toDelete = o.delete ? plan.delete.length : 0;
  out(`${plan.add.length} to add, ${plan.replace.length} to replace, ${toDelete} to delete, ${plan.unchanged.length} unchanged`);
  if (o.dryRun) return 0;
  const outcomes = await runSync(api, plan, { delete: o.delete, read: async (p) => fs.promises.readFile(path.join(folder, p)) });
  for (const r of outcomes) out(`${r.state.padEnd(9)}${r.path}${'reason' in r ? `: ${r.reason}` : ''}`);
  const bad = outcomes.filter((r) => r.state === 'failed' || r.state === 'error').length;
  out(bad ? `${bad} file(s) failed` : 'knowledge base in sync');
  return bad ? 1 : 0;
}

function retrievalFiles(inputs: string[]): string[] {
  return inputs.flatMap((input) => {
    const stat = fs.statSync(input, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`${input}: no such file or folder`);
    return stat.isDirectory() ? filesUnder(input, (name) => retrievalFilePattern.test(name)) : [input];
  });
}

async function test(client: BotpressClient, o: Options, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let files: string[];
  try {
    files = retrievalFiles(o.positional);
  } catch (e) {
    err(`botpress-toolkit: ${(e as Error).message}`);
    return 2;
  }
  if (!files.length) {
    err('botpress-toolkit: no *.retrieval.yaml files found');
    return 2;
  }
  const all: { file: string; result: RetrievalResult }[] = [];
  const problems: { file: string; message: string }[] = [];
  const kbIds = new Map<string, string>();
  for (const file of files) {
    const { parsed, results } = await runRetrievalFile(client, fs.readFileSync(file, 'utf8'), kbIds);
    for (const p of parsed.problems) {
      problems.push({ file, message: `line ${p.line + 1}: ${p.message}` });
      out(`not ok   ${file}:${p.line + 1}: ${p.message}`);
    }
    for (const r of results) {
      all.push({ file, result: r });
      out(`${r.passed ? 'ok      ' : 'not ok  '} ${r.test.name} (${file}:${r.test.line + 1}) ${r.passed ? r.message : ''}`.trimEnd());
      if (!r.passed) out(r.message.replace(/^/gm, '    '));
    }
  }
  const failed = all.filter((r) => !r.result.passed).length;
  out(`${all.length - failed} passed, ${failed} failed${problems.length ? `, ${problems.length} malformed` : ''}`);
  if (o.junit) fs.writeFileSync(o.junit, retrievalJunit(all, problems));
  return failed || problems.length ? 1 : 0;
}
