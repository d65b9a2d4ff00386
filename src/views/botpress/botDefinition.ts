import type { Bot, BotpressClient, Integration } from '../../api/botpress';
import { redactBot, type IntegrationSchemas } from '../../core/deploy';
import { yaml } from '../../libraries';

/**
 * The configuration schema of each integration the bot installs (by its key in `bot.integrations`), read
 * from the workspace or the Hub; one that cannot be read is left out (names then decide what is secret).
 */
export async function integrationSchemas(client: BotpressClient, bot: Bot): Promise<IntegrationSchemas> {
  const entries = await Promise.all(
    Object.entries(bot.integrations ?? {}).map(async ([key, installed]) => {
      const integration: Integration | undefined = await client
        .getIntegration({ id: installed.id })
        .catch(() => client.getPublicIntegrationById({ id: installed.id }))
        .then((r) => r.integration)
        .catch(() => undefined);
      const type = installed.configurationType;
      const schema = type ? integration?.configurations?.[type]?.schema : integration?.configuration?.schema;
      return [key, schema] as const;
    }),
  );
  return Object.fromEntries(entries.filter(([, schema]) => schema));
}

/**
 * A live bot as a `bot.definition.yaml` (GUIDE §4: the `updateBot` request body plus `id`, `name` and
 * `code`), so an existing bot can be brought under files. Only what the user declares is kept: ids,
 * dates, signing secrets and integration status stay out; empty sections are left out; secrets of the
 * configurations become `{ $secret: keep }` (`core/deploy/secrets.ts`). No `vscode` here.
 */
export function botToDefinition(live: Bot, schemas: IntegrationSchemas = {}): Record<string, unknown> {
  const bot = redactBot(live, schemas);
  const tags = (section: { tags?: Record<string, unknown> } | undefined) =>
    section && nonEmpty(section.tags) ? { tags: section.tags } : undefined;
  const integrations = Object.fromEntries(
    Object.entries(bot.integrations ?? {}).map(([alias, i]) => [
      alias,
      compact({
        integrationId: i.id,
        enabled: i.enabled,
        configurationType: i.configurationType ?? undefined,
        configuration: i.configuration,
        disabledChannels: i.disabledChannels?.length ? i.disabledChannels : undefined,
      }),
    ]),
  );
  const configuration =
    bot.configuration && (nonEmpty(bot.configuration.schema) || nonEmpty(bot.configuration.data)) ? bot.configuration : undefined;
  return compact({
    id: bot.id,
    name: bot.name,
    description: bot.description || undefined,
    tags: nonEmpty(bot.tags) ? bot.tags : undefined,
    states: nonEmpty(bot.states) ? bot.states : undefined,
    user: tags(bot.user),
    conversation: tags(bot.conversation),
    message: tags(bot.message),
    events: nonEmpty(bot.events) ? bot.events : undefined,
    actions: nonEmpty(bot.actions) ? bot.actions : undefined,
    recurringEvents: nonEmpty(bot.recurringEvents) ? bot.recurringEvents : undefined,
    configuration,
    integrations: nonEmpty(integrations) ? integrations : undefined,
  });
}

/** The definition as YAML text, with a header saying where it came from and what to add. */
export function botDefinitionYaml(bot: Bot, source: string, schemas: IntegrationSchemas = {}): string {
  const doc = new (yaml().Document)(botToDefinition(bot, schemas), { aliasDuplicateObjects: false });
  doc.commentBefore =
    ` Pulled from bot "${bot.name}" (${source}).\n` +
    ' Add `code: <entry point>` (e.g. src/index.ts): Botpress keeps the bundled code, not its source.\n' +
    ' Secrets are `$secret: keep`: a deploy keeps the value Botpress has.';
  return doc.toString({ lineWidth: 0 });
}

function nonEmpty(value: object | undefined | null): value is object {
  return !!value && Object.keys(value).length > 0;
}

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
