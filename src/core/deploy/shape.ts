/**
 * What a deploy needs to know of an update request body (generated from the official spec into
 * src/generated/deployShapes.ts): the keys an object declares, the maps of named entries, and whether an
 * entry can be deleted by sending it as null.
 */
export interface BodyShape {
  /** The declared keys of an object with a fixed set of keys. */
  properties?: Record<string, BodyShape>;
  /** For a map of named entries (states, events, tags…): the shape of each entry. */
  entries?: BodyShape;
  /** The spec accepts null here: for a map entry, null deletes it. */
  nullable?: boolean;
  /** A plain string. */
  string?: boolean;
}

/** The value that deletes an entry of a map, or undefined when the API offers no way to delete it. */
export function deletion(entry: BodyShape): null | '' | undefined {
  if (entry.nullable) return null;
  // A bot's own tags are plain strings: the API unsets a tag sent as an empty string.
  if (entry.string) return '';
  return undefined;
}
