// Deploy Bot in the real extension host against the emulator (BP_TOKEN / BP_API_URL from the workbench):
// the command run on a definition file, the bot read back through the API, removals, a server error
// placed on its key, and definition errors that stop the deploy. Each test uses a bot of its own in the
// Personal Sandbox workspace and deletes it afterwards, so the other suites see the seed unchanged.
// (Bundling and the preview dialog are covered by the UI test, test/e2e/deploy.test.ts.)
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BotpressClient } from '../../src/api/botpress';
import { HttpClient } from '../../src/api/http';
import type { DeployResult } from '../../src/commands/deploy';
import { activateProduct, test } from './harness';

interface Sandbox {
  client: BotpressClient;
  botId: string;
  /** Writes `text` as a bot definition in a folder of its own; returns its URI. */
  file(text: string): Promise<vscode.Uri>;
}

/** Runs `fn` with a fresh dev bot, the preview turned off, and a scratch folder; undoes all three. */
async function withSandbox(fn: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  await activateProduct();
  const http = new HttpClient({ retry: { maxAttempts: 1 } });
  const account = new BotpressClient({ apiUrl: process.env.BP_API_URL, token: process.env.BP_TOKEN!, http });
  const { workspaces } = await account.listWorkspaces({});
  const client = account.withWorkspace(workspaces.find((w) => w.name === 'Personal Sandbox')!.id);
  const { bot } = await client.createBot({ name: 'deploy-host-test', dev: true });
  const config = vscode.workspace.getConfiguration('botpress.deploy');
  await config.update('confirmPreview', false, vscode.ConfigurationTarget.Global);
  const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `deploy-host-${bot.id}`);
  try {
    await fn({
      client,
      botId: bot.id,
      async file(text) {
        const uri = vscode.Uri.joinPath(folder, 'bot.definition.yaml');
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
        return uri;
      },
    });
  } finally {
    await vscode.workspace.fs.delete(folder, { recursive: true }).then(undefined, () => undefined);
    await config.update('confirmPreview', undefined, vscode.ConfigurationTarget.Global);
    await client.deleteBot({ id: bot.id }).catch(() => undefined);
    await http.close();
  }
}

const deploy = (uri: vscode.Uri) => vscode.commands.executeCommand<DeployResult | undefined>('botpress.deployBot', uri);
const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

test('deploy: Deploy Bot sends the definition to the bot its id names; entries taken out are deleted', async () => {
  await withSandbox(async ({ client, botId, file }) => {
    const text = [
      '# Deployed by the host test',
      `id: ${botId}`,
      'name: deploy-host-test',
      'states:',
      '  ticket: { type: conversation, schema: { type: object, properties: { subject: { type: string } } } }',
      '  draft: { type: user, schema: { type: object } }',
      'user:',
      '  tags:',
      '    email: { title: Email, description: Verified address }',
      'tags:',
      '  team: qa',
      'events:',
      '  escalated: { title: Escalated, description: Sent to a human, schema: { type: object } }',
      '',
    ].join('\n');
    const uri = await file(text);
    const result = await deploy(uri);
    assert.equal(result?.id, botId);
    assert.equal(result.created, false);
    let { bot } = await client.getBot({ id: botId });
    assert.deepEqual(Object.keys(bot.states).sort(), ['draft', 'ticket']);
    assert.equal(bot.tags.team, 'qa');
    assert.equal(bot.user.tags.email.title, 'Email');
    assert.equal(bot.events.escalated.title, 'Escalated');
    assert.equal(await read(uri), text, 'a file that names its bot is left as it is');

    // From the explorer's bot node: the workspace file whose id names that bot is the one deployed.
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode(text.replace(/ {2}draft:.*\n/, '').replace(/tags:\n {2}team: qa\n/, '')),
    );
    const node = { workspaceId: client.workspaceId, botId, name: 'deploy-host-test' };
    assert.equal((await vscode.commands.executeCommand<DeployResult | undefined>('botpress.deployBot', node))?.id, botId);
    ({ bot } = await client.getBot({ id: botId }));
    assert.deepEqual(Object.keys(bot.states), ['ticket']);
    assert.equal(bot.tags.team, undefined);
  });
});

test('deploy: a server error that names an entry is placed on its key, and nothing changes locally', async () => {
  await withSandbox(async ({ client, botId, file }) => {
    const text = `id: ${botId}\nname: deploy-host-test\nintegrations:\n  int_nowhere_1:\n    enabled: true\n`;
    const uri = await file(text);
    const before = (await client.getBot({ id: botId })).bot.updatedAt;
    assert.equal(await deploy(uri), undefined);
    const problems = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'botpress-deploy');
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].range.start.line, 3);
    assert.equal(problems[0].range.start.character, 2);
    assert.equal(problems[0].range.end.character, 2 + 'int_nowhere_1'.length);
    assert.match(problems[0].message, /^ReferenceNotFound: .*int_nowhere_1/);
    assert.equal(await read(uri), text);
    assert.equal((await client.getBot({ id: botId })).bot.updatedAt, before);
  });
});

test('deploy: a definition with errors is not sent', async () => {
  await withSandbox(async ({ client, botId, file }) => {
    const uri = await file(`id: ${botId}\nname: deploy-host-test\nstates:\n  my_state: { type: sometimes, schema: { type: object } }\n`);
    const before = (await client.getBot({ id: botId })).bot;
    assert.equal(await deploy(uri), undefined);
    const after = (await client.getBot({ id: botId })).bot;
    assert.equal(after.updatedAt, before.updatedAt);
    assert.deepEqual(after.states, before.states);
  });
});
