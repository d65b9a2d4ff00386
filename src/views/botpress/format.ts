/** Small text helpers for tree labels. No `vscode` here. */

const units: [number, string][] = [
  [365 * 24 * 3600_000, 'year'],
  [30 * 24 * 3600_000, 'month'],
  [7 * 24 * 3600_000, 'week'],
  [24 * 3600_000, 'day'],
  [3600_000, 'hour'],
  [60_000, 'minute'],
];

/** "just now", "5 minutes ago", "in 2 days"; undefined for a missing or invalid date. */
export function relativeTime(iso: string | undefined, now: number = Date.now()): string | undefined {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) return undefined;
  const diff = now - time;
  const abs = Math.abs(diff);
  const unit = units.find(([ms]) => abs >= ms);
  if (!unit) return 'just now';
  const n = Math.floor(abs / unit[0]);
  const text = `${n} ${unit[1]}${n === 1 ? '' : 's'}`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** The line under a bot's name: dev badge and when it was last deployed. */
export function botDescription(bot: { deployedAt?: string }, dev: boolean, now: number = Date.now()): string {
  const deployed = relativeTime(bot.deployedAt, now);
  return [dev ? 'dev' : undefined, deployed ? `deployed ${deployed}` : 'never deployed'].filter(Boolean).join(' · ');
}
