#!/usr/bin/env node
// Writes the operational template's seed CSVs (plain Node, no dependencies). Deterministic: a
// seeded generator and fixed dates, so running it again gives the same bytes (a test checks).
// Usage: node examples/operational/seed/generate.mjs [outDir]   (default: this folder)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as w from './words.mjs';

const OUT = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));

/** mulberry32: a small seeded generator; the same seed gives the same data everywhere. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(20261201);
const int = (min, max) => min + Math.floor(rnd() * (max - min + 1));
const pick = (list) => list[Math.floor(rnd() * list.length)];
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The data is "as of" this instant: closed deals and cases lie before it, open deals close after. */
const AS_OF = Date.UTC(2026, 11, 5);
const day = (ms) => new Date(ms).toISOString().slice(0, 10);
const instant = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

function csv(file, header, rows) {
  const cell = (v) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [header, ...rows.map((row) => header.map((key) => row[key]))].map((r) => r.map(cell).join(','));
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, file), `${lines.join('\n')}\n`);
}

// Accounts: unique names from two word lists.
const accounts = [];
const accountNames = new Set();
while (accounts.length < 60) {
  const name = `${pick(w.COMPANY_A)} ${pick(w.COMPANY_B)}`;
  if (accountNames.has(name)) continue;
  accountNames.add(name);
  const [city, country] = pick(w.CITIES);
  const employees = pick([12, 25, 40, 80, 150, 300, 650, 1200, 4000]);
  const type =
    accounts.length < 34
      ? 'CUSTOMER'
      : accounts.length < 52
        ? 'PROSPECT'
        : accounts.length < 57
          ? 'PARTNER'
          : 'FORMER_CUSTOMER';
  accounts.push({
    name,
    type,
    industry: pick(w.INDUSTRIES),
    website: `https://www.${slug(name)}.example`,
    phone: `+1 555 0${int(100, 999)}`,
    city,
    country,
    employees,
    annualRevenue: employees * int(90, 260) * 1000,
    domain: `${slug(name)}.example`,
  });
}

// Contacts: 2-3 per account, with unique emails at the account's domain.
const contacts = [];
const emails = new Set();
const person = (domain) => {
  for (;;) {
    const firstName = pick(w.FIRST_NAMES);
    const lastName = pick(w.LAST_NAMES);
    const email = `${slug(firstName)}.${slug(lastName)}@${domain}`;
    if (!emails.has(email)) {
      emails.add(email);
      return { firstName, lastName, email };
    }
  }
};
accounts.forEach((account, i) => {
  const count = i < 30 ? 3 : 2;
  for (let k = 0; k < count; k++) {
    const who = person(account.domain);
    contacts.push({
      ...who,
      'name.firstName': who.firstName,
      'name.lastName': who.lastName,
      phone: `+1 555 1${int(100, 999)}`,
      jobTitle: pick(w.JOB_TITLES),
      account: account.name,
    });
  }
});

// Leads: people at companies that are not accounts yet.
const LEAD_STATUS = [
  ...Array(30).fill('NEW'),
  ...Array(22).fill('WORKING'),
  ...Array(12).fill('QUALIFIED'),
  ...Array(10).fill('UNQUALIFIED'),
  ...Array(6).fill('CONVERTED'),
];
const leads = LEAD_STATUS.map((status) => {
  const company = `${pick(w.COMPANY_A)} ${pick(w.LEAD_SUFFIX)}`;
  return {
    ...person(`${slug(company)}.example`),
    phone: `+1 555 2${int(100, 999)}`,
    company,
    jobTitle: pick(w.JOB_TITLES),
    source: pick(['WEB', 'WEB', 'WEB', 'REFERRAL', 'EVENT', 'CAMPAIGN', 'COLD_CALL']),
    status,
    rating: pick(['HOT', 'WARM', 'WARM', 'COLD']),
    message: pick(w.LEAD_MESSAGES),
  };
});

// Opportunities: 90 across the stages; closed ones in the half-year before AS_OF, open ones after.
const STAGES = [
  ['PROSPECTING', 15],
  ['QUALIFICATION', 15],
  ['PROPOSAL', 14],
  ['NEGOTIATION', 10],
  ['CLOSED_WON', 22],
  ['CLOSED_LOST', 14],
];
const opportunities = [];
for (const [stage, count] of STAGES) {
  for (let k = 0; k < count; k++) {
    const account = accounts[(opportunities.length * 7) % 40];
    const contact = contacts.find((c) => c.account === account.name);
    const closed = stage.startsWith('CLOSED');
    const close = closed ? AS_OF - int(1, 180) * DAY : AS_OF + int(3, 180) * DAY;
    opportunities.push({
      name: `${account.name} - ${pick(w.DEAL_KINDS)} ${opportunities.length + 1}`,
      account: account.name,
      contact: contact.email,
      stage,
      amount: int(8, 240) * 500,
      closeDate: day(close),
      source: pick(['WEB', 'REFERRAL', 'EVENT', 'CAMPAIGN', 'COLD_CALL']),
      nextStep: closed ? '' : pick(w.NEXT_STEPS),
    });
  }
}

const products = w.PRODUCTS.map(([code, name, family, unitPrice, unitCost, description]) => ({
  name,
  code,
  family,
  unitPrice,
  unitCost,
  active: code === 'HW-KIOSK-1' ? 'false' : 'true',
  description,
}));

// Quotes: 20, for opportunities from proposal on, each with 2-4 lines at list price less a discount.
const quoted = opportunities.filter((o) => ['PROPOSAL', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST'].includes(o.stage));
const quotes = [];
const quoteLines = [];
for (let i = 0; i < 20; i++) {
  const opportunity = quoted[(i * 3) % quoted.length];
  const status = { PROPOSAL: 'SENT', NEGOTIATION: 'SENT', CLOSED_WON: 'ACCEPTED', CLOSED_LOST: 'REJECTED' }[
    opportunity.stage
  ];
  const number = `Q-2026-${String(101 + i).padStart(4, '0')}`;
  quotes.push({
    number,
    opportunity: opportunity.name,
    account: opportunity.account,
    status: i % 7 === 6 ? 'DRAFT' : status,
    validUntil: day(Date.parse(opportunity.closeDate) + 30 * DAY),
  });
  const used = new Set();
  for (let k = int(2, 4); k > 0; k--) {
    let product = pick(products);
    while (used.has(product.code) || product.active === 'false') product = pick(products);
    used.add(product.code);
    quoteLines.push({
      description: product.name,
      quote: number,
      product: product.code,
      quantity: { LICENSE: int(10, 200), HARDWARE: int(1, 40), SUBSCRIPTION: int(1, 3), SERVICE: int(1, 6) }[
        product.family
      ],
      unitPrice: product.unitPrice,
      discount: pick([0, 0, 5, 10, 15]),
    });
  }
}

// Campaigns with members: contacts and leads, some of whom responded.
const campaigns = w.CAMPAIGNS.map(([name, type, status, start, end, budget]) => ({
  name,
  type,
  status,
  startDate: start,
  endDate: end,
  budget,
}));
const campaignMembers = [];
campaigns.forEach((campaign, c) => {
  const size = [30, 24, 18, 12][c];
  for (let k = 0; k < size; k++) {
    const viaLead = k % 3 === 0;
    const who = viaLead ? leads[(c * 11 + k) % leads.length] : contacts[(c * 17 + k * 2) % contacts.length];
    const status =
      campaign.status === 'PLANNED'
        ? 'SENT'
        : pick(['SENT', 'OPENED', 'OPENED', 'RESPONDED', 'RESPONDED', 'UNSUBSCRIBED']);
    const responded = status === 'RESPONDED';
    campaignMembers.push({
      campaign: campaign.name,
      lead: viaLead ? who.email : '',
      contact: viaLead ? '' : who.email,
      status,
      respondedOn: responded ? day(Date.parse(campaign.startDate) + int(1, 20) * DAY) : '',
      response: responded ? pick(w.RESPONSES) : '',
    });
  }
});

const articles = w.ARTICLES.map(([title, category, summary], i) => ({
  title,
  category,
  summary,
  body: `${summary} ${w.ARTICLE_BODY}`,
  published: i < 12 ? 'true' : 'false',
  publishedOn: i < 12 ? day(Date.UTC(2026, 2, 2) + i * 17 * DAY) : '',
  audience: i % 3 === 2 ? 'INTERNAL' : 'PUBLIC',
}));

// Cases: 40 over the three months before AS_OF; due-by as the SLA timer would set it.
const SLA_HOURS = { URGENT: 4, HIGH: 8, NORMAL: 24, LOW: 72 };
const PRIORITIES = [
  ...Array(4).fill('URGENT'),
  ...Array(10).fill('HIGH'),
  ...Array(18).fill('NORMAL'),
  ...Array(8).fill('LOW'),
];
const cases = PRIORITIES.map((priority, i) => {
  const contact = contacts[(i * 5) % contacts.length];
  const opened = AS_OF - int(2, 95) * DAY + int(8, 17) * HOUR;
  const open = i % 8 === 3 || i % 8 === 6 || i % 5 === 1;
  const resolved = open ? null : opened + int(1, 110) * HOUR;
  const dueBy = opened + SLA_HOURS[priority] * HOUR;
  const [subject, articleIndex] = pick(w.CASE_SUBJECTS);
  return {
    number: `CS-${String(1001 + i)}`,
    subject,
    description: `${subject}. Reported by ${contact.firstName} ${contact.lastName}.`,
    status: open ? pick(['NEW', 'IN_PROGRESS', 'IN_PROGRESS', 'WAITING']) : pick(['RESOLVED', 'CLOSED']),
    priority,
    origin: pick(['EMAIL', 'EMAIL', 'PHONE', 'WEB', 'PORTAL']),
    account: contact.account,
    contact: contact.email,
    article: open ? '' : w.ARTICLES[articleIndex][0],
    openedAt: instant(opened),
    resolvedAt: resolved === null ? '' : instant(resolved),
    dueBy: instant(dueBy),
    // The SLA timer's sweep has already escalated the open cases past due on AS_OF.
    escalated: open && dueBy < AS_OF ? 'true' : 'false',
  };
});

csv(
  'accounts.csv',
  ['name', 'type', 'industry', 'website', 'phone', 'city', 'country', 'employees', 'annualRevenue'],
  accounts,
);
csv('contacts.csv', ['name.firstName', 'name.lastName', 'email', 'phone', 'jobTitle', 'account'], contacts);
csv(
  'leads.csv',
  ['firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'source', 'status', 'rating', 'message'],
  leads,
);
csv(
  'opportunities.csv',
  ['name', 'account', 'contact', 'stage', 'amount', 'closeDate', 'source', 'nextStep'],
  opportunities,
);
csv('products.csv', ['name', 'code', 'family', 'unitPrice', 'unitCost', 'active', 'description'], products);
csv('quotes.csv', ['number', 'opportunity', 'account', 'status', 'validUntil'], quotes);
csv('quote-lines.csv', ['description', 'quote', 'product', 'quantity', 'unitPrice', 'discount'], quoteLines);
csv('campaigns.csv', ['name', 'type', 'status', 'startDate', 'endDate', 'budget'], campaigns);
csv('campaign-members.csv', ['campaign', 'lead', 'contact', 'status', 'respondedOn', 'response'], campaignMembers);
csv('articles.csv', ['title', 'category', 'summary', 'body', 'published', 'publishedOn', 'audience'], articles);
csv(
  'cases.csv',
  [
    'number',
    'subject',
    'description',
    'status',
    'priority',
    'origin',
    'account',
    'contact',
    'article',
    'openedAt',
    'resolvedAt',
    'dueBy',
    'escalated',
  ],
  cases,
);
