// Which SDK, client and CLI a new project gets, resolved from a registry (here a fake one answering as `npm view`
// does), and the warning when a project's CLI and SDK majors differ.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as semver from 'semver';
import { cliSdkMismatch, projectVersions, resolveProjectVersions, type RegistryView } from '../../../src/sdk/versions';
import { newProjectFiles } from '../../../src/sdk/templates';

type Packages = Record<string, Record<string, { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> }>>;

/** Answers as `npm view <name>@<range> version dependencies peerDependencies --json` and `npm view <name> versions --json` do. */
function fakeRegistry(packages: Packages, calls: string[] = []): RegistryView {
  return async (spec, fields) => {
    calls.push(`${spec} ${fields.join(' ')}`);
    const at = spec.lastIndexOf('@');
    const [name, range] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
    const versions = packages[name];
    if (!versions) return undefined; // E404
    if (fields.join() === 'versions') return Object.keys(versions);
    const matching = Object.keys(versions).filter((v) => semver.satisfies(v, range ?? '*'));
    const out = matching.map((v) => ({ version: v, ...versions[v] }));
    return out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
  };
}

const sdkDeps = (client: string, zui: string) => ({
  dependencies: { '@botpress/client': client, semver: '^7.3.8' },
  peerDependencies: { '@bpinternal/zui': zui, esbuild: '^0.16.12' },
});
/** What the registry here serves (measured with npm view): old CLIs only, and an SDK 7 whose client and zui are missing. */
const thisRegistry: Packages = {
  '@botpress/cli': {
    '0.8.40': { dependencies: { '@botpress/sdk': '0.8.34' } },
    '0.8.59': { dependencies: { '@botpress/sdk': '0.10.10' } },
  },
  '@botpress/sdk': {
    '0.8.34': {},
    '0.10.10': {},
    '5.4.3': sdkDeps('1.35.0', '^1.3.3'),
    '7.2.4': sdkDeps('2.5.0', '^2.4.1'),
  },
  '@botpress/client': { '1.35.0': {} },
  '@bpinternal/zui': { '1.3.3': {} },
  esbuild: { '0.16.17': {} },
  semver: { '7.6.0': {} },
};

test('this registry: no working pair, said plainly; the newest SDK that installs, and no CLI', async () => {
  const calls: string[] = [];
  const v = await resolveProjectVersions(fakeRegistry(thisRegistry, calls));
  assert.equal(v.sdk, '5.4.3');
  assert.equal(v.client, '1.35.0', 'the client the SDK depends on');
  assert.equal(v.cli, undefined);
  assert.match(v.note!, /no Botpress CLI that works with a current SDK/);
  assert.match(v.note!, /@botpress\/cli 0\.8\.59 expects @botpress\/sdk 0\.10\.10, older than the SDK 5/);
  assert.match(v.note!, /@botpress\/sdk 7\.2\.4 needs @bpinternal\/zui \^2\.4\.1 and @botpress\/client 2\.5\.0/);
  assert.ok(calls.length <= 7, `few lookups: ${calls.join(', ')}`);
});

test('a registry with the current CLI: the newest pair that works together, the CLI as a dev dependency', async () => {
  const registry: Packages = {
    ...thisRegistry,
    '@botpress/cli': {
      ...thisRegistry['@botpress/cli'],
      '7.1.2': { dependencies: { '@botpress/sdk': '7.2.2' } },
      '7.3.0': { dependencies: { '@botpress/sdk': '8.0.0' } }, // names an SDK the registry lacks
      '8.0.0-beta.1': { dependencies: { '@botpress/sdk': '7.2.4' } }, // prereleases are not offered
    },
    '@botpress/sdk': { ...thisRegistry['@botpress/sdk'], '7.2.2': sdkDeps('1.40.0', '^2.4.1') },
    '@botpress/client': { ...thisRegistry['@botpress/client'], '1.40.0': {} },
    '@bpinternal/zui': { '1.3.3': {}, '2.4.3': {} },
  };
  const v = await resolveProjectVersions(fakeRegistry(registry));
  assert.deepEqual(v, { cli: '7.1.2', sdk: '7.2.2', client: '1.40.0' });
  const pkg = JSON.parse(newProjectFiles('bot', 'my-bot', undefined, v).find((f) => f.path === 'package.json')!.content);
  assert.deepEqual(pkg.dependencies, { '@botpress/client': '1.40.0', '@botpress/sdk': '7.2.2' });
  assert.equal(pkg.devDependencies['@botpress/cli'], '7.1.2');
});

test('a CLI whose SDK does not install is passed over for an older pair that does', async () => {
  const registry: Packages = {
    ...thisRegistry,
    '@botpress/cli': { '7.2.0': { dependencies: { '@botpress/sdk': '7.2.4' } }, '5.9.0': { dependencies: { '@botpress/sdk': '5.4.3' } } },
  };
  assert.deepEqual(await resolveProjectVersions(fakeRegistry(registry)), { cli: '5.9.0', sdk: '5.4.3', client: '1.35.0' });
});

test('registry unreachable or timing out: the tested versions, with the reason', async () => {
  const v = await projectVersions(async () => {
    throw new Error('no answer in 15 s');
  });
  assert.equal(v.sdk, '5.4.3');
  assert.equal(v.cli, undefined);
  assert.match(v.note!, /Could not ask the npm registry \(no answer in 15 s\)/);
  const none = await projectVersions(fakeRegistry({ '@botpress/sdk': { '7.2.4': sdkDeps('2.5.0', '^2.4.1') } }));
  assert.match(none.note!, /serves no @botpress\/sdk 5 or newer that installs \(@botpress\/sdk 7\.2\.4 needs/);
});

function project(packages: Record<string, { version: string; dependencies?: Record<string, string> }>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-sdk-'));
  for (const [name, pkg] of Object.entries(packages)) {
    const dir = path.join(root, 'node_modules', ...name.split('/'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, ...pkg }));
  }
  return root;
}

test("a project's CLI built for another SDK major: which one to change", () => {
  const oldCli = project({
    '@botpress/cli': { version: '0.8.59', dependencies: { '@botpress/sdk': '0.10.10' } },
    '@botpress/sdk': { version: '5.4.3' },
  });
  const m = cliSdkMismatch(oldCli)!;
  assert.equal(m.change, '@botpress/cli');
  assert.match(m.message, /@botpress\/cli 0\.8\.59 is built for @botpress\/sdk 0\.10\.10, but @botpress\/sdk 5\.4\.3 is installed/);
  assert.match(m.message, /change @botpress\/cli to a version built for SDK 5/);

  const newCli = project({
    '@botpress/cli': { version: '7.1.2', dependencies: { '@botpress/sdk': '7.2.2' } },
    '@botpress/sdk': { version: '5.4.3' },
  });
  assert.equal(cliSdkMismatch(newCli)!.change, '@botpress/sdk');
  assert.match(cliSdkMismatch(newCli)!.message, /change @botpress\/sdk to 7\.2\.2/);

  const matching = project({
    '@botpress/cli': { version: '7.1.2', dependencies: { '@botpress/sdk': '7.2.2' } },
    '@botpress/sdk': { version: '7.2.4' },
  });
  assert.equal(cliSdkMismatch(matching), undefined);
  assert.equal(cliSdkMismatch(project({ '@botpress/sdk': { version: '5.4.3' } })), undefined, 'no CLI: nothing to compare');
  // A subfolder project finds the packages of its parents, as node does.
  fs.mkdirSync(path.join(oldCli, 'bots', 'a'), { recursive: true });
  assert.equal(cliSdkMismatch(path.join(oldCli, 'bots', 'a'))?.cli, '0.8.59');
  for (const dir of [oldCli, newCli, matching]) fs.rmSync(dir, { recursive: true, force: true });
});
