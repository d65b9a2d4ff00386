import type * as vscode from 'vscode';
import { registerContributions } from './activation';
import type * as Features from './features';

/**
 * Registers every contribution and loads none of the features: their bundle (dist/features.js, see
 * src/activation.ts) is required on first use. Does no network work and no file I/O.
 */
export function activate(context: vscode.ExtensionContext): void {
  // A separate bundle beside this one (esbuild.js keeps this require); in the tests, the source module.
  registerContributions(context, () => (require('./features') as typeof Features).start);
}

export function deactivate(): void {}
