// A bot's versions and its bot JSON (listBotVersions, getBotVersion, createBotVersion, deployBotVersion, getBotJson,
// publishFromBotJson). A version is a snapshot of the bot: its definition (the Bot as getBot returns it), its deployed
// code and its bot JSON. getBotVersion's `url` serves that version's bot JSON (GET, no token: a signed address, as
// the Cloud's storage URLs are). The bot JSON is Botpress's Studio export, whose format is not documented: what
// publishFromBotJson receives is kept and returned unchanged; a bot never published that way reads as its definition.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Bot } from '@botpress/client';
import { botIn, type CloudHandler } from './cloud';
import { notFound } from './lists';
import * as make from './resources';
import type { BotRecord } from './store';

type Dict = Record<string, unknown>;

export interface VersionRecord {
  id: string;
  name: string;
  description?: string;
  createdAt: string;
  /** The bot as it was (getBot's shape), its code and its bot JSON. */
  bot: Bot;
  code?: string;
  botJson: Dict;
  /** Whether that bot JSON was published (publishFromBotJson), rather than read from the definition. */
  published: boolean;
  /** The secret part of the version's URL. */
  secret: string;
}

const clone = <T>(value: T): T => structuredClone(value);

export class VersionBook {
  private readonly versions = new Map<string, VersionRecord[]>();
  /** Bot JSON published with publishFromBotJson, by bot id, as received. */
  private readonly botJsons = new Map<string, Dict>();

  /** The bot's JSON: as last published, else its definition. */
  botJson(record: BotRecord): Dict {
    return clone(this.botJsons.get(record.bot.id) ?? definitionJson(record.bot));
  }

  /** Keeps a bot's published JSON (undefined: none, the bot reads as its definition again). */
  publish(botId: string, json: Dict | undefined): void {
    if (json) this.botJsons.set(botId, clone(json));
    else this.botJsons.delete(botId);
  }

  create(record: BotRecord, id: string, name: string, description: string | undefined): VersionRecord {
    const version: VersionRecord = {
      id,
      name,
      ...(description === undefined ? {} : { description }),
      createdAt: new Date().toISOString(),
      bot: clone(record.bot),
      ...(record.code === undefined ? {} : { code: record.code }),
      botJson: this.botJson(record),
      published: this.botJsons.has(record.bot.id),
      secret: randomBytes(16).toString('base64url'),
    };
    const list = this.versions.get(record.bot.id) ?? [];
    list.push(version);
    this.versions.set(record.bot.id, list);
    return version;
  }

  /** A bot's versions, the newest first. */
  list(botId: string): VersionRecord[] {
    return [...(this.versions.get(botId) ?? [])].reverse();
  }

  get(botId: string, versionId: string): VersionRecord {
    return this.versions.get(botId)?.find((v) => v.id === versionId) ?? notFound('Version', versionId);
  }

  forget(botId: string): void {
    this.versions.delete(botId);
    this.botJsons.delete(botId);
  }

  /** GET /bot-versions/{botId}/{versionId}/{secret}: the version's bot JSON. */
  serve(path: string, res: ServerResponse): void {
    const [, , botId, versionId, secret] = path.split('/').map(decodeURIComponent);
    const version = this.versions.get(botId)?.find((v) => v.id === versionId);
    if (!version || version.secret !== secret) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('This URL is not valid (or the version was deleted)');
      return;
    }
    const body = JSON.stringify(version.botJson);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  }

  /** For persistence. */
  snapshot(): { versions: Record<string, VersionRecord[]>; botJsons: Record<string, Dict> } {
    return { versions: Object.fromEntries(this.versions), botJsons: Object.fromEntries(this.botJsons) };
  }
  restore(saved: ReturnType<VersionBook['snapshot']> | undefined): void {
    for (const [botId, list] of Object.entries(saved?.versions ?? {})) this.versions.set(botId, list);
    for (const [botId, json] of Object.entries(saved?.botJsons ?? {})) this.botJsons.set(botId, json);
  }
}

/** The bot JSON of a bot never published from one: its definition, as an updateBot body would carry it. */
function definitionJson(bot: Bot): Dict {
  const integrations = Object.fromEntries(
    Object.entries(bot.integrations).map(([alias, i]) => [
      alias,
      { integrationId: i.id, name: i.name, version: i.version, enabled: i.enabled, configuration: i.configuration },
    ]),
  );
  const { name, description, tags, states, events, actions, user, conversation, message, configuration, maxExecutionTime } = bot as Bot &
    Dict;
  return { name, description, tags, states, events, actions, user, conversation, message, configuration, maxExecutionTime, integrations };
}

/** Fields a deployed version restores; the bot keeps its id, creation date, dev flag and signing secret. */
const kept = ['id', 'createdAt', 'dev', 'signingSecret'] as const;

export const versionHandlers: Record<string, CloudHandler> = {
  listBotVersions: (call) => ({
    versions: call.store.versions.list(botIn(call).bot.id).map(({ id, name, description }) => ({ id, name, description })),
  }),
  getBotVersion: (call) => {
    const record = botIn(call);
    const version = call.store.versions.get(record.bot.id, call.params.versionId);
    const path = [record.bot.id, version.id, version.secret].map(encodeURIComponent).join('/');
    return { url: `${call.store.files.baseUrl}/bot-versions/${path}` };
  },
  createBotVersion: (call) => {
    const record = botIn(call);
    const { name, description } = call.body as { name: string; description?: string };
    const { id } = call.store.versions.create(record, call.store.ids.ulid('ver', Date.now()), name, description);
    return { version: { id, name, ...(description === undefined ? {} : { description }) } };
  },
  deployBotVersion: (call) => {
    const record = botIn(call);
    const version = call.store.versions.get(record.bot.id, String(call.body.versionId));
    const current = record.bot as unknown as Dict;
    const restored = clone(version.bot) as unknown as Dict;
    for (const key of kept) restored[key] = current[key];
    const at = new Date().toISOString();
    record.bot = make.bot({ ...restored, updatedAt: at, deployedAt: at } as unknown as Bot);
    call.store.versions.publish(record.bot.id, version.published ? version.botJson : undefined);
    if (version.code !== undefined) {
      record.code = version.code;
      call.runtime.deployed(record);
    }
    return {};
  },
  getBotJson: (call) => call.store.versions.botJson(botIn(call)),
  publishFromBotJson: (call) => {
    const record = botIn(call);
    call.store.versions.publish(record.bot.id, (call.body as { botJson: Dict }).botJson);
    const at = new Date().toISOString();
    record.bot.updatedAt = at;
    record.bot.deployedAt = at;
    return {};
  },
};
