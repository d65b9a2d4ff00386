// One example of every Botpress message payload type, shared by the demo seed and the demo chat bot.
import { demoAudioUrl, demoVideoUrl } from './demo/media';
export type Payload = { type: string; [key: string]: unknown };

const media = 'https://files.bpcontent.cloud/demo';
/** A small labelled picture as an SVG data URL, so the demo shows images offline. */
export const picture = (label: string, color: string): string =>
  'data:image/svg+xml;base64,' +
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120"><rect width="240" height="120" rx="8" fill="${color}"/>` +
      `<text x="120" y="68" font-family="sans-serif" font-size="22" fill="#fff" text-anchor="middle">${label}</text></svg>`,
  ).toString('base64');
const colors = ['#2563eb', '#059669', '#9333ea'];
const card = (title: string, n: number): Payload => ({
  type: 'card',
  title,
  subtitle: `Plan ${n} — billed monthly`,
  imageUrl: picture(title, colors[(n - 1) % colors.length]!),
  actions: [
    { action: 'postback', label: 'Choose', value: `choose_plan_${n}` },
    { action: 'url', label: 'Details', value: `https://example.com/plans/${n}` },
    { action: 'say', label: 'Ask about it', value: `Tell me about plan ${n}` },
  ],
});

export const payloadExamples: Record<string, Payload> = {
  text: { type: 'text', text: 'Hi! I can help with orders, returns and billing.' },
  markdown: {
    type: 'markdown',
    markdown: '**Order #1042** is _on its way_.\n\n- 2 × T-shirt\n- 1 × Mug\n\n[Track it](https://example.com/track/1042)',
  },
  image: { type: 'image', imageUrl: picture('Parcel #1042', '#ea580c') },
  audio: { type: 'audio', audioUrl: demoAudioUrl },
  video: { type: 'video', videoUrl: demoVideoUrl },
  file: { type: 'file', fileUrl: `${media}/invoice-1042.pdf`, title: 'Invoice #1042' },
  location: { type: 'location', latitude: 45.5017, longitude: -73.5673, address: '1 Place Ville Marie, Montréal', title: 'Our store' },
  card: card('Starter', 1),
  carousel: { type: 'carousel', items: [card('Starter', 1), card('Team', 2), card('Enterprise', 3)] },
  choice: {
    type: 'choice',
    text: 'What can I help you with?',
    options: [
      { label: 'Track an order', value: 'track' },
      { label: 'Return an item', value: 'return' },
      { label: 'Talk to a human', value: 'human' },
    ],
  },
  dropdown: {
    type: 'dropdown',
    text: 'Pick your country',
    options: [
      { label: 'Canada', value: 'CA' },
      { label: 'France', value: 'FR' },
      { label: 'Japan', value: 'JP' },
    ],
  },
  bloc: {
    type: 'bloc',
    items: [
      { type: 'text', text: 'Here is your return label:' },
      { type: 'image', imageUrl: picture('Return label', '#0d9488') },
      { type: 'file', fileUrl: `${media}/label.pdf`, title: 'Return label' },
    ],
  },
};

/** The demo bot's answer to a user's text: an echo, then a rich reply for each keyword it contains. */
export function demoReplies(text: string): Payload[] {
  const replies: Payload[] = [{ type: 'text', text: `You said: ${text}` }];
  const lower = text.toLowerCase();
  for (const [keyword, payload] of Object.entries(payloadExamples)) {
    if (keyword !== 'text' && new RegExp(`\\b${keyword}\\b`).test(lower)) replies.push(payload);
  }
  return replies;
}

/** The text a user payload carries (a typed text, or the value of a clicked choice). */
export function textOf(payload: Payload): string {
  if (typeof payload.text === 'string') return payload.text;
  if (typeof payload.value === 'string') return payload.value;
  if (typeof payload.markdown === 'string') return payload.markdown;
  return `[${payload.type}]`;
}
