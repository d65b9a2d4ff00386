// The fields of a log line and the server-side log filters, from getBotLogs / getIntegrationLogs. The
// line's type itself is generated with the operations (src/generated/api.ts); see src/core/logs/types.ts.
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
  if (JSON.stringify(item) !== JSON.stringify(integration.response.schema.properties.logs.items)) {
    throw new Error('getBotLogs and getIntegrationLogs return log lines of different shapes: one LogEntry type no longer fits both');
  }
  const list = (names) => `[${names.map((n) => `'${n}'`).join(', ')}] as const`;
  write(
    'logs.ts',
    `/** Every field of a log line, in the spec's order. */
export const LOG_ENTRY_FIELDS = ${list(Object.keys(item.properties))};

/** The server-side filters (query parameters) of getBotLogs. */
export const BOT_LOG_FILTERS = ${list(filters(bot))};

/** The server-side filters (query parameters) of getIntegrationLogs. */
export const INTEGRATION_LOG_FILTERS = ${list(filters(integration))};

export type LogFilterName = (typeof BOT_LOG_FILTERS)[number] | (typeof INTEGRATION_LOG_FILTERS)[number];
`,
  );
};
