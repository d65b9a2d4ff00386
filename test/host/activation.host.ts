// The packaged extension in a real extension host: it activates, and every command it declares exists.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateProduct, test } from './harness';

interface Manifest {
  contributes?: { commands?: Array<{ command: string }>; views?: Record<string, Array<{ id: string }>> };
}

test('the extension activates', async () => {
  const extension = await activateProduct();
  assert.equal(extension.isActive, true);
});

test('every declared command is registered after activation', async () => {
  const extension = await activateProduct();
  const declared = ((extension.packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = declared.filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
});

test('every declared view can be shown', async () => {
  const extension = await activateProduct();
  const views = Object.values((extension.packageJSON as Manifest).contributes?.views ?? {}).flat();
  for (const view of views) await vscode.commands.executeCommand(`${view.id}.focus`);
});
