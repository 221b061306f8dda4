import { INDUSTRIES, type STAGES } from './demo-model';

/** Small deterministic PRNG (mulberry32): the same seed always gives the same demo. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick };
}
export type Random = ReturnType<typeof randomSource>;

const PREFIXES = [
  'North',
  'Blue',
  'Bright',
  'Silver',
  'Summit',
  'Cedar',
  'Atlas',
  'Harbor',
  'Nova',
  'Granite',
  'Maple',
  'Quantum',
  'Pioneer',
  'Vertex',
  'Sterling',
  'Evergreen',
  'Orbit',
  'Lumen',
  'Falcon',
  'Redwood',
];
const CORES = [
  'field',
  'stone',
  'wave',
  'bridge',
  'point',
  'line',
  'gate',
  'works',
  'path',
  'light',
  'forge',
  'peak',
  'river',
  'grid',
  'leaf',
];
const SUFFIXES = [
  'Labs',
  'Systems',
  'Group',
  'Industries',
  'Partners',
  'Solutions',
  'Co',
  'Logistics',
  'Health',
  'Energy',
  'Retail',
  'Capital',
];
const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Chloe',
  'David',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Keiko',
  'Liam',
  'Maya',
  'Noah',
  'Olivia',
  'Pablo',
  'Quinn',
  'Rosa',
  'Samir',
  'Tara',
  'Umar',
  'Vera',
  'Wei',
  'Ximena',
  'Yusuf',
  'Zoe',
];
const LAST_NAMES = [
  'Anders',
  'Brown',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Müller',
  'Novak',
  "O'Neil",
  'Patel',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Usman',
  'Varga',
  'Weber',
  'Young',
  'Zhang',
];
const TITLES = [
  'CEO',
  'CTO',
  'CFO',
  'VP Sales',
  'Head of Operations',
  'Procurement Manager',
  'Engineering Manager',
  'Account Executive',
  'Marketing Director',
  'Product Manager',
  'Office Manager',
  'Data Analyst',
];
const CITIES: Array<[string, string, string]> = [
  ['Berlin', 'BE', 'DE'],
  ['Paris', 'IDF', 'FR'],
  ['Lisbon', 'LX', 'PT'],
  ['Austin', 'TX', 'US'],
  ['Toronto', 'ON', 'CA'],
  ['Boston', 'MA', 'US'],
  ['Madrid', 'MD', 'ES'],
  ['Amsterdam', 'NH', 'NL'],
  ['Melbourne', 'VIC', 'AU'],
  ['Osaka', 'OS', 'JP'],
];
const STREETS = ['Market Street', 'Harbour Road', 'Station Lane', 'Park Avenue', 'Mill Road', 'King Street', 'Elm Way'];
const DEAL_WORDS = [
  'Renewal',
  'Expansion',
  'Pilot',
  'Platform deal',
  'Annual licence',
  'Rollout',
  'Upgrade',
  'Support contract',
];
// Weighted so the pipeline looks like a pipeline: many early deals, fewer late ones.
const STAGE_WEIGHTS: Array<[(typeof STAGES)[number], number]> = [
  ['NEW', 25],
  ['QUALIFIED', 22],
  ['PROPOSAL', 18],
  ['NEGOTIATION', 12],
  ['CLOSED_WON', 13],
  ['CLOSED_LOST', 10],
];
const PROBABILITY: Record<(typeof STAGES)[number], number> = {
  NEW: 10,
  QUALIFIED: 25,
  PROPOSAL: 50,
  NEGOTIATION: 75,
  CLOSED_WON: 100,
  CLOSED_LOST: 0,
};

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function fakeCompany(random: Random, index: number): Record<string, unknown> {
  const name = `${random.pick(PREFIXES)}${random.pick(CORES)} ${random.pick(SUFFIXES)}`;
  const [city, state, country] = random.pick(CITIES);
  const employees = Math.round(10 ** random.int(1, 4) * (1 + random.next() * 4));
  return {
    name,
    domain: `https://${slugOf(name)}${index}.example.com`,
    industry: random.pick(INDUSTRIES),
    employees,
    annualRevenue: { amount: employees * random.int(60, 250) * 1000, currencyCode: country === 'US' ? 'USD' : 'EUR' },
    address: {
      street1: `${random.int(1, 240)} ${random.pick(STREETS)}`,
      street2: null,
      city,
      state,
      postcode: String(random.int(10000, 99999)),
      country,
    },
  };
}

export function fakePerson(random: Random, index: number, companyId: string | null): Record<string, unknown> {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  return {
    name: { firstName, lastName },
    email: `${slugOf(firstName)}.${slugOf(lastName)}${index}@example.com`,
    phone: `+1 555 ${String(random.int(100, 999))} ${String(random.int(1000, 9999))}`,
    jobTitle: random.pick(TITLES),
    companyId,
  };
}

function weightedStage(random: Random): (typeof STAGES)[number] {
  let roll = random.int(1, 100);
  for (const [stage, weight] of STAGE_WEIGHTS) {
    roll -= weight;
    if (roll <= 0) return stage;
  }
  return 'NEW';
}

export function fakeOpportunity(
  random: Random,
  companyId: string,
  companyName: string,
  contactId: string | null,
): Record<string, unknown> {
  const stage = weightedStage(random);
  const close = new Date(Date.UTC(2026, 0, 1) + random.int(-180, 365) * 86_400_000);
  return {
    name: `${companyName}: ${random.pick(DEAL_WORDS)}`,
    stage,
    amount: { amount: random.int(5, 500) * 1000, currencyCode: 'USD' },
    closeDate: close.toISOString().slice(0, 10),
    probability: PROBABILITY[stage],
    companyId,
    pointOfContactId: contactId,
  };
}
