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
