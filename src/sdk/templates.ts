/**
 * New SDK projects: the files `bp init` lays out from its empty templates (@botpress/cli 7.1.2,
 * `templates/empty-bot` and `templates/empty-integration`), with the package name and, for an
 * integration, `integrationName: "<workspace handle>/<name>"` filled in as `bp init` fills them (the
 * name kebab-cased, as integration names must be).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TESTED_CLIENT, TESTED_SDK, type ProjectVersions } from './versions';

/** The SDK and client the toolkit was tested with: what a project gets when the registry cannot be asked (versions.ts). */
export const SDK_VERSION = TESTED_SDK;
export const CLIENT_VERSION = TESTED_CLIENT;
/** The esbuild the SDK above bundles with (its peer range), as the demo's projects install it. */
export const ESBUILD_VERSION = '^0.16.17';

export type NewProjectKind = 'bot' | 'integration';

export interface ProjectFile {
  /** Relative to the project folder, with `/`. */
  path: string;
  content: string;
}

export const definitionFileOf = (kind: NewProjectKind) => `${kind}.definition.ts`;

/** Words of a name the way the CLI splits them (separators, case changes), lower-cased. */
function words(name: string): string[] {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .flatMap((t) => t.split(/(?<=[a-z])(?=[A-Z])/))
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

/** The project folder's name (`bp init` kebab-cases it): `My Bot` → `my-bot`. */
export const projectFolderName = (name: string) => words(name).join('-');

/** Why a project name cannot be used, if it cannot. */
export function checkProjectName(name: string): string | undefined {
  const short = name.trim().split('/').pop() ?? '';
  if (!words(short).length) return 'Use letters or digits, for example "support-bot".';
  if (name.trim().split('/').length > 2) return 'A single "/" is allowed, between the workspace handle and the name.';
  return undefined;
}

/** A workspace handle is what a Botpress workspace is addressed by in integration names. */
export function checkWorkspaceHandle(handle: string): string | undefined {
  return /^[a-z0-9][a-z0-9-]*$/.test(handle)
    ? undefined
    : 'A workspace handle has lowercase letters, digits and dashes, for example "acme".';
}

const TSCONFIG = {
  compilerOptions: {
    lib: ['es2022'],
    module: 'preserve',
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    forceConsistentCasingInFileNames: true,
    moduleResolution: 'bundler',
    allowUnusedLabels: false,
    allowUnreachableCode: false,
    noFallthroughCasesInSwitch: true,
    noImplicitOverride: true,
    noImplicitReturns: true,
    noUncheckedIndexedAccess: true,
    noUnusedParameters: true,
    target: 'es2017',
    paths: { '*': ['./*'] },
    outDir: 'dist',
    checkJs: false,
    types: ['node'],
    exactOptionalPropertyTypes: false,
    resolveJsonModule: true,
    noPropertyAccessFromIndexSignature: false,
    noUnusedLocals: false,
  },
  include: ['.botpress/**/*', 'src/**/*', '*.ts', '*.json'],
};

const GITIGNORE = '.botpress/\nbp_modules/\nnode_modules/\n';

const BOT_DEFINITION = `import { BotDefinition } from '@botpress/sdk'
export default new BotDefinition({})
`;

const BOT_INDEX = `import * as bp from '.botpress'

const bot = new bp.Bot({
  actions: {},
})

export default bot
`;

const INTEGRATION_DEFINITION = `import { IntegrationDefinition } from '@botpress/sdk'
import { integrationName } from './package.json'

export default new IntegrationDefinition({
  name: integrationName,
  version: '0.1.0',
  readme: 'hub.md',
  icon: 'icon.svg',
})
`;

const INTEGRATION_INDEX = `import * as sdk from '@botpress/sdk'
import * as bp from '.botpress'

export default new bp.Integration({
  register: async () => {
    /**
     * Called when the integration's configuration is saved: create what the integration needs in the
     * external service here, and check that the configuration is valid.
     */
    throw new sdk.RuntimeError('Invalid configuration') // replace this with your own validation logic
  },
  unregister: async () => {
    /**
     * Called when a bot removes the integration: clean up what register created.
     */
    throw new sdk.RuntimeError('Invalid configuration') // replace this with your own logic
  },
  actions: {},
  channels: {},
  handler: async () => {},
})
`;

const hubReadme = (title: string) => `# ${title}

> Describe the integration's purpose.

## Configuration

> Explain how to configure your integration and list prerequisites (accounts, keys…).

## Usage

> Explain how to use your integration, with an example for a typical use case.

## Limitations

> List known bugs, limits (rate limiting, payload sizes…) and unsupported use cases.

## Changelog

> Describe the changes worth knowing between versions (breaking changes, fixes).
`;

const ICON = `<svg width="241" height="241" viewBox="0 0 241 241" fill="none" xmlns="http://www.w3.org/2000/svg">
<rect width="241" height="241" rx="34" fill="#AAAAAA"/>
<path d="M102 112L130.5 95.5L127.5 86L98 103L102 112Z" fill="white"/>
<path d="M133 157.5L98.5 137.5L101 128.5L136 148.5L133 157.5Z" fill="white"/>
<circle cx="151" cy="162.75" r="25" fill="white"/>
<circle cx="78" cy="120.25" r="25" fill="white"/>
<circle cx="151" cy="78.25" r="25" fill="white"/>
</svg>
`;

/**
 * The files of a new project named `name` (for an integration, `handle/name` or `name` with the handle
 * given apart), in the order they are written; the definition first. `versions`: what the registry offers
 * (`resolveProjectVersions`), the CLI among the dev dependencies as `bp init` has it.
 */
export function newProjectFiles(
  kind: NewProjectKind,
  name: string,
  workspaceHandle?: string,
  versions: ProjectVersions = { sdk: TESTED_SDK, client: TESTED_CLIENT },
): ProjectFile[] {
  const [first, second] = name.trim().split('/', 2);
  const shortName = second ?? first;
  const handle = second ? first : workspaceHandle;
  const packageJson: Record<string, unknown> = {
    name: words(shortName).join('_'),
    ...(kind === 'integration'
      ? { integrationName: handle ? `${handle}/${projectFolderName(shortName)}` : projectFolderName(shortName) }
      : {}),
    // As `bp init` writes it, plus what the toolkit's Deploy bundles with (esbuild, the SDK's peer range) and the
    // CLI's steps as npm scripts (VS Code lists them as tasks).
    scripts: { 'check:type': 'tsc --noEmit', gen: 'bp gen', build: 'bp build' },
    private: true,
    dependencies: { '@botpress/client': versions.client, '@botpress/sdk': versions.sdk },
    devDependencies: {
      ...(versions.cli && { '@botpress/cli': versions.cli }),
      '@types/node': '^22.16.4',
      esbuild: ESBUILD_VERSION,
      typescript: '^6.0.0',
    },
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const common: ProjectFile[] = [
    { path: 'package.json', content: json(packageJson) },
    { path: 'tsconfig.json', content: json(TSCONFIG) },
    { path: '.gitignore', content: GITIGNORE },
  ];
  if (kind === 'bot') {
    return [{ path: definitionFileOf(kind), content: BOT_DEFINITION }, { path: 'src/index.ts', content: BOT_INDEX }, ...common];
  }
  const title = words(shortName)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
  return [
    { path: definitionFileOf(kind), content: INTEGRATION_DEFINITION },
    { path: 'src/index.ts', content: INTEGRATION_INDEX },
    ...common,
    { path: 'hub.md', content: hubReadme(title) },
    { path: 'icon.svg', content: ICON },
  ];
}

/**
 * Writes the files into `dir` (created when absent), each only if no file is there already: nothing is
 * ever overwritten. Returns what was written and what was left as it was.
 */
export function writeProjectFiles(dir: string, files: readonly ProjectFile[]): { written: string[]; kept: string[] } {
  const written: string[] = [];
  const kept: string[] = [];
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      fs.writeFileSync(target, file.content, { flag: 'wx' });
      written.push(file.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      kept.push(file.path);
    }
  }
  return { written, kept };
}
