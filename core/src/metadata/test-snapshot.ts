import { planBundle } from './plan-bundle';
import type { WorkspaceSnapshot } from './types';

const EMPTY: WorkspaceSnapshot = Object.freeze({ workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] });

/**
 * Unit-test helper: a snapshot holding `company` (name, domain, size) and `person` (name,
 * email, company -> company), planned in memory with the real bundle planner.
 */
export function sampleSnapshot(): WorkspaceSnapshot {
  return planBundle(EMPTY, {
    objects: [
      {
        nameSingular: 'company',
        namePlural: 'companies',
        labelSingular: 'Company',
        labelPlural: 'Companies',
        fields: [
          { name: 'name', label: 'Name', type: 'TEXT' },
          { name: 'domain', label: 'Domain', type: 'URL' },
          { name: 'size', label: 'Size', type: 'NUMBER' },
          {
            name: 'stage',
            label: 'Stage',
            type: 'SELECT',
            options: [
              { value: 'LEAD', label: 'Lead' },
              { value: 'CUSTOMER', label: 'Customer' },
            ],
          },
        ],
      },
      {
        nameSingular: 'person',
        namePlural: 'people',
        labelSingular: 'Person',
        labelPlural: 'People',
        fields: [
          { name: 'name', label: 'Name', type: 'FULL_NAME' },
          { name: 'email', label: 'E-mail', type: 'EMAIL' },
          {
            name: 'company',
            label: 'Company',
            type: 'RELATION',
            relation: { target: 'company', kind: 'MANY_TO_ONE', inverseName: 'people' },
          },
        ],
      },
    ],
  }).next;
}
