/**
 * The request body the official CLI builds from an evaluated SDK definition (its `api/bot-body.ts`,
 * `api/integration-body.ts`, `api/plugin-body.ts` and `prepareCreateIntegrationBody`, for the CLI that
 * ships with SDK 5.x). Runs in the worker, with the project's own SDK doing the zod → JSON Schema step.
 * File references (readme, icon, scripts) stay paths here: deploy reads them.
 */
import type { DefinitionExtras } from './protocol';
import type { SdkProjectKind } from './project';

type Dict = Record<string, unknown>;
/** A definition entry carrying a zod schema (and the deprecated `ui` hints). */
interface SchemaDefinition {
  schema: unknown;
  ui?: Record<string, { title?: string; examples?: unknown[] } | undefined>;
}
/** The project SDK's transform: a zod schema to JSON Schema. */
export type ToJsonSchema = (schema: unknown, legacy: boolean) => Dict;

/** Thrown when one schema cannot be converted; `path` names the body entry. */
export class SchemaError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

const isDict = (v: unknown): v is Dict => !!v && typeof v === 'object' && !Array.isArray(v);
const mapValues = <T, U>(record: Record<string, T> | undefined, f: (v: T, k: string) => U): Record<string, U> | undefined =>
  record ? Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v, k)])) : undefined;

export function buildBody(kind: SdkProjectKind, def: Dict, toJsonSchema: ToJsonSchema): { body: Dict; extras: DefinitionExtras } {
  const legacy = !!(def.__advanced as Dict | undefined)?.useLegacyZuiTransformer;
  const convert = (d: SchemaDefinition, path: string): Dict => {
    let schema: Dict;
    try {
      schema = dereference(toJsonSchema(d.schema, legacy));
    } catch (err) {
      throw new SchemaError(
        `Failed to convert the zod schema of ${path} to JSON Schema: ${err instanceof Error ? err.message : String(err)}`,
        path,
      );
    }
    // The deprecated `ui` hints fold into the schema's properties, as the CLI does.
    if (schema.type === 'object' && isDict(d.ui) && isDict(schema.properties)) {
      for (const [key, hint] of Object.entries(d.ui)) {
        const property = schema.properties[key];
        if (!isDict(property) || !hint) continue;
        if (hint.title) property.title = hint.title;
        if (hint.examples) property.examples = hint.examples;
      }
    }
    return schema;
  };
  /** `{ ...entry, schema }`, without the `ui` hints now folded into the schema. */
  const withSchema = (entry: SchemaDefinition & Dict, path: string): Dict => {
    const { ui: _ui, ...rest } = entry;
    return { ...rest, schema: convert(entry, path) };
  };
  const actions = mapValues(def.actions as Record<string, Dict> | undefined, (a, name) => ({
    ...a,
    input: withSchema(a.input as SchemaDefinition & Dict, `actions.${name}.input`),
    output: withSchema(a.output as SchemaDefinition & Dict, `actions.${name}.output`),
  }));
  const events = mapValues(def.events as Record<string, SchemaDefinition & Dict> | undefined, (e, name) => withSchema(e, `events.${name}`));
  const states = mapValues(def.states as Record<string, SchemaDefinition & Dict> | undefined, (s, name) => withSchema(s, `states.${name}`));
  const configuration = isDict(def.configuration) ? (def.configuration as SchemaDefinition & Dict) : undefined;
  const extras: DefinitionExtras = {};
  const metadata = def.metadata as Dict | undefined;
  if (typeof metadata?.sdkVersion === 'string') extras.sdkVersion = metadata.sdkVersion;

  if (kind === 'bot') {
    const body: Dict = {
      user: def.user,
      conversation: def.conversation,
      message: def.message,
      recurringEvents: def.recurringEvents,
      actions,
      configuration: configuration ? withSchema(configuration, 'configuration') : undefined,
      events,
      // Workflow states live with the workflows, not on the bot.
      states: states && Object.fromEntries(Object.entries(states).filter(([, s]) => s.type !== 'workflow')),
      tags: def.attributes,
    };
    const integrations = def.integrations as Record<string, Dict> | undefined;
    if (integrations && Object.keys(integrations).length) {
      body.integrations = mapValues(integrations, (i) => ({
        enabled: i.enabled,
        configurationType: i.configurationType,
        configuration: i.configuration,
        disabledChannels: i.disabledChannels,
      }));
      extras.integrations = mapValues(integrations, (i) => ({
        name: String(i.name),
        version: String(i.version),
        ...(typeof i.id === 'string' ? { id: i.id } : {}),
      }));
    }
    const tables = def.tables as Record<string, SchemaDefinition & Dict> | undefined;
    if (tables && Object.keys(tables).length) extras.tables = mapValues(tables, (t, name) => withSchema(t, `tables.${name}`) as never);
    const plugins = def.plugins as Record<string, Dict> | undefined;
    if (plugins && Object.keys(plugins).length)
      extras.plugins = mapValues(plugins, (p) => ({ name: String(p.name), version: String(p.version) }));
    return { body: clean(body), extras };
  }

  const common: Dict = {
    name: def.name,
    version: def.version,
    title: def.title,
    description: def.description,
    events,
    actions,
    states,
    attributes: def.attributes,
    icon: def.icon,
    readme: def.readme,
  };
  if (kind === 'plugin') {
    const tags = (k: string) => ({ tags: ((def[k] as Dict | undefined)?.tags as Dict | undefined) ?? {} });
    const body = {
      ...common,
      user: tags('user'),
      conversation: tags('conversation'),
      message: tags('message'),
      configuration: configuration ? withSchema(configuration, 'configuration') : undefined,
    };
    // The integrations and interfaces a plugin depends on, by alias: resolved to ids at deploy, as `bp deploy` does.
    const ref = (p: Dict) => ({ name: String(p.name), version: String(p.version), ...(typeof p.id === 'string' ? { id: p.id } : {}) });
    const integrations = mapValues(def.integrations as Record<string, Dict> | undefined, ref);
    const interfaces = mapValues(def.interfaces as Record<string, Dict> | undefined, ref);
    if (integrations && Object.keys(integrations).length) extras.integrations = integrations;
    if (interfaces && Object.keys(interfaces).length) extras.interfaces = interfaces;
    return { body: clean(body), extras };
  }
  if (kind === 'interface') {
    const entities = mapValues(def.entities as Record<string, SchemaDefinition & Dict> | undefined, (e, name) =>
      withSchema(e, `entities.${name}`),
    );
    const channels = mapValues(def.channels as Record<string, Dict> | undefined, (c, name) => ({
      ...c,
      messages: mapValues(c.messages as Record<string, SchemaDefinition & Dict>, (m, message) =>
        withSchema(m, `channels.${name}.messages.${message}`),
      ),
    }));
    return { body: clean({ ...common, entities, channels, templateName: def.templateName }), extras };
  }

  const identifier = def.identifier as Dict | undefined;
  const configIdentifier = (c: Dict) => {
    const id = c.identifier as Dict | undefined;
    return { required: id?.required, linkTemplateScript: id?.linkTemplateScript };
  };
  const body: Dict = {
    ...common,
    user: def.user,
    channels: mapValues(def.channels as Record<string, Dict> | undefined, (c, name) => ({
      ...c,
      messages: mapValues(c.messages as Record<string, SchemaDefinition & Dict>, (m, message) =>
        withSchema(m, `channels.${name}.messages.${message}`),
      ),
    })),
    entities: mapValues(def.entities as Record<string, SchemaDefinition & Dict> | undefined, (e, name) =>
      withSchema(e, `entities.${name}`),
    ),
    extraOperations: (def.__advanced as Dict | undefined)?.extraOperations,
    identifier: identifier
      ? { extractScript: identifier.extractScript, fallbackHandlerScript: identifier.fallbackHandlerScript }
      : undefined,
    configuration: configuration
      ? { schema: convert(configuration, 'configuration'), identifier: configIdentifier(configuration) }
      : undefined,
    configurations: mapValues(def.configurations as Record<string, SchemaDefinition & Dict> | undefined, (c, name) => ({
      title: c.title,
      description: c.description,
      schema: convert(c, `configurations.${name}`),
      identifier: configIdentifier(c),
    })),
  };
  const secrets = def.secrets as Record<string, Dict> | undefined;
  if (secrets)
    extras.secrets = mapValues(secrets, (s) => ({
      optional: !!s?.optional,
      ...(typeof s?.description === 'string' ? { description: s.description } : {}),
    }));
  const interfaces = def.interfaces as Record<string, Dict> | undefined;
  if (interfaces && Object.keys(interfaces).length) {
    extras.interfaces = clean(
      mapValues(interfaces, (i) => ({
        name: String(i.name),
        version: String(i.version),
        id: i.id,
        entities: i.entities,
        actions: i.actions,
        events: i.events,
        channels: i.channels,
      })) as Dict,
    ) as DefinitionExtras['interfaces'];
  }
  const esbuildOptions = (def.__advanced as Dict | undefined)?.esbuild;
  if (isDict(esbuildOptions)) extras.esbuild = clean(esbuildOptions) as Dict;
  return { body: clean(body), extras };
}

/** Plain JSON (what goes over the wire): undefined dropped, functions and class instances flattened. */
function clean(value: Dict): Dict {
  return JSON.parse(JSON.stringify(value)) as Dict;
}

/**
 * Replaces internal `$ref`s (`#/…`) by what they point to, as the CLI's dereference step does; a
 * reference that leads back into itself stays a `$ref` (JSON cannot hold the cycle).
 */
export function dereference(schema: Dict): Dict {
  const resolve = (pointer: string): unknown => {
    let node: unknown = schema;
    for (const raw of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
      const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (!node || typeof node !== 'object') return undefined;
      node = (node as Dict)[seg];
    }
    return node;
  };
  const walk = (node: unknown, active: string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, active));
    if (!isDict(node)) return node;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#') && !active.includes(ref)) {
      const target = resolve(ref);
      if (target !== undefined) {
        const { $ref: _ref, ...siblings } = node;
        const resolved = walk(target, [...active, ref]);
        return Object.keys(siblings).length && isDict(resolved) ? { ...resolved, ...(walk(siblings, active) as Dict) } : resolved;
      }
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, active)]));
  };
  return walk(schema, []) as Dict;
}
