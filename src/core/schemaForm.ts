import { ajv as ajvLibrary } from '../libraries';

/**
 * A form generated from a JSON Schema of an object (an integration's configuration): one field per
 * property, in the schema's order, each typed so that its input can be checked as it is typed. The
 * configuration it assembles is checked against the whole schema before it is sent. No `vscode` here.
 */
export type FieldKind = 'text' | 'secret' | 'number' | 'integer' | 'boolean' | 'choice' | 'list' | 'json';

export interface FormField {
  key: string;
  title: string;
  description?: string;
  kind: FieldKind;
  required: boolean;
  /** The values a `choice` offers. */
  options?: unknown[];
  default?: unknown;
}

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

const SECRET_NAME = /(token|secret|password|passwd|apikey|api_key|privatekey|private_key|clientsecret)$/i;

function kindOf(key: string, schema: Schema): FieldKind {
  if (Array.isArray(schema.enum) && schema.enum.length) return 'choice';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return type;
  if (type === 'array') return isObject(schema.items) && schema.items.type === 'string' && !schema.items.enum ? 'list' : 'json';
  if (type === 'string') {
    const secret = schema.format === 'password' || (isObject(schema['x-zui']) && schema['x-zui'].secret === true) || SECRET_NAME.test(key);
    return secret ? 'secret' : 'text';
  }
  return 'json';
}

const humanize = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());

/** The fields of an object schema; an empty list when it declares no property. */
export function formFields(schema: unknown): FormField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties)
    .filter((entry): entry is [string, Schema] => isObject(entry[1]))
    .map(([key, property]) => ({
      key,
      title: typeof property.title === 'string' && property.title ? property.title : humanize(key),
      description: typeof property.description === 'string' ? property.description : undefined,
      kind: kindOf(key, property),
      required: required.has(key),
      ...(Array.isArray(property.enum) ? { options: property.enum } : {}),
      ...(property.default !== undefined ? { default: property.default } : {}),
    }));
}

/** A value as the text a field's input starts with. */
export function fieldText(field: FormField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'list' && Array.isArray(value)) return value.join(', ');
  if (field.kind === 'json') return JSON.stringify(value);
  return String(value);
}

/**
 * The value of a field's input, or why it is not one. Empty input leaves an optional field out (and is
 * an error for a required one).
 */
export function parseField(field: FormField, text: string): { value?: unknown; error?: string } {
  const input = field.kind === 'secret' ? text : text.trim();
  if (!input) return field.required ? { error: `${field.title} is required.` } : {};
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const n = Number(input);
      if (!Number.isFinite(n)) return { error: `${field.title} is a number.` };
      if (field.kind === 'integer' && !Number.isInteger(n)) return { error: `${field.title} is a whole number.` };
      return { value: n };
    }
    case 'boolean':
      if (/^(true|yes)$/i.test(input)) return { value: true };
      if (/^(false|no)$/i.test(input)) return { value: false };
      return { error: `${field.title} is yes or no.` };
    case 'choice': {
      const found = field.options?.find((o) => String(o) === input);
      return found === undefined ? { error: `${field.title} is one of: ${field.options?.map(String).join(', ')}.` } : { value: found };
    }
    case 'list':
      return {
        value: input
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'json':
      try {
        return { value: JSON.parse(input) };
      } catch (error) {
        return { error: `${field.title} is JSON: ${(error as Error).message}` };
      }
    default:
      return { value: input };
  }
}

/** What is wrong with a configuration against its schema, one line per problem; empty when it fits. */
export function configurationProblems(schema: unknown, data: unknown): string[] {
  if (!isObject(schema)) return [];
  const ajv = new (ajvLibrary().default)({ allErrors: true, strict: false });
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    return [`The configuration schema is not valid: ${(error as Error).message}`];
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'configuration'} ${e.message ?? 'is invalid'}`,
  );
}
