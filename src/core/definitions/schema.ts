/** The subset of JSON Schema (OpenAPI flavour) the official request bodies use. */
export interface SpecSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  title?: string;
  description?: string;
  properties?: Record<string, SpecSchema>;
  additionalProperties?: boolean | SpecSchema;
  required?: string[];
  items?: SpecSchema;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  deprecated?: boolean;
}

/** The schema of an entry `key` inside an object of schema `parent`, if the key is allowed. */
export function childSchema(parent: SpecSchema | undefined, key: string): SpecSchema | undefined {
  if (!parent) return undefined;
  const named = parent.properties?.[key];
  if (named && Object.prototype.hasOwnProperty.call(parent.properties, key)) return named;
  return typeof parent.additionalProperties === 'object' ? parent.additionalProperties : undefined;
}

/** Follows a path of keys (and array indexes) from the root schema. */
export function schemaAt(root: SpecSchema, path: readonly (string | number)[]): SpecSchema | undefined {
  let s: SpecSchema | undefined = root;
  for (const seg of path) {
    if (!s) return undefined;
    s = typeof seg === 'number' ? s.items : childSchema(s, seg);
  }
  return s;
}
