import type { ChildProcess } from 'node:child_process';
import type { Toolchain } from './provision';

export interface ProfileDirs {
  userDataDir: string;
  extensionsDir: string;
}
export interface CodeServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}
export const root: string;
export function ensureVsix(options?: { copyTo?: string; log?: (message: string) => void }): string;
export function prepareProfile(
  toolchain: Toolchain,
  dirs: ProfileDirs,
  options: { vsixes: string[]; settings?: Record<string, unknown> },
): void;
export function launch(
  toolchain: Toolchain,
  dirs: ProfileDirs,
  options: {
    folder: string;
    port?: number;
    env?: Record<string, string | undefined>;
    restricted?: boolean;
    onOutput?: (text: string) => void;
  },
): Promise<CodeServer>;
