/**
 * Addresses of Botpress resources shown as read-only documents (`botpress:` URIs). The path names the
 * resource, its extension the format:
 *
 *   /workspaces/{w}.yaml                                 a workspace
 *   /workspaces/{w}/bots/{b}.json                        a bot
 *   /workspaces/{w}/bots/{b}/{part}/{name}.yaml          one entry of a bot: states, events, actions,
 *                                                        integrations, userTags, conversationTags, messageTags
 *   /workspaces/{w}/bots/{b}/states/{name}/{type}/{id}.yaml   the value of a state (type: conversation,
 *                                                        user, bot or task; id: whose value it is)
 *   /workspaces/{w}/bots/{b}/conversations/{c}.yaml      a conversation
 *   /workspaces/{w}/bots/{b}/issues/{i}.yaml             an issue and its events
 *   /workspaces/{w}/bots/{b}/botJson/{current|version id}.json   the bot JSON, now or of a version (keys sorted)
 *   /workspaces/{w}/integrations/{i}.yaml                an integration
 *   /workspaces/{w}/integrations/{i}/{part}/{name}.yaml  channels, actions, events, states
 *   /hub/{name}/{version}.yaml                           a public integration
 *   /workspaces/{w}/plugins/{id}.yaml, …/interfaces/{id}.yaml   a plugin, an interface
 *   /hub/plugins/{name}/{version}.yaml, /hub/interfaces/…  a public plugin, interface
 *
 * No `vscode` here: the document provider and the tree both use it.
 */
const botParts = ['states', 'events', 'actions', 'integrations', 'userTags', 'conversationTags', 'messageTags', 'plugins'] as const;
export type PackageType = 'plugin' | 'interface';
const integrationParts = ['channels', 'actions', 'events', 'states'] as const;
const stateTypes = ['conversation', 'user', 'bot', 'task'] as const;
export type BotPart = (typeof botParts)[number];
export type StateType = (typeof stateTypes)[number];
export type IntegrationPart = (typeof integrationParts)[number];

export type BotpressResource =
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'bot'; workspaceId: string; botId: string }
  | { kind: 'botPart'; workspaceId: string; botId: string; part: BotPart; name: string }
  | { kind: 'stateValue'; workspaceId: string; botId: string; name: string; type: StateType; id: string }
  | { kind: 'conversation'; workspaceId: string; botId: string; conversationId: string }
  | { kind: 'issue'; workspaceId: string; botId: string; issueId: string }
  | { kind: 'botJson'; workspaceId: string; botId: string; versionId?: string }
  | { kind: 'integration'; workspaceId: string; integrationId: string }
  | { kind: 'integrationPart'; workspaceId: string; integrationId: string; part: IntegrationPart; name: string }
  | { kind: 'hubIntegration'; name: string; version: string }
  | { kind: 'package'; type: PackageType; workspaceId: string; id: string }
  | { kind: 'hubPackage'; type: PackageType; name: string; version: string };

export type DocumentFormat = 'yaml' | 'json';

const seg = encodeURIComponent;

export function resourcePath(r: BotpressResource, format: DocumentFormat): string {
  const ws = (id: string) => `/workspaces/${seg(id)}`;
  const path = (() => {
    switch (r.kind) {
      case 'workspace':
        return ws(r.workspaceId);
      case 'bot':
        return `${ws(r.workspaceId)}/bots/${seg(r.botId)}`;
      case 'botPart':
        return `${ws(r.workspaceId)}/bots/${seg(r.botId)}/${r.part}/${seg(r.name)}`;
      case 'stateValue':
        return `${ws(r.workspaceId)}/bots/${seg(r.botId)}/states/${seg(r.name)}/${r.type}/${seg(r.id)}`;
      case 'conversation':
        return `${ws(r.workspaceId)}/bots/${seg(r.botId)}/conversations/${seg(r.conversationId)}`;
      case 'issue':
        return `${ws(r.workspaceId)}/bots/${seg(r.botId)}/issues/${seg(r.issueId)}`;
      case 'botJson':
        return `${ws(r.workspaceId)}/bots/${seg(r.botId)}/botJson/${r.versionId === undefined ? 'current' : seg(r.versionId)}`;
      case 'integration':
        return `${ws(r.workspaceId)}/integrations/${seg(r.integrationId)}`;
      case 'integrationPart':
        return `${ws(r.workspaceId)}/integrations/${seg(r.integrationId)}/${r.part}/${seg(r.name)}`;
      case 'hubIntegration':
        return `/hub/${seg(r.name)}/${seg(r.version)}`;
      case 'package':
        return `${ws(r.workspaceId)}/${r.type}s/${seg(r.id)}`;
      case 'hubPackage':
        return `/hub/${r.type}s/${seg(r.name)}/${seg(r.version)}`;
    }
  })();
  return `${path}.${format}`;
}

/** The resource and format a path names, or undefined when it names none. */
export function parseResourcePath(path: string): { resource: BotpressResource; format: DocumentFormat } | undefined {
  const match = /^(.*)\.(yaml|json)$/.exec(path);
  if (!match) return undefined;
  const format = match[2] as DocumentFormat;
  let parts: string[];
  try {
    parts = match[1].split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (parts.some((p) => p === '')) return undefined;
  const [root, workspaceId, collection, id, part, name, ...rest] = parts;
  const found = ((): BotpressResource | undefined => {
    if (root === 'hub' && parts.length === 4 && (['plugins', 'interfaces'] as string[]).includes(parts[1]))
      return { kind: 'hubPackage', type: parts[1].slice(0, -1) as PackageType, name: parts[2], version: parts[3] };
    if (root === 'hub') return parts.length === 3 ? { kind: 'hubIntegration', name: parts[1], version: parts[2] } : undefined;
    if (
      root === 'workspaces' &&
      collection === 'bots' &&
      part === 'states' &&
      rest.length === 2 &&
      (stateTypes as readonly string[]).includes(rest[0])
    ) {
      return { kind: 'stateValue', workspaceId, botId: id, name, type: rest[0] as StateType, id: rest[1] };
    }
    if (root !== 'workspaces' || rest.length || !workspaceId) return undefined;
    if (!collection) return { kind: 'workspace', workspaceId };
    if (!id) return undefined;
    if (collection === 'bots') {
      if (!part) return { kind: 'bot', workspaceId, botId: id };
      if (!name) return undefined;
      if (part === 'conversations') return { kind: 'conversation', workspaceId, botId: id, conversationId: name };
      if (part === 'issues') return { kind: 'issue', workspaceId, botId: id, issueId: name };
      if (part === 'botJson') return { kind: 'botJson', workspaceId, botId: id, ...(name === 'current' ? {} : { versionId: name }) };
      if ((botParts as readonly string[]).includes(part)) return { kind: 'botPart', workspaceId, botId: id, part: part as BotPart, name };
      return undefined;
    }
    if ((['plugins', 'interfaces'] as string[]).includes(collection) && !part)
      return { kind: 'package', type: collection.slice(0, -1) as PackageType, workspaceId, id };
    if (collection === 'integrations') {
      if (!part) return { kind: 'integration', workspaceId, integrationId: id };
      if (name && (integrationParts as readonly string[]).includes(part)) {
        return { kind: 'integrationPart', workspaceId, integrationId: id, part: part as IntegrationPart, name };
      }
    }
    return undefined;
  })();
  return found && { resource: found, format };
}
