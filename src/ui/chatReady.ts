import { chatWebhook } from '../api/chat';
import type { PickedBot, PickItem } from './pick';

/**
 * Bot rows for a pick that needs the Chat API (conversation tests): each row says whether the bot can
 * be reached through it, and those that can come first (otherwise in their order). `bots` are the
 * fetched bots, in the rows' order; undefined where one could not be read.
 */
export function rankByChat(
  items: readonly PickItem<PickedBot>[],
  bots: readonly (Parameters<typeof chatWebhook>[0] | undefined)[],
): PickItem<PickedBot>[] {
  const rows = items.map((item, i) => {
    const bot = bots[i];
    const webhook = bot ? chatWebhook(bot) : { problem: 'could not be read' };
    const ready = 'webhookId' in webhook;
    const note = ready
      ? 'chat installed'
      : webhook.problem.startsWith('does not have')
        ? 'no chat integration'
        : webhook.problem.replace(/^has /, '');
    return { ready, item: { ...item, description: [note, item.description].filter(Boolean).join(' · ') } };
  });
  return [...rows.filter((r) => r.ready), ...rows.filter((r) => !r.ready)].map((r) => r.item);
}
