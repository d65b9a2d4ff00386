// What activation registers before any feature's code is loaded. The extension is two bundles:
// dist/extension.js (src/extension.ts and this file, nothing else) and dist/features.js (src/features.ts:
// services, API clients, views, webview hosts, deploy, definitions…), required on first use. Everything VS
// Code may call before the user acts (commands, views, webview serializers, providers, the test controller)
// is registered here as a stand-in that loads the features bundle on its first call, then hands the call
// to the feature's own implementation:
//   - commands: a stand-in per command of package.json; loading disposes them all, the features register
//     the real ones in the same tick, and the stand-in's call is run again as the real command;
//   - views, serializers and providers (which VS Code cannot take back and register again without losing
//     state): registered here once, with an implementation the features supply through `Contributions`.
// This file imports nothing but `vscode` and the ids (esbuild.js checks it), so no module with code or
// state is in both bundles.
import * as vscode from 'vscode';
import { Command, Language, TestController, UriScheme, View } from './ids';

/**
 * The contributions activation registered, for the features to implement when they load. Each call
 * supplies the implementation of one; the registration (and its disposal) stays activation's.
 */
export interface Contributions {
  /** The tree view made at activation for a view of package.json, now drawn by `provider`. */
  treeView<T>(viewId: string, provider: vscode.TreeDataProvider<T>): vscode.TreeView<T>;
  /** The Test Explorer controller made at activation; the features set its handlers and run profiles. */
  testController(id: string): vscode.TestController;
  webviewPanelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): void;
  fileSystemProvider(scheme: string, provider: vscode.FileSystemProvider): void;
  textDocumentContentProvider(scheme: string, provider: vscode.TextDocumentContentProvider): void;
  taskProvider(type: string, provider: vscode.TaskProvider): void;
  authenticationProvider(id: string, provider: vscode.AuthenticationProvider): void;
  /** Language features of definition files and SDK definitions, by the names `activate()` registered them under. */
  hoverProvider(name: 'definitions' | 'sdkDefinitions' | 'adk', provider: vscode.HoverProvider): void;
  completionItemProvider(name: 'definitions', provider: vscode.CompletionItemProvider): void;
  codeActionsProvider(name: 'definitions' | 'adk', provider: vscode.CodeActionProvider): void;
}

interface Manifest {
  contributes?: {
    authentication?: Array<{ id: string; label: string }>;
    taskDefinitions?: Array<{ type: string }>;
  };
  activationEvents?: string[];
}

/** Files whose problems the features check as soon as they are open or in the workspace. */
const CHECKED_FILES =
  /(?:^|\/)(?:(?:bot|integration)\.definition\.(?:ya?ml|json)|(?:bot|integration|plugin|interface)\.definition\.ts|[^/]*\.convo\.txt|agent\.config\.ts)$/;
const DEFINITIONS_GLOB = '**/{bot,integration}.definition.{yaml,yml,json}';
const EXCLUDE_GLOB = '**/{node_modules,.git}/**';

/**
 * Registers every contribution as a stand-in and returns `load()`, which loads the features (once) with
 * the implementations above. `start` is the features bundle's entry, required only when called.
 */
export function registerContributions(
  context: vscode.ExtensionContext,
  start: () => (context: vscode.ExtensionContext, contributions: Contributions) => void,
): () => void {
  const manifest = context.extension.packageJSON as Manifest;
  const impls = new Map<string, object>();
  const provided = new Map<string, Array<(impl: object) => void>>();
  const standIns: vscode.Disposable[] = [];
  let state: 'idle' | 'loading' | 'loaded' = 'idle';

  const load = () => {
    if (state !== 'idle') return;
    state = 'loading';
    for (const d of standIns.splice(0)) d.dispose();
    start()(context, contributions);
    state = 'loaded';
  };
  const impl = <T>(key: string): T => {
    load();
    const found = impls.get(key);
    if (!found) throw new Error(`No implementation of ${key} was loaded.`);
    return found as T;
  };
  const provide = (key: string, value: object) => {
    if (impls.has(key)) throw new Error(`${key} is implemented twice.`);
    impls.set(key, value);
    for (const f of provided.get(key) ?? []) f(value);
  };
  /** An event of the implementation of `key`, subscribable before it exists. */
  const relay = <E>(key: string, name: string): vscode.Event<E> => {
    const emitter = new vscode.EventEmitter<E>();
    context.subscriptions.push(emitter);
    const attach = (value: object) => {
      const event = (value as Record<string, vscode.Event<E> | undefined>)[name];
      if (event) context.subscriptions.push(event((e) => emitter.fire(e)));
    };
    provided.set(key, [...(provided.get(key) ?? []), attach]);
    return emitter.event;
  };
  /** A stand-in whose methods call the implementation's (loading it first); missing ones answer undefined. */
  const forward = <T extends object>(key: string, methods: string[], events: string[] = []): T => {
    const out: Record<string, unknown> = {};
    for (const m of methods) {
      out[m] = (...args: unknown[]) => {
        const target = impl<Record<string, ((...a: unknown[]) => unknown) | undefined>>(key);
        return target[m]?.(...args);
      };
    }
    for (const e of events) out[e] = relay(key, e);
    return out as T;
  };

  // Commands (every one package.json contributes, test/unit/ids.test.ts checks): run again as the real
  // command once the features registered it.
  for (const command of Object.values(Command)) {
    standIns.push(
      vscode.commands.registerCommand(command, (...args: unknown[]) => {
        load();
        return vscode.commands.executeCommand(command, ...args);
      }),
    );
  }

  // Views: drawn by the features' provider from their first row on.
  const views = new Map<string, vscode.TreeView<unknown>>();
  for (const id of Object.values(View)) {
    const provider = forward<vscode.TreeDataProvider<unknown>>(
      `view:${id}`,
      ['getTreeItem', 'getChildren', 'getParent', 'resolveTreeItem'],
      ['onDidChangeTreeData'],
    );
    const view = vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: true });
    views.set(id, view);
    context.subscriptions.push(view);
  }

  // Test controllers (their files are in the Test Explorer from startup): resolving one loads the features,
  // which set its handlers and read the files.
  const controllers = new Map<string, vscode.TestController>();
  const testLabels: Record<string, string> = {
    [TestController.conversationTests]: 'Conversation Tests',
    [TestController.retrievalTests]: 'Retrieval Tests',
  };
  for (const [id, label] of Object.entries(testLabels)) {
    const controller = vscode.tests.createTestController(id, label);
    const standInResolve = (item: vscode.TestItem | undefined) => {
      load();
      return controller.resolveHandler !== standInResolve ? controller.resolveHandler?.(item) : undefined;
    };
    controller.resolveHandler = standInResolve;
    controllers.set(id, controller);
    context.subscriptions.push(controller);
  }

  const serializerTypes = (manifest.activationEvents ?? [])
    .filter((e) => e.startsWith('onWebviewPanel:'))
    .map((e) => e.slice('onWebviewPanel:'.length));
  const documents = [{ language: Language.definitionYaml }, { language: Language.definitionJson }];
  context.subscriptions.push(
    ...serializerTypes.map((type) =>
      vscode.window.registerWebviewPanelSerializer(type, forward(`serializer:${type}`, ['deserializeWebviewPanel'])),
    ),
    ...[UriScheme.botpress, UriScheme.botmock].map((scheme) =>
      vscode.workspace.registerFileSystemProvider(
        scheme,
        forward(
          `fileSystem:${scheme}`,
          ['stat', 'readDirectory', 'createDirectory', 'readFile', 'writeFile', 'delete', 'rename', 'watch'],
          ['onDidChangeFile'],
        ),
        { isReadonly: true, isCaseSensitive: true },
      ),
    ),
    vscode.workspace.registerTextDocumentContentProvider(
      UriScheme.deployPreview,
      forward(`content:${UriScheme.deployPreview}`, ['provideTextDocumentContent'], ['onDidChange']),
    ),
    ...(manifest.contributes?.taskDefinitions ?? []).map(({ type }) =>
      vscode.tasks.registerTaskProvider(type, forward(`task:${type}`, ['provideTasks', 'resolveTask'])),
    ),
    ...(manifest.contributes?.authentication ?? []).map(({ id, label }) =>
      vscode.authentication.registerAuthenticationProvider(
        id,
        label,
        forward(`authentication:${id}`, ['getSessions', 'createSession', 'removeSession'], ['onDidChangeSessions']),
        { supportsMultipleAccounts: true },
      ),
    ),
    vscode.languages.registerHoverProvider({ language: Language.definitionYaml }, forward('hover:definitions', ['provideHover'])),
    vscode.languages.registerCompletionItemProvider(
      { language: Language.definitionYaml },
      forward('completion:definitions', ['provideCompletionItems']),
    ),
    vscode.languages.registerCodeActionsProvider(documents, forward('codeActions:definitions', ['provideCodeActions']), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.languages.registerHoverProvider(
      { scheme: 'file', language: 'typescript', pattern: '**/{bot,integration,plugin,interface}.definition.ts' },
      forward('hover:sdkDefinitions', ['provideHover']),
    ),
    // ADK agents: agent.config.ts and the files of the primitive folders.
    vscode.languages.registerHoverProvider(
      [
        { scheme: 'file', language: 'typescript', pattern: '**/agent.config.ts' },
        { scheme: 'file', language: 'typescript', pattern: '**/src/{conversations,workflows,actions,tables,knowledge,triggers}/**/*.ts' },
      ],
      forward('hover:adk', ['provideHover']),
    ),
    vscode.languages.registerCodeActionsProvider(
      { scheme: 'file', language: 'typescript', pattern: '**/agent.config.ts' },
      forward('codeActions:adk', ['provideCodeActions']),
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );

  // Files whose problems are shown without asking: their checks load the features once one is open, or
  // (definition files) once the workspace holds one; looked for right after activation, not during it.
  const checked = (doc: vscode.TextDocument) =>
    (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && CHECKED_FILES.test(doc.uri.path);
  standIns.push(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (state === 'idle' && checked(doc)) load();
    }),
  );
  const soon = setTimeout(() => {
    if (state !== 'idle') return;
    if (vscode.workspace.textDocuments.some(checked)) return load();
    void vscode.workspace.findFiles(DEFINITIONS_GLOB, EXCLUDE_GLOB, 1).then((found) => state === 'idle' && found.length > 0 && load());
    // An ADK agent: the Agent view shows once the features know of it.
    void vscode.workspace.findFiles('**/agent.config.ts', EXCLUDE_GLOB, 1).then((found) => state === 'idle' && found.length > 0 && load());
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(soon) });

  const contributions: Contributions = {
    treeView<T>(viewId: string, provider: vscode.TreeDataProvider<T>) {
      const view = views.get(viewId);
      if (!view) throw new Error(`No view ${viewId} in package.json.`);
      provide(`view:${viewId}`, provider);
      return view as vscode.TreeView<T>;
    },
    testController(id) {
      const controller = controllers.get(id);
      if (!controller) throw new Error(`No test controller ${id}.`);
      return controller;
    },
    webviewPanelSerializer: (type, serializer) => provide(`serializer:${type}`, serializer),
    fileSystemProvider: (scheme, provider) => provide(`fileSystem:${scheme}`, provider),
    textDocumentContentProvider: (scheme, provider) => provide(`content:${scheme}`, provider),
    taskProvider: (type, provider) => provide(`task:${type}`, provider),
    authenticationProvider: (id, provider) => provide(`authentication:${id}`, provider),
    hoverProvider: (name, provider) => provide(`hover:${name}`, provider),
    completionItemProvider: (name, provider) => provide(`completion:${name}`, provider),
    codeActionsProvider: (name, provider) => provide(`codeActions:${name}`, provider),
  };
  return load;
}
