// `--data-dir`: the world kept on disk between runs. The store is written as one JSON snapshot (state.json) a
// moment after each change and when the emulator stops, atomically (a temporary file renamed over the last one),
// and read back at start instead of seeding. Deployed code is part of it: a bot's process starts again on its
// next event. So are tables: their rows, jobs and the files of their imports and exports; and the Files API's files
// (bytes, metadata, tags, passages) with the knowledge bases. Log lines generated from the clock are not stored
// (they are a function of time); what deployed code printed is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BotmockWorld } from './botmock';
import type { BotRecord, IntegrationRecord, Store } from './store';
import type { StoredFiles } from './files';
import type { TableFile, TableRecord } from './tables';

const FILE = 'state.json';
const VERSION = 1;

type StoredBot = Omit<BotRecord, 'runtime'> & {
  runtime: Omit<BotRecord['runtime'], 'participants'> & { participants: [string, string[]][] };
};

interface Snapshot {
  version: typeof VERSION;
  account: Store['account'];
  workspaces: Store['workspaces'];
  bots: StoredBot[];
  integrations: IntegrationRecord[];
  botmock: BotmockWorld;
  /** Absent from a snapshot written before tables were kept. */
  tables?: { byBot: [string, TableRecord[]][]; files: [string, Omit<TableFile, 'content'> & { base64: string }][] };
  /** Files and knowledge bases; absent from a snapshot written before they were kept. */
  files?: StoredFiles;
  /** Absent from a snapshot written before issues and versions were kept. */
  issues?: ReturnType<Store['issues']['snapshot']>;
  versions?: ReturnType<Store['versions']['snapshot']>;
}

/** The snapshot in `dir`, if one was written; a file that cannot be read is an error (nothing is overwritten). */
export function readSnapshot(dir: string): Snapshot | undefined {
  const file = path.join(dir, FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(text) as Snapshot;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}): move it away to start empty`, { cause: error });
  }
  if (snapshot?.version !== VERSION) throw new Error(`${file} has an unknown format (version ${String(snapshot?.version)})`);
  return snapshot;
}

/** Fills an empty store from a snapshot. */
export function restore(store: Store, snapshot: Snapshot): void {
  store.account = snapshot.account;
  store.workspaces.push(...snapshot.workspaces);
  for (const b of snapshot.bots) {
    const participants = new Map(b.runtime.participants.map(([id, users]) => [id, new Set(users)]));
    store.bots.set(b.bot.id, { ...b, runtime: { ...b.runtime, participants } });
  }
  for (const i of snapshot.integrations) store.integrations.set(i.integration.id, i);
  store.botmock = snapshot.botmock;
  for (const [botId, tables] of snapshot.tables?.byBot ?? []) store.tables.byBot.set(botId, tables);
  for (const [id, { base64, ...file }] of snapshot.tables?.files ?? [])
    store.tables.files.set(id, { ...file, content: Buffer.from(base64, 'base64') });
  store.files.restore(snapshot.files ?? []);
  store.issues.restore(snapshot.issues);
  store.versions.restore(snapshot.versions);
}

function snapshotOf(store: Store): Snapshot {
  return {
    version: VERSION,
    account: store.account,
    workspaces: store.workspaces,
    bots: [...store.bots.values()].map((b) => ({
      ...b,
      runtime: { ...b.runtime, participants: [...b.runtime.participants].map(([id, users]) => [id, [...users]]) },
    })),
    integrations: [...store.integrations.values()],
    botmock: store.botmock,
    tables: {
      byBot: [...store.tables.byBot].filter(([, tables]) => tables.length),
      files: [...store.tables.files].map(([id, { content, ...file }]) => [id, { ...file, base64: content.toString('base64') }]),
    },
    files: store.files.snapshot(),
    issues: store.issues.snapshot(),
    versions: store.versions.snapshot(),
  };
}

/** Writes the store to `dir` a moment after changes (at most `delayMs` late) and on `flush()`. */
export class Persistence {
  private timer?: NodeJS.Timeout;
  private written = '';

  constructor(
    private readonly store: Store,
    private readonly dir: string,
    private readonly delayMs = 250,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Something changed: a write follows shortly (one for a burst of changes). */
  changed(): void {
    this.timer ??= setTimeout(() => this.save(), this.delayMs);
  }

  /** `flush()`, reporting a failure on stderr rather than throwing (the world stays in memory). */
  save(): void {
    try {
      this.flush();
    } catch (error) {
      console.error(`emulator: could not save to ${this.dir}: ${(error as Error).message}`);
    }
  }

  /** Writes now, if anything differs from the last write. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const text = JSON.stringify(snapshotOf(this.store));
    if (text === this.written) return;
    const file = path.join(this.dir, FILE);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
    this.written = text;
  }
}
