// The log line shape and the server-side log filters, from getBotLogs / getIntegrationLogs.
const paging = new Set(['id', 'timeStart', 'timeEnd', 'nextToken']);

function filters(op) {
  return Object.entries(op.parameters)
    .filter(([name, p]) => p.in === 'query' && !paging.has(name))
    .map(([name]) => name);
}

module.exports = ({ write, spec }) => {
  const bot = spec.operations.getBotLogs;
  const integration = spec.operations.getIntegrationLogs;
  const item = bot.response.schema.properties.logs.items;
  const fields = Object.entries(item.properties).map(([name, s]) => {
    if (s.type !== 'string') throw new Error(`getBotLogs: log field ${name} is ${s.type}, expected string`);
    return name;
  });
  const required = new Set(item.required);
  const props = fields.map((f) => `  ${f}${required.has(f) ? '' : '?'}: string;`).join('\n');
  const list = (names) => `[${names.map((n) => `'${n}'`).join(', ')}] as const`;
  write(
    'logs.ts',
    `/** One log line, as getBotLogs and getIntegrationLogs return it. */
export interface LogEntry {
${props}
}

/** Every field of a log line, in the spec's order. */
export const LOG_ENTRY_FIELDS = ${list(fields)};

/** The server-side filters (query parameters) of getBotLogs. */
export const BOT_LOG_FILTERS = ${list(filters(bot))};

/** The server-side filters (query parameters) of getIntegrationLogs. */
export const INTEGRATION_LOG_FILTERS = ${list(filters(integration))};

export type LogFilterName = (typeof BOT_LOG_FILTERS)[number] | (typeof INTEGRATION_LOG_FILTERS)[number];
`,
  );
};
