import { escapeMarkdownLinks } from '../core/text';
import * as vscode from 'vscode';
import type { BotpressClient } from '../api/botpress';
import { configurationProblems, fieldText, formFields, parseField, type FormField } from '../core/schemaForm';
import type { Services } from '../services';
import type { BotpressTreeProvider } from '../views/botpress/tree';
import { handleApiError } from '../ui/errors';
import { confirmIrreversible } from '../ui/confirm';
import { pickBot, separator, type PickItem } from '../ui/pick';
import { Command } from '../ids';

/** What the explorer's bot row and installed-integration rows pass to these commands. */
interface BotArg {
  workspaceId?: string;
  botId?: string;
  name?: string;
  /** A workspace integration's row: install that one, on a bot to pick. */
  integrationId?: string;
}

/** An integration to install: the workspace's own (by id) or the Hub's (by name and version). */
type Installable = { id: string } | { name: string; version: string };
interface InstalledArg {
  resource?: { kind: string; workspaceId?: string; botId?: string; part?: string; name?: string };
}

type Dict = Record<string, unknown>;

/**
 * Hub integrations on a bot: Install Integration… (pick from the Hub, then one input per field of its
 * configuration schema, checked as typed and against the whole schema), Configure…, Enable, Disable
 * and Uninstall an installed one. Each is one updateBot request; the explorer shows the result.
 */
export function registerIntegrations(context: vscode.ExtensionContext, services: Services): void {
  const { explorer: tree } = services;
  const run = (title: string, work: () => Promise<void>) => async () => {
    try {
      await work();
    } catch (error) {
      handleApiError(services, error, title);
    }
  };
  const installed = (arg: InstalledArg | undefined) => {
    const r = arg?.resource;
    return r?.kind === 'botPart' && r.part === 'integrations' && r.workspaceId && r.botId && r.name
      ? { workspaceId: r.workspaceId, botId: r.botId, key: r.name }
      : undefined;
  };
  const change = (arg: InstalledArg | undefined, what: string, body: (entry: Dict) => Dict | null) => {
    const target = installed(arg);
    return target && run(`Could not ${what} ${target.key}`, () => update(services, tree, target, body))();
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.installIntegration, (arg?: BotArg) =>
      run('Could not install the integration', () => install(services, tree, arg))(),
    ),
    vscode.commands.registerCommand(Command.configureIntegration, (arg?: InstalledArg) => {
      const target = installed(arg);
      return target && run(`Could not configure ${target.key}`, () => configure(services, tree, target))();
    }),
    vscode.commands.registerCommand(Command.enableIntegration, (arg?: InstalledArg) => change(arg, 'enable', () => ({ enabled: true }))),
    vscode.commands.registerCommand(Command.disableIntegration, (arg?: InstalledArg) => change(arg, 'disable', () => ({ enabled: false }))),
    vscode.commands.registerCommand(Command.uninstallIntegration, async (arg?: InstalledArg) => {
      const target = installed(arg);
      if (!target) return;
      const uninstall = await confirmIrreversible({
        message: `Uninstall ${target.key} from this bot?`,
        detail: 'Its configuration is removed with it; the conversations it carried stay.',
        keep: 'Keep Installed',
        action: 'Uninstall',
      });
      if (uninstall) await change(arg, 'uninstall', () => null);
    }),
  );
}

/** The bot's client and the installed entry, as getBot returns them. */
async function installation(services: Services, target: { workspaceId: string; botId: string; key: string }) {
  const client = await services.botpress({ workspaceId: target.workspaceId });
  const { bot } = await client.getBot({ id: target.botId });
  const entry = bot.integrations?.[target.key];
  if (!entry) throw new Error(`${target.key} is not installed on bot ${bot.name} any more: refresh the explorer.`);
  return { client, bot, entry };
}

async function update(
  services: Services,
  tree: BotpressTreeProvider,
  target: { workspaceId: string; botId: string; key: string },
  body: (entry: Dict) => Dict | null,
) {
  const { client, bot, entry } = await installation(services, target);
  const sent = body(entry as unknown as Dict);
  await progress(`Updating ${target.key} on ${bot.name}…`, () =>
    client.updateBot({ id: bot.id, integrations: { [target.key]: sent as never } }),
  );
  services.output.info(`${sent === null ? 'Uninstalled' : 'Updated'} integration ${target.key} on bot ${bot.name} (${bot.id}).`);
  await tree.deployed({ workspaceId: target.workspaceId, botId: bot.id, created: false });
}

async function configure(services: Services, tree: BotpressTreeProvider, target: { workspaceId: string; botId: string; key: string }) {
  const { client, bot, entry } = await installation(services, target);
  const { integration } = await client.getIntegration({ id: entry.id });
  const configuration = await askConfiguration(
    `Configure ${integration.title ?? integration.name} on ${bot.name}`,
    integration.configuration?.schema,
    entry.configuration ?? {},
  );
  if (!configuration) return;
  await progress(`Configuring ${target.key}…`, () => client.updateBot({ id: bot.id, integrations: { [target.key]: { configuration } } }));
  services.output.info(`Configured integration ${target.key} on bot ${bot.name} (${bot.id}).`);
  await tree.deployed({ workspaceId: target.workspaceId, botId: bot.id, created: false });
}

async function install(services: Services, tree: BotpressTreeProvider, arg: BotArg | undefined): Promise<void> {
  const account = await services.botpress();
  const target =
    arg?.workspaceId && arg.botId
      ? { workspaceId: arg.workspaceId, botId: arg.botId }
      : await pickBot(
          arg?.workspaceId ? account.withWorkspace(arg.workspaceId) : account,
          { title: 'Install Integration', placeHolder: arg?.name ? `Install ${arg.name} on which bot?` : 'On which bot?' },
          services,
        );
  if (!target) return;
  const client = account.withWorkspace(target.workspaceId);
  const { bot } = await client.getBot({ id: target.botId });
  const picked: Installable | undefined = arg?.integrationId && !arg.botId ? { id: arg.integrationId } : await pickIntegration(client, bot);
  if (!picked) return;
  const { integration } = await ('id' in picked ? client.getIntegration(picked) : client.getPublicIntegration(picked));
  const title = `Install ${integration.title ?? integration.name} on ${bot.name}`;
  const taken = new Set(Object.keys(bot.integrations ?? {}));
  const alias = await vscode.window.showInputBox({
    title,
    prompt: 'Name of this installation on the bot (its key in bot.definition.yaml `integrations`)',
    value: taken.has(integration.name) ? `${integration.name}2` : integration.name,
    ignoreFocusOut: true,
    validateInput: (v) =>
      !/^[a-zA-Z][a-zA-Z0-9_-]{0,99}$/.test(v)
        ? 'Letters, digits, - and _, starting with a letter'
        : taken.has(v)
          ? `${v} is already installed on ${bot.name}`
          : undefined,
  });
  if (!alias) return;
  const configuration = await askConfiguration(title, integration.configuration?.schema, {});
  if (!configuration) return;
  const enabled = await vscode.window.showQuickPick(
    [
      { label: 'Enable now', value: true },
      { label: 'Install disabled', description: 'enable it later from the explorer', value: false },
    ],
    { title, placeHolder: 'Enable the integration?', ignoreFocusOut: true },
  );
  if (!enabled) return;
  await progress(`Installing ${integration.name} on ${bot.name}…`, () =>
    client.updateBot({ id: bot.id, integrations: { [alias]: { integrationId: integration.id, enabled: enabled.value, configuration } } }),
  );
  services.output.info(`Installed integration ${integration.name}@${integration.version} on bot ${bot.name} (${bot.id}) as ${alias}.`);
  await tree.deployed({ workspaceId: target.workspaceId, botId: bot.id, created: false });
  void vscode.window.showInformationMessage(
    escapeMarkdownLinks(`Installed ${integration.title ?? integration.name} on ${bot.name}${enabled.value ? '' : ' (disabled)'}.`),
  );
}

/**
 * The workspace's own integrations, then every public one of the Hub (the newest version of each, as the API
 * lists them); what the bot has installed already says so, under which name.
 */
async function pickIntegration(client: BotpressClient, bot: { name: string; integrations?: Record<string, { id: string }> }) {
  const installedAs = (id: string) =>
    Object.entries(bot.integrations ?? {})
      .filter(([, entry]) => entry.id === id)
      .map(([key]) => key);
  const item = (
    i: { id: string; name: string; version: string; title?: string; description?: string },
    icon: string,
    value: Installable,
  ): PickItem<Installable> => {
    // Installed under its id (as most are) or under a name of the user's choosing.
    const keys = installedAs(i.id);
    const names = keys.filter((k) => k !== i.id);
    return {
      label: `$(${icon}) ${i.title || i.name}`,
      description: [`${i.name}@${i.version}`, keys.length ? `already installed${names.length ? ` as ${names.join(', ')}` : ''}` : '']
        .filter(Boolean)
        .join(' · '),
      detail: i.description,
      value,
    };
  };
  const items = async (): Promise<PickItem<Installable>[]> => {
    const own: PickItem<Installable>[] = [];
    for await (const i of client.iterate('listIntegrations')) own.push(item(i, 'plug', { id: i.id }));
    const hub: PickItem<Installable>[] = [];
    for await (const i of client.iterate('listPublicIntegrations')) hub.push(item(i, 'package', { name: i.name, version: i.version }));
    return [...(own.length ? [separator<Installable>('This workspace'), ...own, separator<Installable>('Hub')] : []), ...hub];
  };
  const picked = await vscode.window.showQuickPick(items(), {
    title: `Install Integration on ${bot.name}`,
    placeHolder: 'Which integration? (your workspace’s own first, then the Hub)',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  return picked?.value;
}

/**
 * Asks for each field of a configuration schema in turn (the current value prefilled), then checks the
 * whole configuration against the schema; a problem sends the user back to the field it names.
 * Undefined when the user walks away.
 */
export async function askConfiguration(title: string, schema: unknown, current: Dict): Promise<Dict | undefined> {
  const fields = formFields(schema);
  const values: Dict = { ...current };
  for (let i = 0; i < fields.length; i++) {
    const has = values[fields[i].key] !== undefined;
    const answer = await askField(`${title} (${i + 1}/${fields.length})`, fields[i], has ? values[fields[i].key] : fields[i].default, has);
    if (answer === CANCELLED) return undefined;
    if (answer === undefined) delete values[fields[i].key];
    else values[fields[i].key] = answer;
    if (i === fields.length - 1) {
      const problems = configurationProblems(schema, values);
      if (problems.length) {
        const again = await vscode.window.showErrorMessage(
          escapeMarkdownLinks(`The configuration does not fit the integration's schema: ${problems.join('; ')}`),
          { modal: true },
          'Edit Again',
        );
        if (again !== 'Edit Again') return undefined;
        i = -1;
      }
    }
  }
  return values;
}

const CANCELLED = Symbol('cancelled');

/** One field's question; `isCurrent`: `value` is what the installation has now (else the schema's default). */
async function askField(title: string, field: FormField, value: unknown, isCurrent: boolean): Promise<unknown> {
  const label = `${field.title}${field.required ? '' : ' (optional)'}`;
  if (field.kind === 'boolean' || field.kind === 'choice') {
    const options = field.kind === 'boolean' ? [true, false] : (field.options ?? []);
    const items = [
      ...options.map((o) => ({
        label: field.kind === 'boolean' ? (o ? 'Yes' : 'No') : String(o),
        picked: o === value,
        value: o as unknown,
        description: o === value ? (isCurrent ? 'current' : 'default') : undefined,
      })),
      ...(field.required ? [] : [{ label: 'Leave unset', value: undefined, description: undefined, picked: false }]),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title,
      placeHolder: [label, field.description].filter(Boolean).join(': '),
      ignoreFocusOut: true,
    });
    return picked ? picked.value : CANCELLED;
  }
  const text = await vscode.window.showInputBox({
    title,
    prompt: [label, field.description].filter(Boolean).join(': '),
    value: fieldText(field, value),
    password: field.kind === 'secret',
    placeHolder: field.kind === 'list' ? 'values separated by commas' : field.kind === 'json' ? 'JSON' : undefined,
    ignoreFocusOut: true,
    validateInput: (t) => parseField(field, t).error,
  });
  return text === undefined ? CANCELLED : parseField(field, text).value;
}

function progress<T>(title: string, work: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, work);
}
