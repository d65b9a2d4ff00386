// The demo's tables, on support-bot: 300 orders (what the bot's order-status answer reads), a searchable FAQ and
// a small frozen plans table. Their own random stream, so the rest of the demo world keeps its content.
import { Random, seedOf } from '../random';
import type { Store } from '../store';
import { addRows, addTable } from '../tables';

const firstNames = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'Dennis', 'Radia', 'Tim'];
const lastNames = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Allen', 'Ritchie', 'Perlman'];
const products = ['Desk lamp', 'Standing desk', 'Office chair', 'Monitor arm', 'USB-C dock', 'Keyboard', 'Mouse pad', 'Webcam', 'Headset'];
const prices: Record<string, number> = {
  'Desk lamp': 39,
  'Standing desk': 549,
  'Office chair': 329,
  'Monitor arm': 89,
  'USB-C dock': 179,
  Keyboard: 119,
  'Mouse pad': 19,
  Webcam: 99,
  Headset: 149,
};
const carriers = ['UPS', 'FedEx', 'Canada Post', 'DHL'];
const cities = ['Montréal', 'Toronto', 'Québec', 'Paris', 'Lyon', 'Boston', 'Ottawa'];

export const ordersSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'string', description: 'The reference the customer quotes (A-1001)' },
    customer: { type: 'string', 'x-zui': { searchable: true } },
    email: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded'] },
    items: { type: 'array', items: { type: 'string' } },
    total: { type: 'number', description: 'In CAD' },
    carrier: { type: 'string' },
    trackingNumber: { type: 'string' },
    placedAt: { type: 'string', format: 'date-time' },
    estimatedDelivery: { type: 'string', format: 'date-time' },
    shippingAddress: { type: 'object', properties: { city: { type: 'string' }, postalCode: { type: 'string' } } },
    giftWrap: { type: 'boolean' },
  },
  required: ['orderId', 'status'],
};

const faqs: Array<[string, string, string]> = [
  ['How long does shipping take?', 'Orders ship within 2 business days; delivery takes 3 to 5 business days in Canada.', 'shipping'],
  ['Do you ship internationally?', 'We ship to the United States and France; duties are paid at delivery.', 'shipping'],
  ['How do I track my order?', 'Ask me "where is my order A-1042" or use the tracking number in your confirmation email.', 'orders'],
  ['Can I change my shipping address?', 'Yes, until the order is shipped: reply with the order number and the new address.', 'orders'],
  ['How do I return an item?', 'Returns are free within 30 days: we email you a prepaid label.', 'returns'],
  ['When will I get my refund?', 'Refunds reach your card 5 to 10 business days after we receive the item.', 'returns'],
  ['Is the standing desk easy to assemble?', 'About 20 minutes with the included hex key; a video guide is on our site.', 'products'],
  ['What warranty do chairs have?', 'Office chairs carry a 5-year warranty on the frame and mechanism.', 'products'],
  ['Which payment methods do you accept?', 'Visa, Mastercard, American Express, PayPal and Interac.', 'billing'],
  ['Can I get an invoice?', 'Every order confirmation includes a PDF invoice with taxes itemised.', 'billing'],
  ['Do you offer gift wrapping?', 'Yes, for 5 CAD per order: choose it at checkout.', 'orders'],
  ['Where is your store?', '1 Place Ville Marie, Montréal: open Monday to Saturday.', 'store'],
  ['Can I cancel my order?', 'Orders can be cancelled until they are shipped, at no cost.', 'orders'],
  ['Do you price match?', 'We match the price of Canadian retailers for identical items within 14 days.', 'billing'],
  ['Is the webcam compatible with Mac?', 'Yes: it is a standard USB video device, no driver needed.', 'products'],
];

export function seedTables(store: Store, botId: string, base: number): void {
  const random = new Random(seedOf('tables'));
  const day = 86_400_000;
  const orders = addTable(
    store,
    botId,
    'ordersTable',
    { schema: ordersSchema, keyColumn: 'orderId', tags: { source: 'shop', team: 'support' } },
    base - 120 * day,
  );
  const rows = Array.from({ length: 300 }, (_, i) => {
    const placed = base - (300 - i) * (day / 3) - random.int(day / 4);
    const age = (base - placed) / day;
    const status =
      i === 41
        ? 'shipped'
        : random.chance(0.04)
          ? random.pick(['cancelled', 'refunded'])
          : age > 10
            ? 'delivered'
            : age > 4
              ? 'shipped'
              : age > 1
                ? 'processing'
                : 'pending';
    const items = Array.from({ length: 1 + random.int(3) }, () => random.pick(products));
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const shipped = status === 'shipped' || status === 'delivered';
    const carrier = random.pick(carriers);
    return {
      orderId: `A-${1001 + i}`,
      customer: `${first} ${last}`,
      email: `${first}.${last}@example.com`.toLowerCase(),
      status,
      items,
      total: Math.round(items.reduce((s, p) => s + prices[p], 0) * 1.14975 * 100) / 100,
      carrier: shipped ? carrier : null,
      trackingNumber: shipped ? `${carrier.slice(0, 2).toUpperCase()}${100000000 + random.int(899999999)}` : null,
      placedAt: new Date(placed).toISOString(),
      estimatedDelivery:
        status === 'cancelled' || status === 'refunded' ? null : new Date(placed + (4 + random.int(3)) * day).toISOString(),
      shippingAddress: {
        city: random.pick(cities),
        postalCode: `H${random.int(10)}${String.fromCharCode(65 + random.int(26))} ${random.int(10)}A${random.int(10)}`,
      },
      giftWrap: random.chance(0.1),
    };
  });
  addRows(orders, rows, base - day);

  const faq = addTable(
    store,
    botId,
    'faqTable',
    {
      schema: {
        question: { type: 'string', 'x-zui': { searchable: true } },
        answer: { type: 'string', 'x-zui': { searchable: true } },
        topic: { type: 'string' },
      },
      tags: { team: 'support' },
    },
    base - 60 * day,
  );
  addRows(
    faq,
    faqs.map(([question, answer, topic]) => ({ question, answer, topic })),
    base - 60 * day,
  );

  const plans = addTable(
    store,
    botId,
    'plansTable',
    { schema: { plan: { type: 'string' }, monthlyPrice: { type: 'number' }, seats: { type: 'number' } }, keyColumn: 'plan', frozen: true },
    base - 200 * day,
  );
  addRows(
    plans,
    [
      { plan: 'Starter', monthlyPrice: 0, seats: 1 },
      { plan: 'Team', monthlyPrice: 89, seats: 10 },
      { plan: 'Enterprise', monthlyPrice: 495, seats: 100 },
    ],
    base - 200 * day,
  );
}
