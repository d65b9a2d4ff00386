import * as vscode from 'vscode';
import type { BotpressClient, Workspace } from '../api/botpress';
import { describeError } from '../api/errors';
import type { BotpressAccounts } from '../auth/access';
import { ENVIRONMENT_ACCOUNT_ID, type Account } from '../auth/accounts';
import { profilesPath, readProfiles } from '../auth/profiles';
import { BotpressAuthenticationProvider } from '../auth/provider';
import { checkServiceUrl, ServiceUrlError } from '../settings';
import type { Services } from '../services';
import { handleApiError } from '../ui/errors';
import { confirmIrreversible } from '../ui/confirm';
import { escapeMarkdownLinks } from '../core/text';
import { AuthProvider, Command, ContextKey, Setting, type CommandId } from '../ids';

/** Arguments the explorer's account nodes pass to these commands. */
interface AccountArg {
  accountId?: string;
}

const PROFILES_OFFERED_KEY = 'botpress.profilesImportOffered';

/**
 * Accounts: Sign In / Switch Account / Sign Out / Import CLI Profiles, the authentication provider, the
 * status bar item, and the one-time offer to import the official CLI's profiles.
 */
export function registerAccounts(context: vscode.ExtensionContext, services: Services): void {
  const accounts = services.botpressAccounts;
  const { store } = accounts;
  const signIn = () => runSignIn(services, accounts);
  const provider = new BotpressAuthenticationProvider(store, accounts.names, signIn);
  const status = vscode.window.createStatusBarItem('botpress.account', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Botpress Account';

  const update = () => {
    const active = store.active();
    void vscode.commands.executeCommand('setContext', ContextKey.botpressSignedIn, active !== undefined);
    if (!active) {
      status.text = '$(account) Botpress: Sign In';
      status.tooltip = 'Sign in to Botpress with a personal access token';
      status.command = Command.signIn;
    } else {
      const workspace = active.workspaceName ?? active.workspaceId;
      const name = accounts.names.of(active);
      const source = { environment: ', from BP_TOKEN', local: ', the Local Cloud', stored: '' }[active.source];
      status.text = `$(account) ${escapeMarkdownLinks(`${name}${workspace ? ` · ${workspace}` : ''}`)}`;
      status.tooltip =
        `Botpress account ${name} (${active.apiUrl}${source})${workspace ? `\nWorkspace: ${workspace}` : ''}` +
        '\nClick to switch account or workspace';
      status.command = Command.switchAccount;
    }
    status.show();
  };
  update();

  services.contributions.authenticationProvider(AuthProvider.botpress, provider);
  context.subscriptions.push(
    provider,
    status,
    { dispose: store.onDidChange(update).dispose },
    { dispose: accounts.names.onDidChange(update).dispose },
    vscode.commands.registerCommand(Command.signIn, signIn),
    vscode.commands.registerCommand(Command.switchAccount, (arg?: AccountArg) => switchAccount(services, accounts, arg?.accountId)),
    vscode.commands.registerCommand(Command.signOut, (arg?: AccountArg) => signOut(accounts, arg?.accountId)),
    vscode.commands.registerCommand(Command.importProfiles, () => importProfiles(services, accounts)),
  );
  void offerProfileImport(context, services, accounts);
  void openWalkthroughOnFirstStart(context);
}

const WALKTHROUGH_SHOWN_KEY = 'botpress.walkthroughShown';

/**
 * Opens the Get Started walkthrough once, on the first start where VS Code opens its welcome page (its default
 * startup editor, which the demo keeps): its first step, Sign In, is already checked when an account is there.
 */
async function openWalkthroughOnFirstStart(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get(WALKTHROUGH_SHOWN_KEY)) return;
  if (vscode.workspace.getConfiguration('workbench').get<string>('startupEditor') !== 'welcomePage') return;
  await context.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#botpress.gettingStarted`, false);
}

async function listAllWorkspaces(client: BotpressClient): Promise<Workspace[]> {
  const all: Workspace[] = [];
  for await (const workspace of client.iterate('listWorkspaces')) all.push(workspace);
  return all;
}

function configuredApiUrl(services: Services): string | undefined {
  try {
    return services.settings.serviceUrl(Setting.botpressApiUrl);
  } catch (err) {
    void showSettingError(err);
    return undefined;
  }
}

async function showSettingError(err: unknown): Promise<void> {
  const setting = err instanceof ServiceUrlError ? err.setting : Setting.botpressApiUrl;
  const choice = await vscode.window.showErrorMessage(escapeMarkdownLinks(describeError(err)), 'Open Settings');
  if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', setting);
}

async function pickWorkspace(workspaces: Workspace[], currentId: string | undefined, title: string): Promise<Workspace | undefined> {
  if (workspaces.length === 1) return workspaces[0];
  const picked = await vscode.window.showQuickPick(
    workspaces.map((w) => ({ label: w.name, description: w.id === currentId ? 'current' : w.id, workspace: w })),
    { title, placeHolder: 'Workspace to work in', ignoreFocusOut: true },
  );
  return picked?.workspace;
}

/**
 * A readable name for a new account: its display name or e-mail when the API says, else the host,
 * numbered so that two tokens on one host stay two accounts.
 */
async function accountLabel(accounts: BotpressAccounts, client: BotpressClient, apiUrl: string, token: string): Promise<string> {
  try {
    const { account } = await client.getAccount({});
    return account.displayName || account.email;
  } catch {
    return accounts.store.freeLabel(new URL(apiUrl).host, apiUrl, token);
  }
}

/** Asks for a personal access token, checks it with listWorkspaces, and stores it in SecretStorage. */
async function runSignIn(services: Services, accounts: BotpressAccounts): Promise<Account | undefined> {
  const apiUrl = configuredApiUrl(services);
  if (!apiUrl) return undefined;
  const token = (
    await vscode.window.showInputBox({
      title: 'Botpress: Sign In',
      prompt:
        `Personal access token for ${new URL(apiUrl).host} (Botpress dashboard → your profile → Personal Access Tokens). ` +
        "It is kept in VS Code's secret storage.",
      placeHolder: 'bp_pat_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'Paste a personal access token'),
    })
  )?.trim();
  if (!token) return undefined;
  const client = accounts.clientForToken(apiUrl, token);
  let workspaces: Workspace[];
  try {
    workspaces = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Checking the token with Botpress…' },
      () => listAllWorkspaces(client),
    );
  } catch (err) {
    services.output.error(`Sign-in failed: ${describeError(err)}`);
    const choice = await vscode.window.showErrorMessage(
      escapeMarkdownLinks(`Botpress refused the sign-in: ${describeError(err)}`),
      'Try Again',
    );
    return choice ? runSignIn(services, accounts) : undefined;
  }
  const workspace = workspaces.length ? await pickWorkspace(workspaces, undefined, 'Botpress: choose a workspace') : undefined;
  if (workspaces.length && !workspace) return undefined;
  const label = await accountLabel(accounts, client, apiUrl, token);
  const account = await accounts.store.add({ label, apiUrl, token, workspaceId: workspace?.id, workspaceName: workspace?.name });
  services.output.info(`Signed in to Botpress as ${label} (${apiUrl}).`);
  const noWorkspaceYet = workspaces.length ? '' : ' This account has no workspace yet: create one in the Botpress dashboard.';
  void vscode.window.showInformationMessage(escapeMarkdownLinks(`Signed in to Botpress as ${label}.${noWorkspaceYet}`));
  return account;
}

async function switchAccount(services: Services, accounts: BotpressAccounts, accountId?: string): Promise<void> {
  const { store } = accounts;
  let account = accountId ? store.get(accountId) : undefined;
  if (!account) {
    const active = store.active();
    type Item = vscode.QuickPickItem & { account?: Account; run?: CommandId };
    const entries: Item[] = [
      ...store.list().map((a) => ({
        label: `${a.id === active?.id ? '$(check) ' : ''}${accounts.names.of(a)}`,
        description: a.workspaceName ?? a.workspaceId,
        detail: a.source === 'environment' ? `${a.apiUrl} · from the environment, not stored` : a.apiUrl,
        account: a,
      })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: '$(add) Sign in with another token…', run: Command.signIn },
      { label: '$(cloud-download) Import Botpress CLI profiles…', run: Command.importProfiles },
    ];
    const picked = await vscode.window.showQuickPick(entries, {
      title: 'Botpress: Switch Account',
      placeHolder: 'Account to use',
      ignoreFocusOut: true,
    });
    if (picked?.run) return void (await vscode.commands.executeCommand(picked.run));
    account = picked?.account;
  }
  if (!account) return;
  try {
    const client = await accounts.client({}, account);
    const workspaces = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Listing Botpress workspaces…' },
      () => listAllWorkspaces(client),
    );
    const workspace = await pickWorkspace(workspaces, account.workspaceId, `Botpress: workspace for ${accounts.names.of(account)}`);
    if (workspaces.length && !workspace) return;
    await store.activate(account.id, workspace && { id: workspace.id, name: workspace.name });
  } catch (err) {
    await store.activate(account.id);
    handleApiError(services, err, `Switched to ${accounts.names.of(account)}, but could not list its workspaces`);
  }
}

async function signOut(accounts: BotpressAccounts, accountId?: string): Promise<void> {
  const { store } = accounts;
  const candidates = store.list().filter((a) => a.source === 'stored');
  let account = accountId ? store.get(accountId) : undefined;
  if (account?.source === 'local')
    return void vscode.window.showInformationMessage('The Local Cloud account exists while the Local Cloud runs: stop it to remove it.');
  if (accountId === ENVIRONMENT_ACCOUNT_ID || (!account && !candidates.length && store.list().length)) {
    void vscode.window.showInformationMessage('The environment account comes from the BP_TOKEN variable: unset it to sign out.');
    return;
  }
  if (!account) {
    if (!candidates.length) return void vscode.window.showInformationMessage('No Botpress account is signed in.');
    account =
      candidates.length === 1
        ? candidates[0]
        : (
            await vscode.window.showQuickPick(
              candidates.map((a) => ({ label: a.label, description: a.apiUrl, account: a })),
              { title: 'Botpress: Sign Out', ignoreFocusOut: true },
            )
          )?.account;
  }
  if (!account) return;
  const signOut = await confirmIrreversible({
    message: `Sign out of Botpress account "${account.label}"?`,
    detail: 'Its access token is deleted from this machine. The token itself stays valid until you revoke it in the Botpress dashboard.',
    keep: 'Stay Signed In',
    action: 'Sign Out',
  });
  if (!signOut) return;
  await store.remove(account.id);
  void vscode.window.showInformationMessage(escapeMarkdownLinks(`Signed out of ${account.label}.`));
}

/** Imports the official CLI's profiles after asking; their tokens go to SecretStorage only. */
async function importProfiles(services: Services, accounts: BotpressAccounts): Promise<number> {
  const file = profilesPath();
  const defaultApiUrl = configuredApiUrl(services) ?? 'https://api.botpress.cloud';
  let result;
  try {
    result = await readProfiles(file, defaultApiUrl);
  } catch (err) {
    void vscode.window.showErrorMessage(escapeMarkdownLinks(`Could not read ${file}: ${describeError(err)}`));
    return 0;
  }
  if (!result?.profiles.length) {
    void vscode.window.showInformationMessage(escapeMarkdownLinks(`No Botpress CLI profiles found in ${file}.`));
    return 0;
  }
  if (result.problems.length) services.output.warn(`Skipped CLI profiles in ${file}: ${result.problems.join('; ')}`);
  const picked = await vscode.window.showQuickPick(
    result.profiles.map((p) => ({
      label: p.name,
      description: p.apiUrl,
      detail: p.workspaceId && `workspace ${p.workspaceId}`,
      picked: true,
      profile: p,
    })),
    {
      title: `Import Botpress CLI profiles from ${file}`,
      placeHolder: 'Tokens are copied into VS Code secret storage',
      canPickMany: true,
      ignoreFocusOut: true,
    },
  );
  if (!picked?.length) return 0;
  const refused: string[] = [];
  let imported = 0;
  for (const { profile } of picked) {
    try {
      const apiUrl = checkServiceUrl(profile.apiUrl, `profile "${profile.name}" apiUrl`);
      await accounts.store.add({ label: profile.name, apiUrl, token: profile.token, workspaceId: profile.workspaceId });
      imported++;
    } catch (err) {
      refused.push(describeError(err));
    }
  }
  const message = `Imported ${imported} Botpress CLI profile${imported === 1 ? '' : 's'}.`;
  if (refused.length) void vscode.window.showWarningMessage(escapeMarkdownLinks(`${message} Not imported: ${refused.join(' ')}`));
  else void vscode.window.showInformationMessage(escapeMarkdownLinks(message));
  return imported;
}

/** Offers once, never at the cost of activation time, to import the CLI's profiles when there are some. */
async function offerProfileImport(context: vscode.ExtensionContext, services: Services, accounts: BotpressAccounts): Promise<void> {
  if (context.globalState.get(PROFILES_OFFERED_KEY) || accounts.store.list().some((a) => a.source === 'stored')) return;
  const found = await readProfiles(profilesPath(), 'https://api.botpress.cloud').catch(() => undefined);
  if (!found?.profiles.length) return;
  await context.globalState.update(PROFILES_OFFERED_KEY, true);
  const n = found.profiles.length;
  const choice = await vscode.window.showInformationMessage(
    escapeMarkdownLinks(
      `Found ${n} Botpress CLI profile${n === 1 ? '' : 's'} in ${profilesPath()}. Import ${n === 1 ? 'it' : 'them'} into VS Code?`,
    ),
    'Import…',
    'Not Now',
  );
  if (choice === 'Import…') await importProfiles(services, accounts);
}
