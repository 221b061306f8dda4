import type { RecordValues } from '@relata/core';

export interface CrmSizes {
  companies: number;
  people: number;
  opportunities: number;
}

/**
 * Sizes from issue 2's performance section. `RELATA_BENCH_SCALE` (e.g. 0.1) shrinks them for a
 * quick try of the bench itself; the results then say so.
 */
export const SCALE = Number(process.env.RELATA_BENCH_SCALE ?? 1);
export const SIZES: CrmSizes = {
  companies: Math.round(10_000 * SCALE),
  people: Math.round(100_000 * SCALE),
  opportunities: Math.round(50_000 * SCALE),
};

export const STAGES = ['NEW', 'QUALIFIED', 'PROPOSAL', 'WON', 'LOST'] as const;

const relation = (name: string, label: string, target: string, inverseName: string, onDelete: string) => ({
  name,
  label,
  type: 'RELATION',
  relation: { target, kind: 'MANY_TO_ONE', inverseName, onDelete },
});

/** The demo-shaped CRM: companies, people and opportunities, applied with `applyBundle`. */
export const CRM_BUNDLE = {
  objects: [
    {
      nameSingular: 'company',
      namePlural: 'companies',
      labelSingular: 'Company',
      labelPlural: 'Companies',
      fields: [
        { name: 'name', label: 'Name', type: 'TEXT', required: true, indexed: true },
        { name: 'domain', label: 'Domain', type: 'URL', unique: true },
        { name: 'employees', label: 'Employees', type: 'NUMBER' },
      ],
    },
    {
      nameSingular: 'person',
      namePlural: 'people',
      labelSingular: 'Person',
      labelPlural: 'People',
      fields: [
        { name: 'fullName', label: 'Name', type: 'FULL_NAME' },
        { name: 'email', label: 'E-mail', type: 'EMAIL', unique: true },
        relation('company', 'Company', 'company', 'people', 'SET_NULL'),
      ],
    },
    {
      nameSingular: 'opportunity',
      namePlural: 'opportunities',
      labelSingular: 'Opportunity',
      labelPlural: 'Opportunities',
      fields: [
        { name: 'title', label: 'Title', type: 'TEXT', required: true },
        { name: 'amount', label: 'Amount', type: 'CURRENCY', defaultCurrency: 'EUR' },
        {
          name: 'stage',
          label: 'Stage',
          type: 'SELECT',
          indexed: true,
          options: STAGES.map((value, position) => ({ value, label: value, position })),
        },
        { name: 'closeDate', label: 'Close date', type: 'DATE' },
        { name: 'probability', label: 'Probability', type: 'NUMBER' },
        relation('company', 'Company', 'company', 'opportunities', 'RESTRICT'),
      ],
    },
  ],
};

/**
 * Indexes the CRM declares through `/metadata` (issue 13): the board (one stage by amount, the id
 * tie-break last) and each company's people by e-mail, so the board query's count, page and
 * nested people are read from indexes in order. Every peer of the bench reads the same tables.
 */
export const CRM_INDEXES = [
  {
    object: 'opportunity',
    input: {
      name: 'board',
      keys: [
        { field: 'stage', direction: 'AscNullsLast' },
        { field: 'amount', direction: 'DescNullsLast' },
        { field: 'id', direction: 'AscNullsLast' },
      ],
    },
  },
  {
    object: 'person',
    input: {
      name: 'byCompany',
      keys: [
        { field: 'companyId', direction: 'AscNullsLast' },
        { field: 'email', direction: 'AscNullsLast' },
        { field: 'id', direction: 'AscNullsLast' },
      ],
    },
  },
];

const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Barbara', 'Ken', 'Edsger', 'Frances', 'Donald', 'Radia'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Liskov', 'Thompson', 'Dijkstra', 'Allen', 'Knuth'];
const pad = (n: number) => String(n).padStart(6, '0');

export const companyRow = (i: number): RecordValues => ({
  name: `Company ${pad(i)}`,
  domain: `https://company${i}.example.com`,
  employees: ((i * 37) % 5000) + 1,
});

/** Ten people per company (person j works at company j mod 10k). */
export const personRow = (j: number, companyIds: readonly string[]): RecordValues => ({
  fullName: { firstName: FIRST[j % FIRST.length]!, lastName: LAST[Math.floor(j / 10) % LAST.length]! },
  email: `person${pad(j)}@example.com`,
  companyId: companyIds[j % companyIds.length]!,
});

/**
 * Amounts are a permutation (7919 is coprime with 50k), so ordering by amount has no ties
 * and Relata and the baseline must return exactly the same page.
 */
export const opportunityRow = (k: number, companyIds: readonly string[]): RecordValues => ({
  title: `Deal ${pad(k)}`,
  amount: { amount: ((k * 7919) % 50_000) * 10 + 0.25, currencyCode: k % 2 ? 'USD' : 'EUR' },
  stage: STAGES[k % STAGES.length]!,
  closeDate: `2026-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 28) + 1).padStart(2, '0')}`,
  companyId: companyIds[(k * 7) % companyIds.length]!,
});

/** `objects` objects of `fields` scalar fields each (schema-build and many-workspace scenarios). */
export function wideBundle(objects: number, fields: number) {
  const types = ['TEXT', 'NUMBER', 'BOOLEAN', 'DATE', 'EMAIL', 'SELECT', 'CURRENCY', 'DATE_TIME'] as const;
  return {
    objects: Array.from({ length: objects }, (_, o) => ({
      nameSingular: `thing${o}`,
      namePlural: `things${o}`,
      labelSingular: `Thing ${o}`,
      labelPlural: `Things ${o}`,
      fields: Array.from({ length: fields }, (_, f) => {
        const type = types[f % types.length]!;
        const field = { name: f === 0 ? 'name' : `field${f}`, label: `Field ${f}`, type: f === 0 ? 'TEXT' : type };
        return type === 'SELECT' && f !== 0
          ? {
              ...field,
              options: [
                { value: 'A', label: 'A' },
                { value: 'B', label: 'B' },
              ],
            }
          : field;
      }),
    })),
  };
}
