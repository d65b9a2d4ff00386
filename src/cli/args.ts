// What the subcommands share: their arguments read one way (`--flag value` or `--flag=value`, switches, positional
// arguments; anything else a usage error) and the files of a folder found one way.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Bad usage: printed with the subcommand's usage, exit status 2. */
export class UsageError extends Error {}

export interface Args {
  positional: string[];
  /** The flag's last value. */
  value(flag: string): string | undefined;
  /** Every value of a flag given more than once. */
  values(flag: string): string[];
  has(flag: string): boolean;
}

/** Reads `argv` given the flags that take a value and the switches; an unknown option or a missing value is a UsageError. */
export function parseArgs(argv: string[], valued: string[], switches: string[] = []): Args {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (switches.includes(flag) && inline === undefined) flags.set(flag, ['true']);
    else if (valued.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      flags.set(flag, [...(flags.get(flag) ?? []), value]);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"`);
    else positional.push(arg);
  }
  return {
    positional,
    value: (flag) => flags.get(flag)?.at(-1),
    values: (flag) => flags.get(flag) ?? [],
    has: (flag) => flags.has(flag),
  };
}

/** The files under a folder whose name matches, in a stable order; node_modules and .git are skipped. */
export function filesUnder(folder: string, matches: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '.git') walk(child);
      } else if (e.isFile() && matches(e.name)) out.push(child);
    }
  };
  walk(folder);
  return out;
}
