// Query strings exactly as the official clients write them (qs with `arrayFormat: 'repeat'` and
// `allowDots`): arrays repeat their key (`participantIds=a&participantIds=b`), objects use dotted keys
// (`tags.team=support`), undefined is left out, null is an empty value, and everything outside
// RFC 3986's unreserved characters is percent-encoded.

const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function add(pairs: string[], key: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null) pairs.push(`${encode(key)}=`);
  else if (Array.isArray(value)) for (const item of value) add(pairs, key, item);
  else if (value instanceof Date) pairs.push(`${encode(key)}=${encode(value.toISOString())}`);
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) add(pairs, `${key}.${k}`, v);
  else pairs.push(`${encode(key)}=${encode(String(value))}`);
}

/** `a=1&b.c=2` for `{ a: 1, b: { c: 2 } }`, without the leading `?`; empty when nothing is set. */
export function encodeQuery(query: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) add(pairs, key, value);
  return pairs.join('&');
}
