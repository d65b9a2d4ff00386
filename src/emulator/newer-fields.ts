// What the current official clients send that the spec the emulator validates against (@botpress/api 1.70.2,
// the newest the registry serves) does not know yet. The official CLI 7.1.2 is generated from @botpress/api
// 1.122.0; each field below is one it sends (or reads back), with where in botpress/botpress it comes from.
// Everything else is still validated against 1.70.2: these fields are added to the loaded spec, nothing more.
import type { JsonSchema } from './spec';

export interface NewerField {
  /** A request body (`operation`) or a resource schema of the spec's components (`component`). */
  target: { operation: string } | { component: string };
  /** Where in that schema, when not at its top: property names, `*` for the entries of a map. */
  at?: string[];
  property: string;
  schema: JsonSchema;
  /** The resource always has it (the emulator fills it in for every record). */
  required?: boolean;
  /** Where the official client sends or reads it. */
  source: string;
}

const secretValues: JsonSchema = {
  type: 'object',
  additionalProperties: { type: 'string', nullable: true },
  description: 'Secret values by SCREAMING_SNAKE_CASE name; null deletes one',
};
const cliDeploy = 'packages/cli/src/command-implementations/deploy-command.ts';
const updateIntegrationName =
  `${cliDeploy} _deployIntegration: prepareUpdateIntegrationBody({ id, ...createBody }) ` +
  "(packages/cli/src/api/integration-body.ts), createBody carries the definition's";
const dryRun = (operation: string) => (operation === 'validateIntegrationUpdate' ? ' (sent to validateIntegrationUpdate by --dryRun)' : '');

export const newerFields: NewerField[] = [
  {
    target: { operation: 'updateBot' },
    property: 'secrets',
    schema: secretValues,
    source: `${cliDeploy} _deployBot: updateBotBody.secrets = await this.promptSecrets(botDefinition, …)`,
  },
  {
    target: { component: 'Bot' },
    property: 'secrets',
    schema: { type: 'array', items: { type: 'string' }, description: 'Names of the bot secrets (values are never returned)' },
    required: true,
    source: `${cliDeploy} _deployBot: promptSecrets(…, { knownSecrets: bot.secrets }) reads them from getBot`,
  },
  ...['updateIntegration', 'validateIntegrationUpdate'].flatMap((operation): NewerField[] => [
    {
      target: { operation },
      property: 'name',
      schema: { type: 'string', maxLength: 200 },
      source: `${updateIntegrationName} name${dryRun(operation)}`,
    },
    {
      target: { operation },
      property: 'version',
      schema: { type: 'string', maxLength: 200 },
      source: `${updateIntegrationName} version${dryRun(operation)}`,
    },
  ]),
  // The interface an integration implements, as the SDK's InterfaceExtension has it (the CLI sends the entry whole).
  ...['createIntegration', 'updateIntegration', 'validateIntegrationCreation', 'validateIntegrationUpdate'].flatMap((operation) =>
    ['name', 'version'].map((property): NewerField => ({
      target: { operation },
      at: ['interfaces', '*'],
      property,
      schema: { type: 'string', maxLength: 200 },
      source:
        'packages/cli/src/command-implementations/project-command.ts prepareIntegrationDependencies: interfaces are ' +
        `{ ...integrationDef.interfaces[alias], id } (packages/sdk InterfaceExtension: id, name, version, entities, …), to ${operation}`,
    })),
  ),
];

/** The schema at `path` below `schema` (`*`: a map's entries). */
function below(schema: JsonSchema | undefined, path: string[]): JsonSchema | undefined {
  for (const key of path) {
    if (!schema) return undefined;
    schema =
      key === '*' ? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined) : schema.properties?.[key];
  }
  return schema;
}

interface LoadedSpec {
  operations: Record<string, { requestBody?: { schema: JsonSchema } }>;
  schemas: Record<string, { schema: JsonSchema }>;
}

/** Adds the newer fields to the loaded spec (a field the spec already has is left as the spec says). */
export function withNewerFields<T extends LoadedSpec>(spec: T): T {
  for (const field of newerFields) {
    const top =
      'operation' in field.target
        ? spec.operations[field.target.operation]?.requestBody?.schema
        : spec.schemas[field.target.component]?.schema;
    const schema = below(top, field.at ?? []);
    if (!schema?.properties) throw new Error(`newer-fields: ${JSON.stringify(field.target)} is not in the spec`);
    if (field.property in schema.properties) continue;
    schema.properties[field.property] = field.schema;
    if (field.required) schema.required = [...(schema.required ?? []), field.property];
  }
  return spec;
}
