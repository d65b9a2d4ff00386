/* eslint-disable max-len -- prose: the documents of the demo's knowledge base */
// The demo's knowledge base: Acme's help center, as a support team keeps it in a repository (Markdown, a
// little HTML and text), plus a PDF the emulator refuses to index, and a few files outside any knowledge base.
import { knowledgeBaseTags } from '../../core/knowledge/tags';
import type { Store } from '../store';

type Doc = [key: string, content: string];

const md = (title: string, ...sections: [string, string][]) =>
  `# ${title}\n\n` + sections.map(([heading, body]) => (heading ? `## ${heading}\n\n${body.trim()}\n` : `${body.trim()}\n`)).join('\n');

export const helpCenter: Doc[] = [
  [
    'shipping/delivery-times.md',
    md(
      'Delivery times',
      ['', 'Orders placed before 2 pm Eastern time on a business day leave our Montréal warehouse the same day.'],
      [
        'Canada',
        '| Service | Delay | Price |\n| --- | --- | --- |\n| Standard | 3 to 5 business days | $7 |\n| Express | 1 to 2 business days | $18 |\n| Free shipping | 5 to 7 business days | orders over $75 |',
      ],
      [
        'United States',
        'Standard delivery takes 5 to 8 business days and costs $12. Express delivery takes 2 to 3 business days and costs $29.',
      ],
      ['Holidays', 'Between November 20 and December 24, add two business days to every estimate.'],
    ),
  ],
  [
    'shipping/international.md',
    md(
      'International shipping',
      ['', 'We ship to 38 countries in Europe, Asia and Oceania through DHL Express.'],
      [
        'Customs and duties',
        'Duties and import taxes are collected by the carrier on delivery. They are not included in the price you pay at checkout.',
      ],
      [
        'Countries we do not ship to',
        '- Russia and Belarus\n- Countries under Canadian trade sanctions\n- Any address that is a post office box outside North America',
      ],
    ),
  ],
  [
    'shipping/tracking.md',
    md(
      'Tracking your order',
      ['', 'A tracking number is emailed to you as soon as your parcel leaves the warehouse.'],
      [
        'Where is my tracking number?',
        'Look for an email titled "Your Acme order is on its way". It is also under Orders in your account.',
      ],
      [
        'My tracking has not moved',
        'Carriers scan parcels at hubs only. No update for 3 business days is normal; after 7 days, contact us and we open an investigation with the carrier.',
      ],
    ),
  ],
  [
    'shipping/lost-or-damaged.md',
    md(
      'Lost or damaged parcels',
      [
        '',
        'If your parcel arrives damaged, take photos of the box and the item before you throw away the packaging, and contact us within 14 days of delivery.',
      ],
      [
        'Lost parcels',
        'A parcel is considered lost 10 business days after its last tracking update. We ship a replacement at no cost or refund you in full.',
      ],
      ['Stolen from the porch', 'File a claim with the carrier first; we refund you once the carrier confirms the claim.'],
    ),
  ],
  [
    'shipping/address-change.md',
    md(
      'Changing the delivery address',
      ['', 'You can change the delivery address until the order is packed, usually within one hour of ordering.'],
      [
        'After the order left',
        'Ask the carrier to redirect the parcel with the tracking number. Canada Post charges $8 for a redirection; UPS and DHL do it for free.',
      ],
    ),
  ],
  [
    'returns/return-policy.md',
    md(
      'Return policy',
      ['', 'You can return any item within 30 days of delivery for a full refund, as long as it is unused and in its original packaging.'],
      [
        'Final sale items',
        '- Gift cards\n- Personalised or engraved items\n- Underwear and swimwear, for hygiene reasons\n- Items marked "final sale"',
      ],
      [
        'Return shipping',
        'Returns are free in Canada with the prepaid label. From the United States, return shipping costs $9, deducted from your refund.',
      ],
    ),
  ],
  [
    'returns/how-to-return.md',
    md(
      'How to return an item',
      [
        '',
        '1. Go to Orders in your account and choose "Return an item".\n2. Pick the items and the reason.\n3. Print the prepaid label and stick it on the box.\n4. Drop the box at any Canada Post outlet.',
      ],
      ['No printer?', 'Choose "QR code" instead of "label": the post office prints the label for you.'],
    ),
  ],
  [
    'returns/refunds.md',
    md(
      'Refunds',
      [
        '',
        'Refunds are issued to the original payment method within 5 business days of the return reaching our warehouse. Your bank may take 3 to 10 more days to show it.',
      ],
      [
        'Partial refunds',
        'An item returned used, damaged or without its original packaging may be refunded partially, up to 50% of its price.',
      ],
      ['Original shipping costs', 'Shipping costs are refunded only when the item was defective or we sent the wrong item.'],
    ),
  ],
  [
    'returns/exchanges.md',
    md(
      'Exchanges',
      [
        '',
        'To exchange an item for another size or colour, return it and place a new order: this is the fastest way to get the item you want while stock lasts.',
      ],
      ['Defective items', 'A defective item is exchanged for the same item at no cost, shipping included, within one year of purchase.'],
    ),
  ],
  [
    'billing/payment-methods.md',
    md(
      'Payment methods',
      ['', 'We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Google Pay and Acme gift cards.'],
      ['Paying in instalments', 'Orders over $150 can be paid in 4 interest-free instalments with Klarna.'],
      ['Currencies', 'Prices are in Canadian dollars. Cards from other countries are charged in CAD and converted by your bank.'],
    ),
  ],
  [
    'billing/invoices.md',
    md(
      'Invoices and receipts',
      ['', 'An invoice is emailed with every order confirmation. You can download it again from Orders in your account, as a PDF.'],
      [
        'Business invoices',
        'To add your company name and tax number to invoices, fill them in under Account → Billing details before ordering.',
      ],
    ),
  ],
  [
    'billing/taxes.md',
    md(
      'Sales taxes',
      ['', 'Canadian sales taxes (GST, HST, QST or PST) are added at checkout according to the delivery province.'],
      ['Tax-exempt customers', 'Send your exemption certificate to billing@acme.example and we apply it to future orders.'],
    ),
  ],
  [
    'billing/declined-payment.md',
    md(
      'My payment was declined',
      [
        '',
        '- Check that the billing address matches the one your bank has.\n- Check the expiry date and the security code.\n- Some banks block online purchases over $500 until you confirm them.',
      ],
      ['Charged twice?', 'A declined attempt can show as pending for a few days, then disappears. Only the successful payment is charged.'],
    ),
  ],
  [
    'billing/price-match.md',
    md(
      'Price adjustments',
      [
        '',
        'If the price of an item drops within 14 days of your purchase, we refund the difference. Ask through the chat with your order number.',
      ],
      ['What is not adjusted', 'Flash sales, clearance prices and competitors’ prices are not matched.'],
    ),
  ],
  [
    'account/create-account.md',
    md(
      'Creating an account',
      ['', 'An account lets you track orders, return items in a few clicks and save addresses. Sign up with your email, Google or Apple.'],
      ['Guest checkout', 'You can order without an account; link the order later by signing up with the same email.'],
    ),
  ],
  [
    'account/reset-password.md',
    md(
      'Resetting your password',
      ['', 'Choose "Forgot password" on the sign-in page. The reset link we email is valid for 1 hour.'],
      ['No email received', 'Check your spam folder. Emails come from no-reply@acme.example. Still nothing after 10 minutes? Contact us.'],
    ),
  ],
  [
    'account/delete-account.md',
    md('Deleting your account', [
      '',
      'Under Account → Privacy choose "Delete my account". We erase your personal data within 30 days, except the invoices the law requires us to keep for 6 years.',
    ]),
  ],
  [
    'account/newsletter.md',
    md(
      'Newsletter and notifications',
      ['', 'Unsubscribe from the newsletter with the link at the bottom of any email, or under Account → Notifications.'],
      ['Text messages', 'Reply STOP to any text message to stop delivery updates by SMS.'],
    ),
  ],
  [
    'products/sizing-guide.md',
    md(
      'Sizing guide',
      [
        'T-shirts',
        '| Size | Chest (cm) | Length (cm) |\n| --- | --- | --- |\n| S | 88–96 | 70 |\n| M | 96–104 | 72 |\n| L | 104–112 | 74 |\n| XL | 112–120 | 76 |',
      ],
      ['Between two sizes?', 'Our t-shirts are cut slim: take the larger size for a relaxed fit.'],
    ),
  ],
  [
    'products/care-instructions.md',
    md(
      'Care instructions',
      ['Cotton', 'Machine wash cold, inside out. Tumble dry low. Do not bleach.'],
      ['Merino wool', 'Hand wash or wool cycle at 30 °C, dry flat. Never tumble dry merino: it shrinks.'],
    ),
  ],
  [
    'products/warranty.md',
    md(
      'Warranty',
      ['', 'Every Acme product is covered for 1 year against manufacturing defects. Backpacks and bags are covered for 5 years.'],
      ['What is not covered', 'Normal wear and tear, accidents, and damage from not following the care instructions.'],
      ['How to claim', 'Send a photo of the defect and your order number through the chat; we answer within 2 business days.'],
    ),
  ],
  [
    'products/gift-cards.md',
    md(
      'Gift cards',
      [
        '',
        'Acme gift cards never expire and can be used online and in our stores. They cannot be exchanged for cash or used to buy other gift cards.',
      ],
      ['Check your balance', 'Enter the card number at checkout or ask us in the chat.'],
    ),
  ],
  [
    'stores/montreal.html',
    `<!doctype html>
<html><head><title>Acme Montréal</title><style>body { font-family: sans-serif }</style></head>
<body>
<h1>Our Montréal store</h1>
<p>1 Place Ville Marie, Montréal, QC H3B 2B6. Five minutes from Bonaventure metro station.</p>
<h2>Opening hours</h2>
<table>
<tr><th>Day</th><th>Hours</th></tr>
<tr><td>Monday to Friday</td><td>9:00 to 18:00</td></tr>
<tr><td>Saturday</td><td>10:00 to 14:00</td></tr>
<tr><td>Sunday</td><td>Closed</td></tr>
</table>
<h2>In-store pickup</h2>
<p>Choose &quot;Pick up in store&quot; at checkout: your order is ready within 2 hours and kept for 7 days.</p>
</body></html>
`,
  ],
  [
    'stores/toronto.html',
    `<!doctype html>
<html><head><title>Acme Toronto</title></head>
<body>
<h1>Our Toronto store</h1>
<p>220 Yonge Street, Toronto, ON M5B 2H1, in the Eaton Centre, level 2.</p>
<h2>Opening hours</h2>
<ul>
<li>Monday to Saturday: 10:00 to 21:00</li>
<li>Sunday: 11:00 to 19:00</li>
</ul>
</body></html>
`,
  ],
  [
    'contact/contact-us.txt',
    `Contact Acme customer support

Chat with us in the app or on acme.example, every day from 8:00 to 22:00 Eastern time.

Email support@acme.example: we answer within one business day.

Phone 1-800-555-0199, Monday to Friday from 9:00 to 17:00 Eastern time.
`,
  ],
  [
    'contact/complaints.md',
    md(
      'Complaints',
      ['', 'If our answer did not solve your problem, ask for a supervisor in the chat. A supervisor answers within 3 business days.'],
      [
        'Escalation',
        'Unresolved complaints can be escalated to the Commissioner for Complaints for Telecommunications and Retail Services.',
      ],
    ),
  ],
  [
    'loyalty/acme-rewards.md',
    md(
      'Acme Rewards',
      ['', 'Earn 1 point per dollar spent. 100 points give a $5 reward, applied at checkout.'],
      [
        'Tiers',
        '- Member: from the first order\n- Silver: from 500 points a year, free express shipping\n- Gold: from 1,500 points a year, early access to sales',
      ],
      ['Points expiry', 'Points expire after 12 months without an order.'],
    ),
  ],
  [
    'privacy/data-we-keep.md',
    md(
      'Your data',
      ['', 'We keep your name, addresses, orders and chat transcripts to serve you. We never sell your data.'],
      ['Chat transcripts', 'Chat conversations are kept for 90 days, then deleted.'],
    ),
  ],
];

/** Adds the help center to a bot as the knowledge base "Acme Help Center", a refused PDF in it, and files outside it. */
export function seedKnowledge(store: Store, botId: string, at: number): void {
  const kb = store.files.addKnowledgeBase(
    botId,
    'Acme Help Center',
    { team: 'support' },
    at,
    `kb-${store.ids.uuid().replace(/-/g, '').slice(0, 10)}`,
  );
  const tags = (title: string) => knowledgeBaseTags(kb.id, title);
  for (const [key, content] of [
    ...helpCenter,
    ['manuals/backpack-manual.pdf', '%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n'] as Doc,
  ]) {
    store.files.add(store, botId, { key: `${kb.id}/${key}`, content, tags: tags(key.split('/').pop()!), index: true, at });
  }
  store.files.add(store, botId, {
    key: 'exports/conversations-2026-01.csv',
    content: 'id,createdAt,channel\nconv_1,2026-01-05,chat\n',
    tags: { kind: 'export' },
    at,
  });
  store.files.add(store, botId, {
    key: 'brand/logo.svg',
    content: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#3276ea"/></svg>',
    tags: { kind: 'asset' },
    at,
  });
}
