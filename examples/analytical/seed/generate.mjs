#!/usr/bin/env node
// Deterministic seed of the analytical template: customers, categories, products, orders and order
// lines over three years, written as .csv.gz (plain Node, no dependencies). Same arguments, same
// bytes: a seeded PRNG, no clock, no locale. Usage:
//   node examples/analytical/seed/generate.mjs [--scale 1] [--end 2026-11-30] [--out <dir>]
// Shapes the charts rely on: growing sign-ups with cohorts that decay (each customer churns after
// an exponential lifetime), a Pareto of heavy buyers, Nov/Dec peaks and a summer dip, open quotes
// in the last weeks (the forecast), and product pairs bought together (the basket analysis).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DAY = 86_400_000;
const YEARS = 3;

/** mulberry32: small, fast, and the same sequence on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = [
  [
    'Coffee',
    'Beans and ground coffee',
    [
      'Espresso beans',
      'House blend',
      'Decaf blend',
      'Single origin Ethiopia',
      'Single origin Colombia',
      'Cold brew grind',
      'Dark roast',
      'Light roast',
      'Mocha blend',
      'Breakfast blend',
    ],
  ],
  [
    'Tea',
    'Loose leaf and bags',
    [
      'Earl Grey',
      'Green sencha',
      'Chamomile',
      'English breakfast',
      'Rooibos',
      'Jasmine',
      'Matcha powder',
      'Chai spice',
      'Peppermint',
      'Oolong',
    ],
  ],
  [
    'Dairy & alternatives',
    'Milk and creamers',
    [
      'Oat milk',
      'Whole milk',
      'Almond milk',
      'Soy milk',
      'Coconut cream',
      'Barista oat milk',
      'Skimmed milk',
      'Vanilla creamer',
      'Hazelnut creamer',
      'Lactose-free milk',
    ],
  ],
  [
    'Brewing',
    'Machines and tools',
    [
      'Milk frother',
      'French press',
      'Pour-over dripper',
      'Paper filters',
      'Burr grinder',
      'Moka pot',
      'Gooseneck kettle',
      'Espresso tamper',
      'Cold brew jar',
      'Descaler',
    ],
  ],
  [
    'Bakery',
    'Fresh and packaged',
    [
      'Butter croissant',
      'Sourdough loaf',
      'Cinnamon roll',
      'Almond biscotti',
      'Banana bread',
      'Blueberry muffin',
      'Rye bread',
      'Pain au chocolat',
      'Bagel pack',
      'Brioche',
    ],
  ],
  [
    'Sweets',
    'Chocolate and treats',
    [
      'Dark chocolate bar',
      'Milk chocolate bar',
      'Salted caramels',
      'Praline box',
      'Cocoa powder',
      'Hot chocolate mix',
      'Nougat',
      'Fudge',
      'Marshmallows',
      'Toffee',
    ],
  ],
  [
    'Pantry',
    'Honey, jams and syrups',
    [
      'Wildflower honey',
      'Strawberry jam',
      'Orange marmalade',
      'Maple syrup',
      'Vanilla syrup',
      'Caramel syrup',
      'Peanut butter',
      'Hazelnut spread',
      'Raw cane sugar',
      'Agave syrup',
    ],
  ],
  [
    'Tableware',
    'Cups and serving',
    [
      'Ceramic mug',
      'Double-wall glass',
      'Espresso cups',
      'Travel tumbler',
      'Teapot',
      'Tea infuser',
      'Serving tray',
      'Sugar bowl',
      'Milk jug',
      'Coasters',
    ],
  ],
  [
    'Gifts',
    'Boxes and cards',
    [
      'Coffee gift box',
      'Tea gift box',
      'Gift card 25',
      'Gift card 50',
      'Tasting set',
      'Advent calendar',
      'Holiday hamper',
      'Chocolate hamper',
      'Brewing starter kit',
      'Greeting card',
    ],
  ],
  [
    'Snacks',
    'Savoury and healthy',
    [
      'Trail mix',
      'Granola',
      'Oat bars',
      'Salted almonds',
      'Rice crackers',
      'Dried mango',
      'Pretzels',
      'Cashews',
      'Protein bar',
      'Oatcakes',
    ],
  ],
];
const SIZES = ['small', 'large'];
/** Partners bought with a product far more often than chance: [product name, partner name, probability]. */
export const AFFINITIES = [
  ['Espresso beans large', 'Oat milk large', 0.55],
  ['Butter croissant small', 'House blend small', 0.45],
  ['French press large', 'Cold brew grind large', 0.5],
  ['Earl Grey small', 'Almond biscotti small', 0.4],
  ['Dark chocolate bar small', 'Hot chocolate mix small', 0.35],
  ['Gift card 25 small', 'Greeting card small', 0.6],
];
const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'David',
  'Emma',
  'Felix',
  'Grace',
  'Hugo',
  'Iris',
  'Jonas',
  'Kira',
  'Liam',
  'Mia',
  'Noah',
  'Olivia',
  'Paul',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Uma',
  'Victor',
  'Wendy',
  'Xavier',
  'Yara',
  'Zoe',
];
const LAST = [
  'Adler',
  'Berg',
  'Costa',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ivanova',
  'Jansen',
  'Khan',
  'Lopez',
  'Moreau',
  'Nowak',
  'Okafor',
  'Petit',
  'Rossi',
  'Silva',
  'Tanaka',
  'Ueda',
  'Vargas',
  'Weber',
  'Yilmaz',
  'Zimmer',
];
const CITIES = [
  ['Berlin', 'EU'],
  ['Paris', 'EU'],
  ['Madrid', 'EU'],
  ['London', 'UK'],
  ['Manchester', 'UK'],
  ['New York', 'NA'],
  ['Toronto', 'NA'],
  ['Chicago', 'NA'],
  ['Sydney', 'APAC'],
  ['Tokyo', 'APAC'],
];
const CHANNELS = [
  ['WEB', 0.55],
  ['STORE', 0.3],
  ['PHONE', 0.15],
];
/** Monthly demand: holiday peak, summer dip (index 0 = January). */
const SEASON = [0.85, 0.8, 0.9, 0.95, 1.0, 0.85, 0.75, 0.8, 1.0, 1.1, 1.35, 1.6];

const csvCell = (v) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csv = (header, rows) => `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const money = (n) => n.toFixed(2);

function pick(random, weighted) {
  let r = random() * weighted.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of weighted) {
    r -= w;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

/** Small-size price range per category (CATEGORIES order); large sizes cost 1.8 times as much. */
const PRICE_RANGES = [
  [6, 14],
  [4, 9],
  [1.5, 4],
  [15, 90],
  [1.5, 6],
  [2, 8],
  [3, 9],
  [6, 30],
  [10, 40],
  [2, 6],
];

function products(random) {
  const list = [];
  CATEGORIES.forEach(([category, , names], c) => {
    for (const name of names)
      for (const size of SIZES) {
        const [low, high] = PRICE_RANGES[c];
        const face = /^Gift card (\d+)$/.exec(name);
        const drawn = random();
        const base = face ? Number(face[1]) : name === 'Greeting card' ? 2 + drawn * 2 : low + drawn * (high - low);
        list.push({
          sku: `P-${String(list.length + 1).padStart(4, '0')}`,
          name: `${name} ${size}`,
          category,
          price: Math.round(base * (size === 'large' && !face ? 1.8 : 1) * 100) / 100,
          // Zipf-like popularity: a few products sell most.
          weight: 1 / (1 + ((list.length * 7919) % 200)) ** 0.8,
        });
      }
  });
  // The products that pull a partner sell well (a bestseller's companion is what basket analysis finds).
  const triggers = new Set(AFFINITIES.map(([a]) => a));
  for (const p of list) if (triggers.has(p.name)) p.weight = Math.max(p.weight, 0.6);
  return list;
}

function customers(random, count, start, end) {
  const span = end - start;
  const list = [];
  for (let i = 0; i < count; i++) {
    // Sign-ups grow over time: the density rises linearly (inverse transform of t^2).
    const signedUp = start + Math.floor(Math.sqrt(random()) * span);
    const first = FIRST[Math.floor(random() * FIRST.length)];
    const last = LAST[Math.floor(random() * LAST.length)];
    const [city, region] = CITIES[Math.floor(random() * CITIES.length)];
    const kind = random();
    // 15% never buy (leads); the rest buy with a Pareto weight (heavy buyers are few).
    const buys = kind >= 0.15;
    const weight = buys ? 1 / (1 - random()) ** (1 / 1.3) : 0;
    // Lifetime until churn: exponential, mean 14 months; heavy buyers stay longer.
    const lifetime = -Math.log(1 - random()) * 420 * DAY * Math.min(3, 0.6 + weight / 4);
    list.push({
      email: `${first}.${last}.${i + 1}@example.com`.toLowerCase(),
      name: `${first} ${last}`,
      city,
      region,
      channel: pick(random, CHANNELS),
      signedUp,
      weight,
      stop: Math.min(end, signedUp + 7 * DAY + lifetime),
      taste: Math.floor(random() * CATEGORIES.length),
    });
  }
  return list;
}

/** Order counts per customer summing to exactly `total` (largest remainder over the Pareto weights). */
function orderCounts(list, total) {
  const buyers = list.filter((c) => c.weight > 0);
  // Orders come at a rate per active month: a heavy buyer of a short life buys less than one of a long one.
  const rate = (c) => Math.min(c.weight, 25) * Math.max(0.25, (c.stop - c.signedUp) / (30 * DAY));
  const sum = buyers.reduce((s, c) => s + rate(c), 0);
  const extra = total - buyers.length;
  const shares = buyers.map((c) => (rate(c) / sum) * extra);
  const counts = new Map(buyers.map((c, i) => [c, 1 + Math.floor(shares[i])]));
  let left = total - [...counts.values()].reduce((s, n) => s + n, 0);
  const byRemainder = buyers.map((c, i) => [c, shares[i] - Math.floor(shares[i])]).sort((a, b) => b[1] - a[1]);
  for (let i = 0; left > 0; i = (i + 1) % byRemainder.length, left--)
    counts.set(byRemainder[i][0], counts.get(byRemainder[i][0]) + 1);
  return counts;
}

function orderDate(random, from, to) {
  for (;;) {
    const at = from + Math.floor(random() * Math.max(DAY, to - from));
    if (random() * 1.6 < SEASON[new Date(at).getUTCMonth()]) return at;
  }
}

export function generate({ scale = 1, end = '2026-11-30', out }) {
  const random = prng(20261207);
  const endMs = Date.parse(`${end}T00:00:00Z`);
  const startMs = endMs - YEARS * 365 * DAY;
  const catalog = products(random);
  const bySku = new Map(catalog.map((p) => [p.name, p]));
  const partners = new Map(AFFINITIES.map(([a, b, p]) => [a, [bySku.get(b), p]]));
  const people = customers(random, Math.round(5000 * scale), startMs, endMs);
  const counts = orderCounts(people, Math.round(50000 * scale));
  const orders = [];
  for (const c of people) {
    const n = counts.get(c) ?? 0;
    for (let k = 0; k < n; k++) orders.push({ customer: c, at: orderDate(random, c.signedUp, c.stop) });
  }
  orders.sort((a, b) => a.at - b.at || (a.customer.email < b.customer.email ? -1 : 1));
  const byTaste = CATEGORIES.map(([name]) => catalog.filter((p) => p.category === name).map((p) => [p, p.weight]));
  const all = catalog.map((p) => [p, p.weight]);
  const orderRows = [];
  const lineRows = [];
  orders.forEach((o, i) => {
    const number = `O-${String(i + 1).padStart(6, '0')}`;
    const chosen = new Map();
    const size = 1 + Math.floor(random() * 3) + (random() < 0.25 ? 1 : 0);
    while (chosen.size < size) {
      const p = pick(random, random() < 0.6 ? byTaste[o.customer.taste] : all);
      chosen.set(p.sku, p);
      const partner = partners.get(p.name);
      if (partner && random() < partner[1]) chosen.set(partner[0].sku, partner[0]);
    }
    let total = 0;
    for (const p of chosen.values()) {
      const quantity = 1 + (random() < 0.3 ? 1 : 0) + (random() < 0.1 ? 1 : 0);
      const unitPrice = Math.round(p.price * (random() < 0.15 ? 0.9 : 1) * 100) / 100;
      total += quantity * unitPrice;
      lineRows.push([number, p.sku, quantity, money(unitPrice)]);
    }
    // The last six weeks hold open quotes and placed orders that close in the coming weeks.
    const recent = endMs - o.at < 42 * DAY;
    const r = random();
    const status = recent && r < 0.25 ? 'QUOTE' : recent && r < 0.45 ? 'PLACED' : r > 0.96 ? 'CANCELLED' : 'PAID';
    const open = status === 'QUOTE' || status === 'PLACED';
    const close = open ? o.at + (7 + Math.floor(random() * 60)) * DAY : o.at;
    orderRows.push([
      number,
      o.customer.email,
      isoDay(o.at),
      isoDay(close),
      status,
      pick(random, CHANNELS),
      money(total),
    ]);
  });
  const files = {
    'categories.csv.gz': csv(
      ['name', 'description'],
      CATEGORIES.map(([name, description]) => [name, description]),
    ),
    'products.csv.gz': csv(
      ['sku', 'name', 'category', 'price'],
      catalog.map((p) => [p.sku, p.name, p.category, money(p.price)]),
    ),
    'customers.csv.gz': csv(
      ['email', 'name', 'city', 'region', 'acquisitionChannel', 'signedUpOn'],
      people.map((c) => [c.email, c.name, c.city, c.region, c.channel, isoDay(c.signedUp)]),
    ),
    'orders.csv.gz': csv(['number', 'customer', 'orderedOn', 'closeDate', 'status', 'channel', 'total'], orderRows),
    'order-lines.csv.gz': csv(['purchase', 'product', 'quantity', 'unitPrice'], lineRows),
  };
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), gzipSync(text, { level: 9 }));
  return { customers: people.length, orders: orderRows.length, lines: lineRows.length, products: catalog.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : fallback;
  };
  const scale = Number(arg('scale', '1'));
  const end = arg('end', '2026-11-30');
  if (!(scale > 0 && scale <= 10) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) {
    console.error('usage: generate.mjs [--scale 0<s<=10] [--end YYYY-MM-DD] [--out DIR]');
    process.exit(2);
  }
  const out = arg('out', dirname(fileURLToPath(import.meta.url)));
  console.log(generate({ scale, end, out }));
}
