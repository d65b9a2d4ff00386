// Plugins and interfaces (SDK 5+): a workspace's own (`/v1/admin/plugins`, `/v1/admin/interfaces`), the Hub's
// public ones (`/v1/admin/hub/...`), and the plugins a bot installs (`updateBot.plugins`). Versions are looked up
// as the API does: an exact version, `latest`, or a semver range (the newest version that satisfies it).
import type { Bot, Interface, Plugin } from '@botpress/client';
import * as semver from 'semver';
import type { CloudCall, CloudHandler } from './cloud';
import { ApiError, complete, operations, project, type JsonSchema } from './spec';
import type { Store } from './store';

type Dict = Record<string, unknown>;

export interface PluginRecord {
  /** The owning workspace (the Hub's are owned by Botpress's, which is not one of the store's). */
  workspaceId: string;
  plugin: Plugin;
  /** The bundles `bp deploy` sends: CommonJS for node, ESM for the browser. */
  code: { node: string; browser: string };
  icon?: string;
  readme?: string;
}

export interface InterfaceRecord {
  workspaceId: string;
  interface: Interface;
  icon?: string;
  readme?: string;
}

/** The store's plugins and interfaces, created on first use (the store stays unaware of them). */
const worlds = new WeakMap<Store, { plugins: Map<string, PluginRecord>; interfaces: Map<string, InterfaceRecord> }>();
export function pluginWorld(store: Store) {
  let world = worlds.get(store);
  if (!world) worlds.set(store, (world = { plugins: new Map(), interfaces: new Map() }));
  return world;
}

const now = () => new Date().toISOString();
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** Botpress's own workspace, owner of the Hub's plugins and interfaces. */
const hubOwner = 'wkspace_botpress_hub';

function notFound(what: string, id: string): never {
  throw new ApiError('ResourceNotFound', `${what} "${id}" doesn't exist`);
}

/** The record among `records` named `name` whose version is `version`: exact, `latest`, or the newest in a semver range. */
export function pickVersion<T>(records: T[], name: string, version: string, nameVersion: (r: T) => [string, string]): T | undefined {
  const named = records.filter((r) => nameVersion(r)[0] === name);
  const newestFirst = named.sort((a, b) => semver.rcompare(semver.coerce(nameVersion(a)[1])!, semver.coerce(nameVersion(b)[1])!));
  if (version === 'latest') return newestFirst[0];
  const exact = named.find((r) => nameVersion(r)[1] === version);
  if (exact || semver.valid(version)) return exact;
  if (!semver.validRange(version)) throw new ApiError('InvalidPayload', `"${version}" is neither a version nor a semver range`);
  return newestFirst.find((r) => semver.satisfies(nameVersion(r)[1], version));
}

const pluginNameVersion = (r: PluginRecord): [string, string] => [r.plugin.name, r.plugin.version];
const interfaceNameVersion = (r: InterfaceRecord): [string, string] => [r.interface.name, r.interface.version];
const isPublic = (r: PluginRecord) => r.plugin.visibility !== 'private';

/** Offset paging as the other lists (20 a page), projected on the list operation's item schema. */
function listOf<T extends object>(op: string, key: string, all: T[], query: Dict) {
  const offset = query.nextToken === undefined ? 0 : Number(Buffer.from(String(query.nextToken), 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0)
    throw new ApiError('InvalidPayload', `nextToken "${String(query.nextToken)}" is not a token this API issued`);
  const items = all.slice(offset, offset + 20);
  const next = offset + 20 < all.length ? Buffer.from(String(offset + 20)).toString('base64url') : undefined;
  const schema = (operations[op].response.schema.properties![key] as JsonSchema).items as JsonSchema;
  return { [key]: items.map((i) => project(schema, i)), meta: next ? { nextToken: next } : {} };
}

const byQuery = (name: string, version: string) => (query: Dict) =>
  (!query.name || name === query.name) && (!query.version || version === query.version);

/** Applies a partial update: a key sent as null is removed, as everywhere in the API. */
function patchRecord(target: unknown, changes: unknown): Dict {
  const out = { ...(target as Dict) };
  for (const [k, v] of Object.entries((changes ?? {}) as Dict)) {
    if (v === null || v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

const mediaUrl = (kind: string, id: string, file: string) => `https://media.botpress.cloud/${kind}/${id}/${file}`;

// ---- plugins ---------------------------------------------------------------------------------------

/** Integrations and interfaces a plugin depends on, from `{ id }` or `{ name, version }` (a range allowed) to `{ id, name, version }`. */
function resolveDependencies(call: CloudCall, deps: Dict | undefined, current: Plugin['dependencies']): Plugin['dependencies'] {
  const out = { integrations: { ...current.integrations }, interfaces: { ...current.interfaces } };
  const integrations = [...call.store.integrations.values()].filter((r) => r.workspaceId === null || r.workspaceId === call.workspaceId);
  const interfaces = [...pluginWorld(call.store).interfaces.values()].filter(
    (r) => r.interface.public || r.workspaceId === call.workspaceId,
  );
  for (const [alias, dep] of Object.entries((deps?.integrations ?? {}) as Record<string, Dict | null>)) {
    if (dep === null) {
      delete out.integrations[alias];
      continue;
    }
    const found =
      typeof dep.id === 'string'
        ? integrations.find((r) => r.integration.id === dep.id)
        : pickVersion(integrations, String(dep.name), String(dep.version), (r) => [r.integration.name, r.integration.version]);
    if (!found)
      throw new ApiError(
        'ReferenceNotFound',
        `Integration ${String(dep.id ?? `${String(dep.name)}@${String(dep.version)}`)} doesn't exist`,
      );
    out.integrations[alias] = { id: found.integration.id, name: found.integration.name, version: found.integration.version };
  }
  for (const [alias, dep] of Object.entries((deps?.interfaces ?? {}) as Record<string, Dict | null>)) {
    if (dep === null) {
      delete out.interfaces[alias];
      continue;
    }
    const found =
      typeof dep.id === 'string'
        ? interfaces.find((r) => r.interface.id === dep.id)
        : pickVersion(interfaces, String(dep.name), String(dep.version), interfaceNameVersion);
    if (!found)
      throw new ApiError('ReferenceNotFound', `Interface ${String(dep.id ?? `${String(dep.name)}@${String(dep.version)}`)} doesn't exist`);
    out.interfaces[alias] = { id: found.interface.id, name: found.interface.name, version: found.interface.version };
  }
  return out;
}

function applyPluginBody(call: CloudCall, record: PluginRecord, body: Dict): void {
  const p = record.plugin as unknown as Dict;
  for (const key of ['title', 'description', 'configuration'] as const) if (key in body) p[key] = body[key];
  for (const key of ['states', 'events', 'actions', 'attributes'] as const) if (body[key]) p[key] = patchRecord(p[key], body[key]);
  for (const key of ['user', 'conversation'] as const) {
    const tags = (body[key] as { tags?: Dict } | undefined)?.tags;
    if (tags) p[key] = { tags: patchRecord((p[key] as { tags: Dict }).tags, tags) };
  }
  if (typeof body.visibility === 'string') p.visibility = body.visibility;
  else if (typeof body.public === 'boolean') p.visibility = body.public ? 'public' : 'private';
  p.public = p.visibility !== 'private';
  if ('dependencies' in body) p.dependencies = resolveDependencies(call, body.dependencies as Dict, record.plugin.dependencies);
  if (body.code) record.code = body.code as PluginRecord['code'];
  if (typeof body.icon === 'string') {
    record.icon = body.icon;
    p.iconUrl = mediaUrl('plugins', record.plugin.id, 'icon.svg');
  }
  if (typeof body.readme === 'string') {
    record.readme = body.readme;
    p.readmeUrl = mediaUrl('plugins', record.plugin.id, 'readme.md');
  }
  p.updatedAt = now();
  record.plugin = complete<Plugin>(ref('Plugin'), p, now());
}

function newPlugin(store: Store, workspaceId: string, name: string, version: string, at = Date.now()): PluginRecord {
  const plugin = complete<Plugin>(
    ref('Plugin'),
    {
      id: store.ids.ulid('plugver', at),
      name,
      version,
      title: name,
      createdAt: new Date(at).toISOString(),
      updatedAt: new Date(at).toISOString(),
      configuration: { schema: { type: 'object', properties: {} } },
      dependencies: { integrations: {}, interfaces: {} },
      user: { tags: {} },
      conversation: { tags: {} },
      visibility: 'private',
      public: false,
      lifecycleStatus: 'published',
    },
    new Date(at).toISOString(),
  );
  return { workspaceId, plugin, code: { node: '', browser: '' } };
}

const ownPlugin = (call: CloudCall): PluginRecord => {
  const record = pluginWorld(call.store).plugins.get(call.params.id);
  return record && record.workspaceId === call.workspaceId ? record : notFound('Plugin', call.params.id);
};
const hubPlugin = (call: CloudCall): PluginRecord => {
  const record = pluginWorld(call.store).plugins.get(call.params.id);
  return record && isPublic(record) ? record : notFound('Plugin', call.params.id);
};
const ownPlugins = (call: CloudCall) => [...pluginWorld(call.store).plugins.values()].filter((r) => r.workspaceId === call.workspaceId);
const hubPlugins = (store: Store) => [...pluginWorld(store).plugins.values()].filter(isPublic);

// ---- interfaces ------------------------------------------------------------------------------------

function applyInterfaceBody(record: InterfaceRecord, body: Dict): void {
  const i = record.interface as unknown as Dict;
  for (const key of ['title', 'description', 'nameTemplate', 'public'] as const) if (key in body) i[key] = body[key];
  for (const key of ['entities', 'events', 'actions', 'channels', 'attributes'] as const)
    if (body[key]) i[key] = patchRecord(i[key], body[key]);
  if (typeof body.icon === 'string') {
    record.icon = body.icon;
    i.iconUrl = mediaUrl('interfaces', record.interface.id, 'icon.svg');
  }
  if (typeof body.readme === 'string') {
    record.readme = body.readme;
    i.readmeUrl = mediaUrl('interfaces', record.interface.id, 'readme.md');
  }
  i.updatedAt = now();
  record.interface = complete<Interface>(ref('Interface'), i, now());
}

function newInterface(store: Store, workspaceId: string, name: string, version: string, at = Date.now()): InterfaceRecord {
  const iso = new Date(at).toISOString();
  const intrface = complete<Interface>(
    ref('Interface'),
    { id: store.ids.ulid('intrver', at), name, version, title: name, createdAt: iso, updatedAt: iso, public: false },
    iso,
  );
  return { workspaceId, interface: intrface };
}

const ownInterface = (call: CloudCall): InterfaceRecord => {
  const record = pluginWorld(call.store).interfaces.get(call.params.id);
  return record && record.workspaceId === call.workspaceId ? record : notFound('Interface', call.params.id);
};
const ownInterfaces = (call: CloudCall) =>
  [...pluginWorld(call.store).interfaces.values()].filter((r) => r.workspaceId === call.workspaceId);
const hubInterfaces = (store: Store) => [...pluginWorld(store).interfaces.values()].filter((r) => r.interface.public);

function found<T>(record: T | undefined, what: string, params: Dict): T {
  return record ?? notFound(what, `${String(params.name)}@${String(params.version)}`);
}

export const pluginHandlers: Record<string, CloudHandler> = {
  createPlugin: (call) => {
    const { name, version } = call.body as { name: string; version: string };
    if (!semver.valid(version)) throw new ApiError('InvalidPayload', `Plugin version "${version}" is not a semver version`);
    if (ownPlugins(call).some((r) => r.plugin.name === name && r.plugin.version === version))
      throw new ApiError('AlreadyExists', `Plugin ${name}@${version} already exists in this workspace`);
    const record = newPlugin(call.store, call.workspaceId!, name, version);
    applyPluginBody(call, record, call.body);
    pluginWorld(call.store).plugins.set(record.plugin.id, record);
    return { plugin: record.plugin };
  },
  getPlugin: (call) => ({ plugin: ownPlugin(call).plugin }),
  getPluginByName: (call) => ({
    plugin: found(pickVersion(ownPlugins(call), call.params.name, call.params.version, pluginNameVersion), 'Plugin', call.params).plugin,
  }),
  updatePlugin: (call) => {
    const record = ownPlugin(call);
    applyPluginBody(call, record, call.body);
    return { plugin: record.plugin };
  },
  deletePlugin: (call) => {
    pluginWorld(call.store).plugins.delete(ownPlugin(call).plugin.id);
    return {};
  },
  listPlugins: (call) =>
    listOf(
      'listPlugins',
      'plugins',
      ownPlugins(call)
        .map((r) => r.plugin)
        .filter((p) => byQuery(p.name, p.version)(call.query)),
      call.query,
    ),
  getPluginCode: (call) => ({ code: ownPlugin(call).code[call.params.platform as 'node' | 'browser'] }),

  listPublicPlugins: ({ store, query }) =>
    listOf(
      'listPublicPlugins',
      'plugins',
      hubPlugins(store)
        .filter((r) => r.plugin.visibility === 'public')
        .map((r) => r.plugin)
        .filter((p) => byQuery(p.name, p.version)(query)),
      query,
    ),
  getPublicPluginById: (call) => ({ plugin: hubPlugin(call).plugin }),
  getPublicPlugin: (call) => ({
    plugin: found(pickVersion(hubPlugins(call.store), call.params.name, call.params.version, pluginNameVersion), 'Plugin', call.params)
      .plugin,
  }),
  getPublicPluginCode: (call) => ({ code: hubPlugin(call).code[call.params.platform as 'node' | 'browser'] }),

  createInterface: (call) => {
    const { name, version } = call.body as { name: string; version: string };
    if (!semver.valid(version)) throw new ApiError('InvalidPayload', `Interface version "${version}" is not a semver version`);
    if (ownInterfaces(call).some((r) => r.interface.name === name && r.interface.version === version))
      throw new ApiError('AlreadyExists', `Interface ${name}@${version} already exists in this workspace`);
    const record = newInterface(call.store, call.workspaceId!, name, version);
    applyInterfaceBody(record, call.body);
    pluginWorld(call.store).interfaces.set(record.interface.id, record);
    return { interface: record.interface };
  },
  getInterface: (call) => ({ interface: ownInterface(call).interface }),
  getInterfaceByName: (call) => ({
    interface: found(
      pickVersion(ownInterfaces(call), call.params.name, call.params.version, interfaceNameVersion),
      'Interface',
      call.params,
    ).interface,
  }),
  updateInterface: (call) => {
    const record = ownInterface(call);
    applyInterfaceBody(record, call.body);
    return { interface: record.interface };
  },
  deleteInterface: (call) => {
    pluginWorld(call.store).interfaces.delete(ownInterface(call).interface.id);
    return {};
  },
  listInterfaces: (call) =>
    listOf(
      'listInterfaces',
      'interfaces',
      ownInterfaces(call)
        .map((r) => r.interface)
        .filter((i) => byQuery(i.name, i.version)(call.query)),
      call.query,
    ),
  listPublicInterfaces: ({ store, query }) =>
    listOf(
      'listPublicInterfaces',
      'interfaces',
      hubInterfaces(store)
        .map((r) => r.interface)
        .filter((i) => byQuery(i.name, i.version)(query)),
      query,
    ),
  getPublicInterfaceById: (call) => {
    const record = pluginWorld(call.store).interfaces.get(call.params.id);
    return { interface: (record?.interface.public ? record : notFound('Interface', call.params.id)).interface };
  },
  getPublicInterface: (call) => ({
    interface: found(
      pickVersion(hubInterfaces(call.store), call.params.name, call.params.version, interfaceNameVersion),
      'Interface',
      call.params,
    ).interface,
  }),
};

/**
 * `updateBot.plugins`: `{ alias: { id, enabled?, configuration?, integrations?, interfaces? } | null }` installs,
 * changes or (null) removes a plugin; the bot then reads back each as the Plugin it is, with its install settings.
 */
export function installPlugins(call: CloudCall, current: Bot['plugins'], changes: Record<string, Dict | null>): Bot['plugins'] {
  const installed = { ...current };
  const world = pluginWorld(call.store);
  for (const [alias, change] of Object.entries(changes)) {
    if (change === null) {
      delete installed[alias];
      continue;
    }
    const record = world.plugins.get(String(change.id));
    if (!record || (!isPublic(record) && record.workspaceId !== call.workspaceId))
      throw new ApiError('ReferenceNotFound', `Plugin "${String(change.id)}" doesn't exist or is not visible from this workspace`);
    const { id, name, version, createdAt, title, description, iconUrl, readmeUrl, visibility, lifecycleStatus } = record.plugin;
    const before = installed[alias];
    const interfaces = change.interfaces as Record<string, { integrationId: string; integrationAlias?: string }> | undefined;
    const integrations = change.integrations as Record<string, { integrationId: string; integrationAlias: string }> | undefined;
    for (const { integrationId } of [...Object.values(interfaces ?? {}), ...Object.values(integrations ?? {})])
      if (!call.store.integrations.has(integrationId))
        throw new ApiError('ReferenceNotFound', `Integration "${integrationId}" doesn't exist`);
    installed[alias] = {
      ...(before?.id === id ? before : {}),
      id,
      name,
      version,
      createdAt,
      updatedAt: now(),
      title,
      description,
      iconUrl,
      readmeUrl,
      public: visibility !== 'private',
      visibility,
      lifecycleStatus,
      enabled: typeof change.enabled === 'boolean' ? change.enabled : (before?.enabled ?? true),
      configuration: (change.configuration as Dict | undefined) ?? before?.configuration ?? {},
      ...(interfaces && {
        interfaces: Object.fromEntries(
          Object.entries(interfaces).map(([k, v]) => [
            k,
            {
              integrationId: v.integrationId,
              integrationAlias: v.integrationAlias ?? v.integrationId,
              ...(record.plugin.dependencies.interfaces[k] && { interfaceId: record.plugin.dependencies.interfaces[k].id }),
            },
          ]),
        ),
      }),
      ...(integrations && { integrations }),
    } as Bot['plugins'][string];
  }
  return installed;
}

/** The Hub's plugins and interfaces in the demo: what `bp add` and the Hub list show. */
export function seedHubPlugins(store: Store, at: number): void {
  const world = pluginWorld(store);
  const hitlInterface = newInterface(store, hubOwner, 'hitl', '1.0.0', at);
  applyInterfaceBody(hitlInterface, {
    title: 'Human in the loop',
    description: 'Hands a conversation over to a human agent',
    public: true,
    actions: {
      startHitl: {
        title: 'Start HITL',
        input: { schema: { type: 'object', properties: { title: { type: 'string' } } } },
        output: { schema: { type: 'object' } },
      },
    },
    events: { hitlStopped: { title: 'HITL stopped', schema: { type: 'object', properties: { conversationId: { type: 'string' } } } } },
  });
  const listable = newInterface(store, hubOwner, 'listable', '0.0.1', at);
  applyInterfaceBody(listable, { title: 'Listable', description: 'Lists the items of an entity', public: true });
  for (const r of [hitlInterface, listable]) {
    r.interface.updatedAt = r.interface.createdAt;
    world.interfaces.set(r.interface.id, r);
  }

  const hitl = newPlugin(store, hubOwner, 'hitl', '0.4.0', at);
  const personality = newPlugin(store, hubOwner, 'personality', '0.2.1', at);
  const bodies: [PluginRecord, Dict][] = [
    [
      hitl,
      {
        title: 'Human in the loop',
        description: 'Lets a human agent take over a conversation',
        visibility: 'public',
        states: { hitl: { type: 'conversation', schema: { type: 'object', properties: { hitlActive: { type: 'boolean' } } } } },
        configuration: { schema: { type: 'object', properties: { onHitlHandoffMessage: { type: 'string', title: 'Handoff message' } } } },
        conversation: { tags: { downstream: { title: 'Downstream conversation' }, upstream: { title: 'Upstream conversation' } } },
        code: { node: 'module.exports = {}', browser: 'export default {}' },
      },
    ],
    [
      personality,
      {
        title: 'Personality',
        description: "Rewrites the bot's messages in a given tone",
        visibility: 'public',
        configuration: { schema: { type: 'object', properties: { personality: { type: 'string', title: 'Personality' } } } },
        code: { node: 'module.exports = {}', browser: 'export default {}' },
      },
    ],
  ];
  const call = { store, workspaceId: hubOwner } as CloudCall;
  for (const [record, body] of bodies) {
    applyPluginBody(call, record, body);
    record.plugin.updatedAt = record.plugin.createdAt; // the demo world is the same on every start
    world.plugins.set(record.plugin.id, record);
  }
  const hitlDependsOn = hitlInterface.interface;
  hitl.plugin.dependencies.interfaces.hitl = { id: hitlDependsOn.id, name: hitlDependsOn.name, version: hitlDependsOn.version };
}
