import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Why `ref` (a definition's `readme` or `icon`) is not a file inside `folder`, the definition's folder, or
 * undefined when it is: an absolute path, a path climbing out (`../`), or (with `followLinks`, which reads
 * the disk) one that is or passes through a symlink leading out. Deploy sends such a file to Botpress, so a
 * cloned repository must not point it at `~/.ssh/id_rsa`.
 */
export function outsideFolder(folder: string, ref: string, followLinks: boolean): string | undefined {
  if (path.isAbsolute(ref) || path.win32.isAbsolute(ref)) return 'it is an absolute path';
  const base = path.resolve(folder);
  const target = path.resolve(base, ref);
  const within = (root: string, p: string) => {
    const relative = path.relative(root, p);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  if (!within(base, target)) return "it leads out of the definition's folder";
  if (!followLinks) return undefined;
  let realBase: string;
  let realTarget: string;
  try {
    realBase = fs.realpathSync(base);
    realTarget = fs.realpathSync(target);
  } catch {
    return undefined; // missing: BP501 says so
  }
  return within(realBase, realTarget) ? undefined : `it is a symlink to ${realTarget}, outside the definition's folder`;
}

/** The absolute path of a definition's `readme` or `icon`, checked to be inside its folder (symlinks resolved); throws otherwise. */
export function fileInsideFolder(folder: string, key: string, ref: string): string {
  const why = outsideFolder(folder, ref, true);
  if (why) throw new Error(`\`${key}\` names "${ref}", which is not inside the project folder (${why}): nothing was sent.`);
  return fs.realpathSync(path.resolve(folder, ref));
}
