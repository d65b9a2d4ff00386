/**
 * What installs an ADK project's packages: its package manager, read from the nearest lockfile (the project's
 * folder, then its parents, as in a monorepo), and the arguments that install everything or add one development
 * package. No `vscode` here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type PackageManager = 'npm' | 'bun' | 'pnpm' | 'yarn';

const lockfiles: Array<[string, PackageManager]> = [
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
];

/** The package manager of the nearest folder, from `root` up, that holds a lockfile; npm when none does. */
export function packageManagerOf(root: string): PackageManager {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const found = lockfiles.find(([file]) => fs.existsSync(path.join(dir, file)));
    if (found) return found[1];
    if (path.dirname(dir) === dir) return 'npm';
  }
}

/** The arguments that install the project's packages, or add `devPackage` to its development dependencies. */
export function installArgs(manager: PackageManager, devPackage?: string): string[] {
  if (!devPackage) return ['install'];
  return manager === 'npm' ? ['install', '--save-dev', devPackage] : ['add', manager === 'pnpm' ? '--save-dev' : '--dev', devPackage];
}
