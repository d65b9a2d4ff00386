// A bot's installed integrations compared by what they are (the integration, by id, and the alias it is
// installed under), not by how a body happens to key them, and what an SDK deploy leaves alone the way the
// official CLI does. The toolkit reads bots with `x-multiple-integrations` (keyed by alias, as `bp` does).
import type { UpdatePlan } from './plan';

type Dict = Record<string, unknown>;
const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The integration a body entry installs: its `integrationId`, else its key (a body keyed by integration id). */
const installs = (key: string, entry: unknown) => (isDict(entry) && typeof entry.integrationId === 'string' ? entry.integrationId : key);
/** The integration a remote entry is (`getBot` gives its `id`; `remoteBot` adds it as `integrationId`). */
const installed = (entry: unknown) => (isDict(entry) ? (entry.integrationId ?? entry.id) : undefined);

/**
 * The body's `integrations` keyed as the remote bot keys them: an entry whose key is not a remote alias, but
 * which installs the integration exactly one remote installation is (and no other entry claims), takes that
 * installation's alias, with its id made explicit. Nothing else changes.
 */
export function alignIntegrations(local: unknown, remote: unknown): unknown {
  if (!isDict(local) || !isDict(remote)) return local;
  const claimed = new Set(Object.keys(local).filter((key) => Object.hasOwn(remote, key)));
  const out: Dict = {};
  for (const [key, entry] of Object.entries(local)) {
    if (claimed.has(key) || entry === null) {
      out[key] = entry;
      continue;
    }
    const id = installs(key, entry);
    const matches = Object.keys(remote).filter((alias) => !claimed.has(alias) && installed(remote[alias]) === id);
    if (matches.length !== 1) {
      out[key] = entry;
      continue;
    }
    claimed.add(matches[0]);
    out[matches[0]] = { ...(entry as Dict), integrationId: id };
  }
  return out;
}

const label = (alias: string, entry: unknown) => {
  const name = isDict(entry) && typeof entry.name === 'string' ? entry.name : undefined;
  return name && name !== alias ? `${alias} (${name})` : alias;
};

/**
 * What `bp deploy` leaves as it is and the toolkit's SDK deploy keeps too: the bot's own tags the
 * definition does not set (the CLI sends `tags` as they are, never unset), and the configuration data
 * (the definition has only the schema). Installed integrations the definition does not list are kept as
 * well (the CLI would uninstall them: the toolkit does not uninstall on a deploy; Uninstall does). What is
 * kept is said in `plan.notes`; an installation whose integration changes is said to be reinstalled.
 */
export function keepWhatTheSdkDoesNotSet(plan: UpdatePlan, remote: Dict | undefined): void {
  if (!remote) return;
  const notes: string[] = [];
  const keep = (section: 'integrations' | 'tags', sentence: (names: string[]) => string) => {
    const body = plan.body[section];
    if (!isDict(body)) return;
    const gone = plan.changes.filter((c) => c.kind === 'removed' && c.path.length === 2 && c.path[0] === section);
    if (!gone.length) return;
    for (const change of gone) delete body[change.path[1]];
    plan.changes = plan.changes.filter((c) => !gone.includes(c));
    if (!Object.keys(body).length) delete plan.body[section];
    const remoteSection = isDict(remote[section]) ? remote[section] : {};
    notes.push(sentence(gone.map((c) => label(c.path[1], remoteSection[c.path[1]]))));
  };
  keep('integrations', (names) => `Kept (installed, not in the definition): ${names.join(', ')}.`);
  keep('tags', (names) => `Kept bot tags the definition does not set: ${names.join(', ')}.`);

  const remoteIntegrations = isDict(remote.integrations) ? remote.integrations : {};
  const sent = isDict(plan.body.integrations) ? plan.body.integrations : {};
  for (const [alias, entry] of Object.entries(sent)) {
    const before = remoteIntegrations[alias];
    if (!isDict(before) || !isDict(entry) || typeof entry.integrationId !== 'string' || entry.integrationId === installed(before)) continue;
    notes.push(
      `Reinstalls ${label(alias, before)}: another integration or version replaces ${String(before.name)} ${String(before.version)} ` +
        "(a new webhook; its configuration is the definition's).",
    );
    const change = plan.changes.find((c) => c.path.length === 2 && c.path[0] === 'integrations' && c.path[1] === alias);
    if (change) change.name = `${alias} (reinstalled)`;
  }
  if (notes.length) plan.notes = [...(plan.notes ?? []), ...notes];
}

/** The body with the remote configuration data kept where the definition sends only a schema. */
export function keepConfigurationData(body: Dict, remote: Dict | undefined): Dict {
  const mine = body.configuration;
  const theirs = remote?.configuration;
  if (!isDict(mine) || 'data' in mine || !isDict(theirs) || !isDict(theirs.data) || !Object.keys(theirs.data).length) return body;
  return { ...body, configuration: { ...mine, data: theirs.data } };
}

/** As the CLI's `prepareIntegrationsUpdate`: a new installation whose `enabled` the definition leaves unsaid is installed disabled. */
export function disableUnsaidNewInstalls(integrations: unknown, remote: unknown): void {
  if (!isDict(integrations)) return;
  for (const [alias, entry] of Object.entries(integrations)) {
    if (isDict(entry) && entry.enabled === undefined && !(isDict(remote) && Object.hasOwn(remote, alias))) entry.enabled = false;
  }
}
