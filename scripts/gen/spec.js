// The parts of the official spec the emulator serves and validates against (operations, component schemas,
// error types), as one JSON string: the emulator bundles these few hundred kilobytes instead of the whole
// @botpress/api package.
module.exports = ({ write, spec }) => {
  const { operations, schemas, errors } = spec;
  write('spec.ts', `export const specJson = ${JSON.stringify(JSON.stringify({ operations, schemas, errors }))};\n`);
};
