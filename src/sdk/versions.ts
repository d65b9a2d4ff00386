/**
 * Which @botpress/sdk, @botpress/client and @botpress/cli a new project gets: the newest CLI the registry
 * serves whose own package.json names an SDK that installs (every dependency and peer resolvable) and that the
 * templates are written for, with that SDK and the client the SDK is built against. Asked of the user's registry
 * when the project is made (`npm view`, in a child process with a timeout); where the registry has no such
 * pair, the newest SDK that installs and a plain note why there is no CLI; offline, the versions the toolkit
 * was tested with. Also: whether a project's installed CLI and SDK majors match. No `vscode` here.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';

/** What the templates are written for, and what the toolkit's own tests evaluate (the offline fallback). */
export const TESTED_SDK = '5.4.3';
export const TESTED_CLIENT = '1.35.0';
/** The oldest SDK major the templates (`new bp.Bot(...)` from the generated `.botpress`) work with. */
export const MIN_SDK_MAJOR = 5;

/**
 * `npm view <spec> <fields…> --json`, parsed: undefined when the registry has nothing for it (no such package,
 * no version in the range). Throws when the registry cannot be asked.
 */
export type RegistryView = (spec: string, fields: string[]) => Promise<unknown>;

export interface ProjectVersions {
  sdk: string;
  client: string;
  /** Absent when the registry has no CLI that works with an SDK the templates are written for. */
  cli?: string;
  /** Says how the versions were chosen when it was not the newest working pair: shown to the user. */
  note?: string;
}

interface Manifest {
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const record = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
const released = (v: string) => !!semver.valid(v) && !semver.prerelease(v);

/** The manifests of the versions of `name` in `range`, newest first (one `npm view` for all of them). */
async function manifests(view: RegistryView, name: string, range: string): Promise<Manifest[]> {
  const raw = await view(`${name}@${range}`, ['version', 'dependencies', 'peerDependencies']);
  const items = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(record) as unknown as Record<string, unknown>[];
  return items
    .map((m) => ({ version: String(m.version), dependencies: record(m.dependencies), peerDependencies: record(m.peerDependencies) }))
    .filter((m) => released(m.version))
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

/**
 * The newest working SDK + CLI pair the registry offers, or the newest SDK that installs with a note saying
 * why there is no CLI. Two `npm view`s for the CLI's and the SDK's versions, then one per package the SDKs
 * depend on, all in parallel. `maxTries`: how many of the newest CLIs and SDKs are considered.
 */
export async function resolveProjectVersions(view: RegistryView, maxTries = 6): Promise<ProjectVersions> {
  const [clis, allSdks] = await Promise.all([manifests(view, '@botpress/cli', '>=0.0.0'), manifests(view, '@botpress/sdk', '>=0.0.0')]);
  const sdks = allSdks.filter((m) => semver.major(m.version) >= MIN_SDK_MAJOR).slice(0, maxTries);
  const needed = [...new Set(sdks.flatMap((m) => Object.keys({ ...m.dependencies, ...m.peerDependencies })))];
  const served = new Map(await Promise.all(needed.map(async (name) => [name, list(await view(name, ['versions']))] as const)));
  /** Why an SDK does not install from this registry: the dependencies and peers no served version satisfies ('' when none). */
  const missing = (m: Manifest) =>
    Object.entries({ ...m.peerDependencies, ...m.dependencies })
      .filter(([name, range]) => !semver.maxSatisfying(served.get(name) ?? [], range))
      .map(([name, range]) => `${name} ${range}`)
      .join(' and ');
  const clientOf = (m: Manifest) => m.dependencies['@botpress/client'] ?? TESTED_CLIENT;

  const refused: string[] = [];
  for (const cli of clis.slice(0, maxTries)) {
    const expects = cli.dependencies['@botpress/sdk'];
    const sdk = expects ? allSdks.find((m) => semver.satisfies(m.version, expects)) : undefined;
    const why = !expects
      ? 'names no @botpress/sdk'
      : !sdk
        ? `expects @botpress/sdk ${expects}, which the registry does not serve`
        : semver.major(sdk.version) < MIN_SDK_MAJOR
          ? `expects @botpress/sdk ${expects}, older than the SDK ${MIN_SDK_MAJOR} the templates are written for`
          : missing(sdk) && `expects @botpress/sdk ${sdk.version}, whose ${missing(sdk)} the registry does not serve`;
    if (!why) return { cli: cli.version, sdk: sdk!.version, client: clientOf(sdk!) };
    refused.push(`@botpress/cli ${cli.version} ${why}`);
  }

  const skipped: string[] = [];
  for (const sdk of sdks) {
    const why = missing(sdk);
    if (why) {
      skipped.push(`@botpress/sdk ${sdk.version} needs ${why}, which it does not serve`);
      continue;
    }
    const noCli = refused.length ? refused.join('; ') : 'it has no @botpress/cli at all';
    const also = skipped.length ? ` (${skipped.join('; ')})` : '';
    return {
      sdk: sdk.version,
      client: clientOf(sdk),
      note:
        `The registry has no Botpress CLI that works with a current SDK: ${noCli}. ` +
        `The project gets @botpress/sdk ${sdk.version}, the newest that installs${also}, and no CLI: ` +
        `add a @botpress/cli built for SDK ${semver.major(sdk.version)} when your registry has one.`,
    };
  }
  throw new Error(
    `the registry serves no @botpress/sdk ${MIN_SDK_MAJOR} or newer that installs${skipped.length ? ` (${skipped.join('; ')})` : ''}`,
  );
}

/** The offline answer: the versions the toolkit was tested with, and why. */
export function testedVersions(reason: string): ProjectVersions {
  return {
    sdk: TESTED_SDK,
    client: TESTED_CLIENT,
    note:
      `Could not ask the npm registry (${reason}): the project gets @botpress/sdk ${TESTED_SDK} and @botpress/client ` +
      `${TESTED_CLIENT}, the versions this toolkit was tested with, and no CLI.`,
  };
}

/** `npm view` in `cwd` (so the project's .npmrc and registry apply), each call bounded by `timeoutMs`. */
export function npmView(cwd: string, timeoutMs = 15_000): RegistryView {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return (spec, fields) =>
    new Promise((resolve, reject) => {
      execFile(
        npm,
        ['view', spec, ...fields, '--json'],
        { cwd, timeout: timeoutMs, shell: process.platform === 'win32', windowsHide: true, maxBuffer: 4 << 20 },
        (error, stdout, stderr) => {
          if (error) {
            if (/\bE404\b/.test(`${stdout}${stderr}`)) return resolve(undefined);
            const why = (error as { killed?: boolean }).killed ? `no answer in ${timeoutMs / 1000} s` : String(stderr || error.message);
            return reject(new Error(why.split('\n').find((l) => l.trim()) ?? why));
          }
          const text = stdout.trim();
          try {
            resolve(text ? JSON.parse(text) : undefined);
          } catch {
            reject(new Error(`npm view ${spec} ${fields.join(' ')} printed something that is not JSON`));
          }
        },
      );
    });
}

/** Asks the registry; offline or refused, the tested versions with the reason. */
export async function projectVersions(view: RegistryView): Promise<ProjectVersions> {
  try {
    return await resolveProjectVersions(view);
  } catch (error) {
    return testedVersions(error instanceof Error ? error.message : String(error));
  }
}

// ---- a project's installed CLI and SDK -------------------------------------------------------------

interface Installed {
  version: string;
  dependencies: Record<string, string>;
}

function readPackage(file: string): Installed | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown; dependencies?: unknown };
    return typeof pkg.version === 'string' ? { version: pkg.version, dependencies: record(pkg.dependencies) } : undefined;
  } catch {
    return undefined;
  }
}

/** A package as node resolves it from `root` (its folder's node_modules, then its parents'). */
function installed(root: string, name: string): Installed | undefined {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const found = readPackage(path.join(dir, 'node_modules', ...name.split('/'), 'package.json'));
    if (found) return found;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The package.json of the CLI behind a `bp` executable found on PATH (a symlink into its package). */
function cliBehind(bp: string): Installed | undefined {
  let dir: string;
  try {
    dir = path.dirname(fs.realpathSync(bp));
  } catch {
    return undefined;
  }
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    try {
      if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === '@botpress/cli') return readPackage(pkg);
    } catch {
      // not this folder
    }
  }
  return undefined;
}

export interface CliSdkMismatch {
  cli: string;
  /** The SDK range the CLI's package.json names. */
  expects: string;
  sdk: string;
  /** Which to change: the one behind the other. */
  change: '@botpress/cli' | '@botpress/sdk';
  message: string;
}

/**
 * Whether the project's CLI (its own, else the `bp` given) was built for another SDK major than the project's
 * installed @botpress/sdk; undefined when they match or either is not installed.
 */
export function cliSdkMismatch(root: string, bp?: string): CliSdkMismatch | undefined {
  const cli = installed(root, '@botpress/cli') ?? (bp ? cliBehind(bp) : undefined);
  const sdk = installed(root, '@botpress/sdk');
  const expects = cli?.dependencies['@botpress/sdk'];
  const wanted = expects && semver.minVersion(expects);
  if (!cli || !sdk || !wanted || !semver.valid(sdk.version) || semver.major(wanted) === semver.major(sdk.version)) return undefined;
  const cliBehindSdk = semver.major(wanted) < semver.major(sdk.version);
  const change = cliBehindSdk ? '@botpress/cli' : '@botpress/sdk';
  const major = semver.major(sdk.version);
  const fix = cliBehindSdk
    ? `change @botpress/cli to a version built for SDK ${major} (its package.json depends on @botpress/sdk ${major}.x)`
    : `change @botpress/sdk to ${expects} (and @botpress/client to the version that SDK depends on)`;
  return {
    cli: cli.version,
    expects,
    sdk: sdk.version,
    change,
    message:
      `This project's @botpress/cli ${cli.version} is built for @botpress/sdk ${expects}, but @botpress/sdk ${sdk.version} is installed: ` +
      `bp is likely to fail on the definition. In package.json, ${fix}, then npm install.`,
  };
}
