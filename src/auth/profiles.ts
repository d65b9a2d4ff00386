import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The official Botpress CLI keeps its accounts in `~/.botpress/profiles.json` (or
 * `$BP_BOTPRESS_HOME/profiles.json`): `{ "<name>": { apiUrl, workspaceId, token } }`.
 */
export interface CliProfile {
  name: string;
  apiUrl: string;
  workspaceId?: string;
  token: string;
}

export interface ProfileParseResult {
  profiles: CliProfile[];
  /** One line per entry that could not be used, naming the entry and why. */
  problems: string[];
}

export function profilesPath(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const dir = env.BP_BOTPRESS_HOME?.trim() || path.join(home, '.botpress');
  return path.join(dir, 'profiles.json');
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Parses the text of a profiles file; throws only when the file as a whole is unreadable. */
export function parseProfiles(text: string, defaultApiUrl: string): ProfileParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`profiles.json is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('profiles.json must hold an object of named profiles: { "<name>": { apiUrl, workspaceId, token } }.');
  }
  const profiles: CliProfile[] = [];
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(data)) {
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`"${name}": not an object`);
      continue;
    }
    const { apiUrl, workspaceId, token } = entry as Record<string, unknown>;
    if (!nonEmpty(token)) {
      problems.push(`"${name}": no token`);
      continue;
    }
    if (apiUrl !== undefined && !nonEmpty(apiUrl)) {
      problems.push(`"${name}": apiUrl is not a string`);
      continue;
    }
    profiles.push({
      name,
      apiUrl: nonEmpty(apiUrl) ? apiUrl.trim() : defaultApiUrl,
      workspaceId: nonEmpty(workspaceId) ? workspaceId.trim() : undefined,
      token: token.trim(),
    });
  }
  return { profiles, problems };
}

/** Reads the CLI's profiles; `undefined` when there is no such file. */
export async function readProfiles(file: string, defaultApiUrl: string): Promise<ProfileParseResult | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseProfiles(text, defaultApiUrl);
}
