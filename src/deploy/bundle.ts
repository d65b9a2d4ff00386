// Bundles a bot's or integration's code the way the Botpress runtime loads it: one CommonJS file for
// Node, every dependency inside, minified, source maps on request.
//
// Which esbuild: esbuild is a JavaScript API over a native binary (about 11 MB per platform), which
// cannot be bundled into dist/extension.js and would take the .vsix far past its 2 MB budget, so the
// extension ships none. It uses the project's own, resolved like `require('esbuild')` from the
// definition's folder upwards (the version the project's own tooling builds with); when there is none,
// the deploy stops with `EsbuildNotFoundError`, which says how to install it in the project.
import type * as Esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export type EsbuildApi = Pick<typeof Esbuild, 'build' | 'version'>;

/** esbuild could not be found from the project's folder upwards. */
export class EsbuildNotFoundError extends Error {
  override readonly name = 'EsbuildNotFoundError';
  constructor(readonly projectDir: string) {
    super(
      `Deploying bundles the code with esbuild, which was not found in the project (${projectDir} or a folder above it). ` +
        'Install it in the project: npm install --save-dev esbuild',
    );
  }
}

/** One problem esbuild reported, at a file and line when it has one. */
export interface BundleMessage {
  text: string;
  /** Absolute path. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 0-based, in characters. */
  column?: number;
  length?: number;
}

/** The code did not bundle: its errors, each where esbuild found it. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  constructor(
    readonly entry: string,
    readonly messages: BundleMessage[],
  ) {
    const first = messages[0];
    const where = first?.file ? `${path.basename(first.file)}:${first.line}: ` : '';
    const firstError = first ? ` (${where}${first.text})` : '';
    super(`Bundling ${path.basename(entry)} failed with ${messages.length} error${messages.length === 1 ? '' : 's'}${firstError}.`);
  }
}

/** Loads the project's own esbuild (see the top of this file). */
export function loadEsbuild(projectDir: string): { esbuild: EsbuildApi; path: string } {
  let resolved: string;
  try {
    resolved = createRequire(path.join(projectDir, 'package.json')).resolve('esbuild');
  } catch {
    throw new EsbuildNotFoundError(projectDir);
  }
  return { esbuild: createRequire(resolved)(resolved) as EsbuildApi, path: resolved };
}

export interface BundleOptions {
  /** Absolute path of the entry point. */
  entry: string;
  /** The definition's folder: paths in messages are relative to it. */
  projectDir: string;
  sourceMaps: boolean;
}

export interface Bundle {
  code: string;
  /** Size of the code in bytes (UTF-8). */
  bytes: number;
  warnings: BundleMessage[];
}

function toMessage(projectDir: string, message: Esbuild.Message): BundleMessage {
  const at = message.location;
  return {
    text: message.text,
    ...(at && { file: path.resolve(projectDir, at.file), line: at.line, column: at.column, length: at.length }),
  };
}

/**
 * Bundles `entry` in memory. The project's own tsconfig.json applies: esbuild reads the nearest one above
 * each source file (paths, decorators, JSX settings…), as `tsc` would. Throws `BundleError` with every
 * error esbuild reported.
 */
export async function bundle(esbuild: EsbuildApi, options: BundleOptions): Promise<Bundle> {
  let result: Esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: [options.entry],
      absWorkingDir: options.projectDir,
      outfile: path.join(options.projectDir, '.botpress', 'dist', 'index.js'),
      write: false,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      minify: true,
      sourcemap: options.sourceMaps ? 'inline' : false,
      logLevel: 'silent',
    });
  } catch (error) {
    const errors = (error as { errors?: Esbuild.Message[] }).errors;
    if (!Array.isArray(errors)) throw error;
    throw new BundleError(
      options.entry,
      errors.map((m) => toMessage(options.projectDir, m)),
    );
  }
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  return { code, bytes: Buffer.byteLength(code), warnings: result.warnings.map((m) => toMessage(options.projectDir, m)) };
}
