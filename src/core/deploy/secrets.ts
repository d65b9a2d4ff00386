/**
 * Secrets in a bot's configuration (its own, and each installed integration's): never written into a file
 * or a document, where they would be committed or shared. A pulled definition holds a reference instead,
 * `{ $secret: keep }`, and a deploy sends the value Botpress already has in its place: deploying a pulled
 * file never erases a secret. No `vscode` here.
 */

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a pulled definition holds where a secret was: "keep the value Botpress has". */
export const SECRET_REFERENCE = Object.freeze({ $secret: 'keep' });

export const isSecretReference = (value: unknown): boolean =>
  isDict(value) && Object.keys(value).length === 1 && value.$secret === SECRET_REFERENCE.$secret;

/** Names of configuration keys that hold credentials, when the schema does not mark them. */
const CREDENTIAL_WORDS = /token|secret|passw(or)?d|passphrase|pwd|credential|authorization|cookie|signing|api[-_]?key/i;
const KEY_NAME = /^(key|KEY)$|[a-z0-9]Key$|[_-](key|KEY)$/;
const credentialNamed = (key: string) => CREDENTIAL_WORDS.test(key) || KEY_NAME.test(key);

/**
 * Whether the JSON Schema of a property marks it secret, as the SDK writes it (zui's `.secret()` becomes
 * `"x-zui": { "secret": true }`), or as JSON Schema and form tools do (`format: password`, `secret: true`);
 * in an optional or nullable wrapper too.
 */
function markedSecret(schema: unknown): boolean {
  if (!isDict(schema)) return false;
  const zui = schema['x-zui'];
  if ((isDict(zui) && zui.secret === true) || schema.secret === true || schema.format === 'password') return true;
  return ['anyOf', 'oneOf', 'allOf'].some((k) => Array.isArray(schema[k]) && (schema[k] as unknown[]).some(markedSecret));
}

const propertyOf = (schema: unknown, key: string): unknown => {
  if (!isDict(schema)) return undefined;
  if (isDict(schema.properties) && Object.hasOwn(schema.properties, key)) return schema.properties[key];
  for (const k of ['anyOf', 'oneOf', 'allOf'])
    if (Array.isArray(schema[k]))
      for (const member of schema[k] as unknown[]) {
        const found = propertyOf(member, key);
        if (found !== undefined) return found;
      }
  return undefined;
};

/**
 * A configuration with every secret replaced by `SECRET_REFERENCE`: what its schema marks secret and,
 * schema or not, what is named like a credential (token, secret, password, apiKey, …). Nested objects too.
 */
export function redactConfiguration(value: unknown, schema: unknown): unknown {
  if (!isDict(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      const property = propertyOf(schema, key);
      if (v !== null && v !== undefined && v !== '' && (markedSecret(property) || credentialNamed(key)))
        return [key, { ...SECRET_REFERENCE }];
      return [key, isDict(v) ? redactConfiguration(v, property) : v];
    }),
  );
}

/** The configuration schemas of a bot's installed integrations, by the key the bot installs each under. */
export type IntegrationSchemas = Record<string, unknown>;

interface BotLike {
  configuration?: { schema?: unknown; data?: unknown } | null;
  integrations?: Record<string, { configuration?: unknown } | undefined> | null;
}

/** A bot (as getBot returns it) with its configuration and its integrations' configurations redacted. */
export function redactBot<T extends BotLike>(bot: T, schemas: IntegrationSchemas = {}): T {
  const integrations =
    bot.integrations &&
    Object.fromEntries(
      Object.entries(bot.integrations).map(([key, entry]) => [
        key,
        isDict(entry) && isDict(entry.configuration)
          ? { ...entry, configuration: redactConfiguration(entry.configuration, schemas[key]) }
          : entry,
      ]),
    );
  const configuration =
    bot.configuration && isDict(bot.configuration.data)
      ? { ...bot.configuration, data: redactConfiguration(bot.configuration.data, bot.configuration.schema) }
      : bot.configuration;
  return { ...bot, configuration, integrations };
}

/** Puts the remote value in place of every reference of `local` (paths for the error). */
function resolve(local: unknown, remote: unknown, where: string, missing: string[]): unknown {
  if (isSecretReference(local)) {
    if (remote === undefined || remote === null) missing.push(where);
    return remote;
  }
  if (!isDict(local)) return local;
  return Object.fromEntries(
    Object.entries(local).map(([k, v]) => [k, resolve(v, isDict(remote) ? remote[k] : undefined, `${where}.${k}`, missing)]),
  );
}

/**
 * The updateBot body with every `{ $secret: keep }` of its configurations replaced by the value the bot
 * has on Botpress (`remote`, getBot's answer, integrations keyed as in the body). A reference with no
 * remote value (a new bot, a new installation) is an error that names it: nothing is sent without it.
 */
export function keepRemoteSecrets(body: Dict, remote: BotLike | undefined, botName: string): Dict {
  const missing: string[] = [];
  const out = { ...body };
  if (isDict(body.configuration) && isDict(body.configuration.data))
    out.configuration = {
      ...body.configuration,
      data: resolve(body.configuration.data, remote?.configuration?.data, 'configuration.data', missing),
    };
  if (isDict(body.integrations))
    out.integrations = Object.fromEntries(
      Object.entries(body.integrations).map(([key, entry]) => [
        key,
        isDict(entry) && isDict(entry.configuration)
          ? {
              ...entry,
              configuration: resolve(
                entry.configuration,
                remote?.integrations?.[key]?.configuration,
                `integrations.${key}.configuration`,
                missing,
              ),
            }
          : entry,
      ]),
    );
  if (missing.length)
    throw new Error(
      `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} "$secret: keep" (the value Botpress has), but bot ${botName} ` +
        'has no such value: write the value itself in the file for this deploy (see the README, "Secrets in a pulled definition").',
    );
  return out;
}
