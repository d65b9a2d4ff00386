// A workspace's handle, as `bp deploy` claims one for a private integration (`<handle>/<name>`):
// checkHandleAvailability and updateWorkspace (getWorkspace is in cloud.ts).
import type { Workspace } from '@botpress/client';
import { ApiError } from './spec';
import type { CloudHandler } from './cloud';
import type { Store } from './store';

const takenBy = (store: Store, handle: string) => store.workspaces.find((w) => w.handle === handle);

/** Free handles like the one asked for: numbered, then with the year. */
function suggestions(store: Store, handle: string): string[] {
  const candidates = [2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${handle}-${n}`).concat(`${handle}-${new Date().getUTCFullYear()}`);
  return candidates.filter((c) => c.length <= 50 && !takenBy(store, c)).slice(0, 3);
}

export const workspaceHandlers: Record<string, CloudHandler> = {
  checkHandleAvailability: ({ store, body }) => {
    const handle = String(body.handle);
    const owner = takenBy(store, handle);
    return owner ? { available: false, suggestions: suggestions(store, handle), usedBy: owner.id } : { available: true, suggestions: [] };
  },
  updateWorkspace: ({ store, params, body }) => {
    const workspace = store.workspace(params.id);
    if (!workspace) throw new ApiError('ResourceNotFound', `Workspace "${params.id}" doesn't exist`);
    const handle = body.handle as string | undefined;
    const owner = handle === undefined ? undefined : takenBy(store, handle);
    if (owner && owner.id !== workspace.id) throw new ApiError('AlreadyExists', `The handle "${handle}" is already taken`);
    Object.assign(workspace, body, { updatedAt: new Date().toISOString() } satisfies Partial<Workspace>);
    return workspace;
  },
};
