// The emulator's in-memory world. Resources are kept in their full official shape (as `get*` returns
// them); lists project them to their item schema. Tests read it through `startEmulator(...).store`.
import type { Bot, Conversation, Event, Integration, Message, State, User, Workspace } from '@botpress/client';
import { LogStream, type LogFilter, type LogLine, type LogSource } from './logs';
import { Ids } from './random';
import type { BotmockWorld } from './botmock';
import { TablesWorld } from './tables';
import { FileStore } from './files';
import { IssueBook } from './issues';
import { VersionBook } from './versions';
import type { CustomEventRecord } from './analytics';

export interface BotRuntime {
  conversations: Conversation[];
  messages: Message[];
  users: User[];
  events: Event[];
  states: State[];
  /** The users taking part in each conversation, by conversation id. */
  participants: Map<string, Set<string>>;
}

export interface BotRecord {
  workspaceId: string;
  bot: Bot;
  runtime: BotRuntime;
  logSource: LogSource;
  /** The bundled code last deployed with updateBot. */
  code?: string;
  /** Secret values set with updateBot (newer-fields.ts); `bot.secrets` lists their names. */
  secrets?: Record<string, string>;
  /** What trackAnalytics recorded (analytics.ts). */
  customEvents?: CustomEventRecord[];
}

export interface IntegrationRecord {
  /** The owning workspace, or null for a public integration of the hub. */
  workspaceId: string | null;
  integration: Integration;
  logSource: LogSource;
  /** What the last create/update sent: the code, the icon (SVG, base64) and the readme (markdown, base64). */
  code?: string;
  icon?: string;
  readme?: string;
}

export class Store {
  readonly workspaces: Workspace[] = [];
  readonly bots = new Map<string, BotRecord>();
  readonly integrations = new Map<string, IntegrationRecord>();
  botmock: BotmockWorld = { teams: [] };
  /** Each bot's tables and their jobs' files (tables.ts). */
  readonly tables = new TablesWorld();
  /** Every bot's files and knowledge bases. */
  readonly files = new FileStore();
  /** Every bot's runtime issues (issues.ts). */
  readonly issues = new IssueBook((prefix, at) => this.ids.ulid(prefix, at));
  /** Every bot's versions and published bot JSON (versions.ts). */
  readonly versions = new VersionBook();
  /** The account the token belongs to (getAccount). */
  account = { id: '', email: 'demo@example.com', displayName: 'Demo Developer', emailVerified: true, createdAt: new Date(0).toISOString() };
  /** Every response that did not match its official schema (tests assert this stays empty). */
  readonly violations: string[] = [];
  /** How many successful answers each Cloud operation gave (lets tests prove they covered every route). */
  readonly served = new Map<string, number>();
  readonly ids: Ids;
  readonly logs: LogStream;

  constructor(opts: { seed: number; logRate: number; logHistoryMs: number; now?: () => number }) {
    const now = opts.now ?? Date.now;
    this.ids = new Ids(opts.seed);
    this.logs = new LogStream(now() - opts.logHistoryMs, opts.logRate, now);
  }

  /** Called with every message added to or deleted from a bot (the Chat API streams them, the bot's code gets the incoming ones). */
  readonly messageListeners = new Set<(record: BotRecord, message: Message, change: 'created' | 'deleted') => void>();

  addMessage(record: BotRecord, message: Message): void {
    record.runtime.messages.push(message);
    const conversation = record.runtime.conversations.find((c) => c.id === message.conversationId);
    if (conversation) conversation.updatedAt = message.createdAt;
    for (const listener of this.messageListeners) listener(record, message, 'created');
  }

  /** Tells the listeners a message was removed from `record.runtime.messages`. */
  messageDeleted(record: BotRecord, message: Message): void {
    for (const listener of this.messageListeners) listener(record, message, 'deleted');
  }

  workspace(id: string): Workspace | undefined {
    return this.workspaces.find((w) => w.id === id);
  }

  botsOf(workspaceId: string): BotRecord[] {
    return [...this.bots.values()].filter((b) => b.workspaceId === workspaceId);
  }

  /** The bot whose installed `chat` integration has this webhook id. */
  botByWebhook(webhookId: string): BotRecord | undefined {
    for (const record of this.bots.values()) {
      for (const entry of Object.values(record.bot.integrations)) {
        if (entry.name === 'chat' && entry.webhookId === webhookId) return record;
      }
    }
    return undefined;
  }

  /** Every log line a bot or integration produced in a time range (default: since the stream began), in order. */
  logLines(sourceId: string, range: Partial<Pick<LogFilter, 'timeStart' | 'timeEnd'>> = {}): LogLine[] {
    const source = this.bots.get(sourceId)?.logSource ?? this.integrations.get(sourceId)?.logSource;
    if (!source) throw new Error(`no bot or integration ${sourceId}`);
    const filter = { timeStart: range.timeStart ?? 0, timeEnd: range.timeEnd ?? Number.MAX_SAFE_INTEGER };
    return [...this.logs.lines(source, filter)].map((k) => k.line);
  }
}
