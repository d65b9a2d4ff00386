/**
 * Text from data (a definition's key, a server's error message, a name) made safe to put into a
 * notification, a modal or the status bar. VS Code turns `[label](command:…)` in a notification into a
 * link that runs a command, and `$(name)` in status texts and picks into an icon: a zero-width space
 * after each `]` before `(`, and between `$` and `(`, keeps them text. Nothing else changes visibly.
 */
export function escapeMarkdownLinks(text: string): string {
  return text.replace(/\](?=\()/g, ']\u200b').replace(/\$(?=\()/g, '$\u200b');
}

/**
 * A piece of remote text quoted in a message: at most `max` characters, control characters and line
 * breaks written as escapes (`\n`, `\u0007`), so that it cannot forge lines or hide what follows.
 */
export function quoteText(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut).slice(1, -1);
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A remote string (a Botpress or Botmock name or id) made one file name, never a path: separators,
 * control characters and what Windows refuses become `_`, a leading dot too (no `..`, no hidden file),
 * Windows' reserved device names get a `_` before them; at most 200 characters, never empty.
 */
export function safeFileName(name: string): string {
  const safe = name
    .replace(/[\x00-\x1f\x7f<>:"/\\|?*]/g, '_')
    .replace(/^\./, '_')
    .slice(0, 200)
    .replace(/[. ]+$/, (m) => '_'.repeat(m.length));
  if (!safe) return '_';
  return WINDOWS_RESERVED.test(safe) ? `_${safe}` : safe;
}

/** Whether a name is a file name that stays where it is written (what `safeFileName` leaves as it is). */
export const isSafeFileName = (name: string): boolean => name.length > 0 && safeFileName(name) === name;
