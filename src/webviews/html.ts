/**
 * The page skeleton every webview uses: static markup only (content arrives as messages and is set as
 * text), a strict Content Security Policy that loads nothing but the panel's bundle and stylesheet, and
 * one script allowed by its nonce.
 */
import { randomBytes } from 'node:crypto';

export interface PageResources {
  /** The webview's `cspSource` (where the bundle and stylesheet are served from). */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
}

export interface PageContent {
  readonly title: string;
  /** The static markup of the body, before the script. */
  readonly body: string;
  /** Allows images, audio and video from https and data URLs (remote content such as message media). */
  readonly remoteMedia?: boolean;
}

export function webviewPage({ cspSource, scriptUri, styleUri, nonce }: PageResources, { title, body, remoteMedia }: PageContent): string {
  const csp = [
    "default-src 'none'",
    ...(remoteMedia ? ['img-src https: data:', 'media-src https: data:'] : []),
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>${title}</title>
</head>
<body>
${body}
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}

/** A fresh nonce for one page load. */
export function newNonce(): string {
  return randomBytes(24).toString('base64url');
}
