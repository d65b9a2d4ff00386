import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProblemCode, Severity } from './problems';
import { definitionFileKind } from './validate';

/** Something about a path itself (not its content): a folder that cannot be read, a symlink skipped. */
export interface PathNote {
  path: string;
  severity: Severity;
  message: string;
}

/** An input that names nothing the command can check (a usage error). */
export class BadInput extends Error {}

/** Which file names are definition files to check. */
export type DefinitionMatcher = (fileName: string) => boolean;

export const isDefinitionFile: DefinitionMatcher = (fileName) => definitionFileKind(fileName) !== undefined;

/** Folders never searched: installed packages, what `bp add` and `bp gen` write, version control. */
const SKIPPED = new Set(['node_modules', 'bp_modules', '.botpress', '.git']);

/** A reason a path could not be used, in a few words (`permission denied`, `symlink loop`). */
export function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file or folder';
    case 'ELOOP':
      return 'symlink loop';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'not a folder';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
  }
  return code ?? (err instanceof Error ? err.message : String(err));
}

/**
 * The definition files named by the inputs (files, or folders searched recursively), in a stable
 * order, each path starting with the input as given. Folders that cannot be read, symlink loops and
 * symlinks skipped are notes, so nothing is left out silently. Symlinks are followed once: a file or
 * folder reached twice is checked once. Throws BadInput for an input that does not exist or is a file
 * other than a definition.
 */
export function findDefinitionFiles(
  inputs: readonly string[],
  matches: DefinitionMatcher = isDefinitionFile,
): { files: string[]; notes: PathNote[] } {
  const files: string[] = [];
  const notes: PathNote[] = [];
  /** Real paths of files and folders already taken, to the path they were taken as. */
  const seen = new Map<string, string>();
  const note = (p: string, severity: Severity, message: string) => notes.push({ path: p, severity, message });
  const realpath = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const addFile = (p: string) => {
    const real = realpath(p);
    const first = seen.get(real);
    if (first !== undefined) return note(p, 'info', `skipped: the same file as ${first}`);
    seen.set(real, p);
    files.push(p);
  };

  /** `ancestors`: real paths of the folders being searched around `dir`, to tell a loop from a second way in. */
  const walk = (dir: string, ancestors: Set<string>) => {
    const real = realpath(dir);
    if (ancestors.has(real)) return note(dir, 'warning', `skipped: symlink loop (back to ${seen.get(real) ?? real})`);
    const first = seen.get(real);
    if (first !== undefined) return note(dir, 'info', `skipped: the same folder as ${first}`);
    seen.set(real, dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      return note(dir, 'error', `cannot read folder: ${reasonOf(err)}`);
    }
    const inside = new Set(ancestors).add(real);
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = `${dir}${path.sep}${e.name}`;
      if (e.isDirectory()) {
        if (!SKIPPED.has(e.name)) walk(child, inside);
      } else if (e.isFile()) {
        if (matches(e.name)) addFile(child);
      } else if (e.isSymbolicLink()) {
        let target: fs.Stats;
        try {
          target = fs.statSync(child);
        } catch (err) {
          const reason = reasonOf(err);
          // A broken link matters only where it would have been a definition; a loop always.
          if (reason !== 'no such file or folder' || matches(e.name))
            note(child, 'warning', `skipped symlink: ${reason === 'no such file or folder' ? 'its target does not exist' : reason}`);
          continue;
        }
        if (target.isDirectory()) {
          if (!SKIPPED.has(e.name)) walk(child, inside);
        } else if (target.isFile() && matches(e.name)) addFile(child);
      }
    }
  };

  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BadInput(`${input}: no such file or folder`);
      note(input, 'error', `cannot read: ${reasonOf(err)}`);
      continue;
    }
    if (stat.isDirectory()) walk(input.length > 1 ? input.replace(/[\\/]+$/, '') : input, new Set());
    else if (matches(input)) addFile(input);
    else throw new BadInput(`${input}: not a definition file (bot.definition.*, integration.definition.* or plugin.definition.ts)`);
  }
  return { files, notes };
}

/** A definition file's text (without a byte-order mark, as editors show it), or why it cannot be had. */
export function readDefinitionFile(file: string): { text: string } | { error: string; code?: ProblemCode } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    return { error: `cannot read: ${reasonOf(err)}` };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'The file is not valid UTF-8 text.', code: 'BP101' };
  }
}
