// A private integration's name as `bp deploy` gives it (its `manageWorkspaceHandle`): `<workspace handle>/<name>`.
// The handle comes from the workspace; a definition that names one must name this workspace's; a
// workspace without a handle must claim one first (checkHandleAvailability, then updateWorkspace). No `vscode`.
import type { BotpressClient } from '../api/botpress';

/** How the deploy names the integration, or what it needs first. */
export type IntegrationNaming =
  /** Deploy under `name`; `note` says why it differs from the definition's, when it does. */
  | { kind: 'named'; name: string; note?: string }
  /** The workspace has no handle: claim `handle` (the definition's, when it names one and it is free) first. */
  | { kind: 'claim'; workspaceName: string; localName: string; handle?: string }
  /** Cannot deploy: `reason` says why and what to do. */
  | { kind: 'refused'; reason: string };

export function splitHandle(name: string): { handle?: string; name: string } {
  const slash = name.indexOf('/');
  return slash < 0 ? { name } : { handle: name.slice(0, slash), name: name.slice(slash + 1) };
}

export async function integrationNaming(client: BotpressClient, definitionName: string, signal?: AbortSignal): Promise<IntegrationNaming> {
  const { handle: local, name } = splitHandle(definitionName);
  const workspace = await client.getWorkspace({ id: client.workspaceId! }, { signal });
  const remote = workspace.handle || undefined;
  if (local && remote) {
    if (local === remote) return { kind: 'named', name: definitionName };
    const { workspaces } = await client.listWorkspaces({ handle: local }, { signal });
    const owner = workspaces[0];
    return {
      kind: 'refused',
      reason: owner
        ? `The handle "${local}" of ${definitionName} is the one of workspace "${owner.name}", not of "${workspace.name}" ` +
          `(handle "${remote}"): deploy it to "${owner.name}", or rename it ${remote}/${name}.`
        : `The handle "${local}" of ${definitionName} is not the handle of any of your workspaces ` +
          `("${workspace.name}" has "${remote}"): rename it ${remote}/${name}.`,
    };
  }
  if (remote)
    return {
      kind: 'named',
      name: `${remote}/${name}`,
      note: `Named ${remote}/${name}: a private integration carries its workspace's handle, as bp deploy names it.`,
    };
  if (local) {
    const { available } = await client.checkHandleAvailability({ handle: local }, { signal });
    if (!available)
      return {
        kind: 'refused',
        reason: `The handle "${local}" of ${definitionName} belongs to another workspace: rename the integration.`,
      };
    return { kind: 'claim', workspaceName: workspace.name, localName: name, handle: local };
  }
  return { kind: 'claim', workspaceName: workspace.name, localName: name };
}

/** Claims `handle` for the client's workspace; the suggestions the service offers when it is taken. */
export async function claimHandle(
  client: BotpressClient,
  handle: string,
  signal?: AbortSignal,
): Promise<{ claimed: true } | { claimed: false; suggestions: string[] }> {
  const { available, suggestions } = await client.checkHandleAvailability({ handle }, { signal });
  if (!available) return { claimed: false, suggestions };
  await client.updateWorkspace({ id: client.workspaceId!, handle }, { signal });
  return { claimed: true };
}
