// The shapes of the updateBot and updateIntegration request bodies, reduced to what a deploy needs to
// compare a definition with the remote resource: which keys an object declares, which objects are maps of
// named entries, and whether an entry is deleted by sending it as null (`nullable` in the spec).
//   src/generated/deployShapes.ts  export const updateBotShape, updateIntegrationShape, updatePluginShape, updateInterfaceShape: BodyShape

const REF = '#/components/schemas/';

function shape(spec, node, seen = []) {
  if (node && node.$ref) {
    const name = node.$ref.slice(REF.length);
    if (seen.includes(name)) return {};
    const component = spec.schemas[name];
    return shape(spec, component.schema ?? component, [...seen, name]);
  }
  const out = {};
  if (node && node.nullable) out.nullable = true;
  if (node && node.type === 'string') out.string = true;
  if (node && node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, shape(spec, v, seen)]));
  }
  if (node && node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.entries = shape(spec, node.additionalProperties, seen);
  }
  return out;
}

module.exports = ({ write, spec }) => {
  const body = (op) => JSON.stringify(shape(spec, spec.operations[op].requestBody.schema));
  write(
    'deployShapes.ts',
    "import type { BodyShape } from '../core/deploy/shape';\n\n" +
      `export const updateBotShape: BodyShape = ${body('updateBot')};\n\n` +
      `export const updateIntegrationShape: BodyShape = ${body('updateIntegration')};\n\n` +
      `export const updatePluginShape: BodyShape = ${body('updatePlugin')};\n\n` +
      `export const updateInterfaceShape: BodyShape = ${body('updateInterface')};\n`,
  );
};
