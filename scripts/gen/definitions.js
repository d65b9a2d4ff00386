// Definition files (bot.definition.*, integration.definition.*) from the official request bodies:
//   src/generated/definitionSchemas.ts  the exact request schemas (+ the file's local keys), walked by
//                                       src/core/definitions to validate, hover and complete;
//   src/generated/draft07.ts            the draft-07 meta-schema validator, precompiled with ajv standalone
//                                       so the editor does not pay ajv's compile at activation;
//   schemas/*.definition.schema.json    the editor-facing schemas for jsonValidation / yamlValidation.
const fs = require('node:fs');
const path = require('node:path');

/** Keys that live only in the file: they steer the toolkit and are not sent as they are. */
const localKeys = {
  bot: {
    $schema: { type: 'string', description: 'JSON Schema of this file, for editors.' },
    id: {
      type: 'string',
      description: 'ID of the bot this file deploys to. When absent, Deploy asks which bot to use or creates one.',
    },
    code: {
      type: 'string',
      description: "Path of the bot's entry point, relative to this file. Bundled with esbuild into the bot's `code` at deploy.",
    },
  },
  integration: {
    $schema: { type: 'string', description: 'JSON Schema of this file, for editors.' },
    code: {
      type: 'string',
      description: "Path of the integration's entry point, relative to this file. Bundled with esbuild into its `code` at deploy.",
    },
    icon: {
      type: 'string',
      description:
        'Path of the integration icon (`.svg`), relative to this file. Sent base64-encoded at deploy; global to the integration.',
    },
    readme: {
      type: 'string',
      description:
        'Path of the integration readme (`.md`), relative to this file. Sent base64-encoded at deploy; specific to each version.',
    },
  },
};

/** Replaces `#/components/schemas/X` references by the component, so the walker never follows refs. */
function resolveRefs(node, components, seen = []) {
  if (Array.isArray(node)) return node.map((n) => resolveRefs(n, components, seen));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) throw new Error(`recursive schema reference ${node.$ref}`);
    if (!components[name]) throw new Error(`unknown schema reference ${node.$ref}`);
    return resolveRefs(components[name], components, [...seen, name]);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'enum' ? v : resolveRefs(v, components, seen)]));
}

/**
 * A bot's `tables`, as the SDK's bot definition has them: by name, createTable's body without the name.
 * Local: not part of updateBot's body, synced table by table after the bot deployed.
 */
function tablesKey(spec) {
  const { name: _name, ...body } = resolveRefs(spec.operations.createTable.requestBody.schema, spec.schemas).properties;
  // `default` is documentation the walker does not read.
  const properties = Object.fromEntries(Object.entries(body).map(([k, { default: _d, ...v }]) => [k, v]));
  return {
    type: 'object',
    description:
      "The bot's tables, by name (ending in `Table`). Created or updated after the bot deploys, as `bp deploy` does: " +
      'frozen tables are skipped, none is deleted.',
    additionalProperties: { type: 'object', properties, required: ['schema'], additionalProperties: false },
  };
}

function definitionSchema(spec, kind) {
  const op = kind === 'bot' ? 'updateBot' : 'createIntegration';
  const body = resolveRefs(spec.operations[op].requestBody.schema, spec.schemas);
  const local = kind === 'bot' ? { ...localKeys.bot, tables: tablesKey(spec) } : localKeys[kind];
  return { ...body, properties: { ...body.properties, ...local } };
}

/**
 * The editor-facing schema keeps what helps typing (structure, descriptions, allowed values as
 * examples) and drops every keyword that would make the JSON or YAML language service report a
 * problem: the toolkit's own diagnostics are the single source of problems, so nothing is reported twice.
 */
function editorSchema(node) {
  if (Array.isArray(node)) return node.map(editorSchema);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description') {
      out.description = v;
      out.markdownDescription = v;
    } else if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, editorSchema(s)]));
    } else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) {
      out[k] = editorSchema(v);
    } else if (k === 'enum') {
      out.examples = v;
    } else if (k === 'type' && v === 'boolean') {
      out.examples = [true, false];
    }
  }
  return out;
}

function draft07Validator() {
  const Ajv = require('ajv').default;
  const standalone = require('ajv/dist/standalone').default;
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } });
  const code = standalone(ajv, ajv.getSchema('http://json-schema.org/draft-07/schema'));
  const runtime = [...new Set(code.match(/require\("ajv\/dist\/runtime\/[a-z0-9]+"\)/g) ?? [])];
  let body = code;
  const imports = runtime.map((call, i) => {
    body = body.split(call).join(`runtime${i}`);
    return `import * as runtime${i} from ${call.slice('require('.length, -1)};`;
  });
  if (/require\(/.test(body)) throw new Error('unexpected require in the draft-07 validator');
  return `// @ts-nocheck\n${imports.join('\n')}\n${body}\n`;
}

module.exports = ({ write, spec }) => {
  const schemas = { bot: definitionSchema(spec, 'bot'), integration: definitionSchema(spec, 'integration') };
  write(
    'definitionSchemas.ts',
    "import type { SpecSchema } from '../core/definitions/schema';\n\n" +
      Object.entries(schemas)
        .map(([kind, s]) => `export const ${kind}DefinitionSchema: SpecSchema = ${JSON.stringify(s)};\n`)
        .join('\n'),
  );
  write('draft07.ts', draft07Validator());

  const outDir = path.join(__dirname, '..', '..', 'schemas');
  fs.mkdirSync(outDir, { recursive: true });
  for (const [kind, s] of Object.entries(schemas)) {
    const text = JSON.stringify(
      { $schema: 'http://json-schema.org/draft-07/schema#', title: `Botpress ${kind} definition`, ...editorSchema(s) },
      null,
      2,
    );
    const file = path.join(outDir, `${kind}.definition.schema.json`);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  }
};
