import * as vscode from 'vscode';
import { newNonce, type PageResources } from './html';

/**
 * Loads a panel's page into its webview: scripts on, command links off, nothing loadable but
 * dist/media/<name>.js and .css (the bundle esbuild makes of media/<name>), the script allowed by a
 * fresh nonce.
 */
export function loadPage(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  name: string,
  page: (resources: PageResources) => string,
): void {
  const media = vscode.Uri.joinPath(extensionUri, 'dist', 'media');
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString();
  webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
  webview.html = page({ cspSource: webview.cspSource, scriptUri: uri(`${name}.js`), styleUri: uri(`${name}.css`), nonce: newNonce() });
}
