import type { MetadataBundle } from '@relata/core';

const option = (value: string, label: string, color: string, position: number) => ({ value, label, color, position });

/** Opportunity stages, in pipeline order. */
export const STAGES = ['NEW', 'QUALIFIED', 'PROPOSAL', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST'] as const;
export type Stage = (typeof STAGES)[number];

export const INDUSTRIES = [
  'SOFTWARE',
  'MANUFACTURING',
  'RETAIL',
  'FINANCE',
  'HEALTHCARE',
  'LOGISTICS',
  'ENERGY',
] as const;

const relation = (target: string, inverseName: string) => ({
  target,
  kind: 'MANY_TO_ONE' as const,
  inverseName,
  onDelete: 'SET_NULL' as const,
});

/** The demo workspace's data model: companies, their people, and opportunities. */
export const demoModel: MetadataBundle = {
  objects: [
    {
      nameSingular: 'company',
      namePlural: 'companies',
      labelSingular: 'Company',
      labelPlural: 'Companies',
      icon: 'building',
      labelField: 'name',
      fields: [
        { name: 'name', label: 'Name', type: 'TEXT', required: true },
        { name: 'domain', label: 'Domain', type: 'URL' },
        {
          name: 'industry',
          label: 'Industry',
          type: 'SELECT',
          options: INDUSTRIES.map((value, i) =>
            option(
              value,
              value.charAt(0) + value.slice(1).toLowerCase(),
              ['blue', 'gray', 'orange', 'green', 'red', 'purple', 'yellow'][i]!,
              i,
            ),
          ),
        },
        { name: 'employees', label: 'Employees', type: 'NUMBER' },
        { name: 'annualRevenue', label: 'Annual revenue', type: 'CURRENCY', defaultCurrency: 'USD' },
        { name: 'address', label: 'Address', type: 'ADDRESS' },
      ],
    },
    {
      nameSingular: 'person',
      namePlural: 'people',
      labelSingular: 'Person',
      labelPlural: 'People',
      icon: 'user',
      labelField: 'name',
      fields: [
        { name: 'name', label: 'Name', type: 'FULL_NAME', required: true },
        { name: 'email', label: 'Email', type: 'EMAIL' },
        { name: 'phone', label: 'Phone', type: 'PHONE' },
        { name: 'jobTitle', label: 'Job title', type: 'TEXT' },
        { name: 'company', label: 'Company', type: 'RELATION', relation: relation('company', 'people') },
      ],
    },
    {
      nameSingular: 'opportunity',
      namePlural: 'opportunities',
      labelSingular: 'Opportunity',
      labelPlural: 'Opportunities',
      icon: 'target',
      labelField: 'name',
      fields: [
        { name: 'name', label: 'Name', type: 'TEXT', required: true },
        {
          name: 'stage',
          label: 'Stage',
          type: 'SELECT',
          indexed: true,
          options: [
            option('NEW', 'New', 'gray', 0),
            option('QUALIFIED', 'Qualified', 'blue', 1),
            option('PROPOSAL', 'Proposal', 'purple', 2),
            option('NEGOTIATION', 'Negotiation', 'orange', 3),
            option('CLOSED_WON', 'Closed won', 'green', 4),
            option('CLOSED_LOST', 'Closed lost', 'red', 5),
          ],
        },
        { name: 'amount', label: 'Amount', type: 'CURRENCY', defaultCurrency: 'USD', indexed: true },
        { name: 'closeDate', label: 'Close date', type: 'DATE' },
        { name: 'probability', label: 'Probability (%)', type: 'NUMBER', validation: { min: 0, max: 100 } },
        { name: 'company', label: 'Company', type: 'RELATION', relation: relation('company', 'opportunities') },
        {
          name: 'pointOfContact',
          label: 'Point of contact',
          type: 'RELATION',
          relation: relation('person', 'opportunitiesAsContact'),
        },
      ],
    },
  ],
};
