import { planBundle, type WorkspaceSnapshot } from '../../metadata';
import { type ExprType, objectType, type ScopeType, TEXT } from './expression-types';
import type { EvalContext } from './function-types';
import { recordType } from './record-type';
import { type DataMap, toValue } from './values';

/** Unit-test fixture: a `deal` object with one field of each kind expressions care about. */
export const dealSnapshot: WorkspaceSnapshot = planBundle(
  { workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] },
  {
    objects: [
      {
        nameSingular: 'deal',
        namePlural: 'deals',
        labelSingular: 'Deal',
        labelPlural: 'Deals',
        fields: [
          { name: 'title', label: 'Title', type: 'TEXT' },
          { name: 'amount', label: 'Amount', type: 'CURRENCY', defaultCurrency: 'EUR' },
          { name: 'seats', label: 'Seats', type: 'NUMBER' },
          { name: 'won', label: 'Won', type: 'BOOLEAN' },
          { name: 'closeDate', label: 'Close date', type: 'DATE' },
          { name: 'contact', label: 'Contact', type: 'FULL_NAME' },
          { name: 'tags', label: 'Tags', type: 'MULTI_SELECT', options: [{ value: 'HOT', label: 'Hot' }] },
          { name: 'extra', label: 'Extra', type: 'JSON' },
          // A user may name a field so; expressions reach it as a declared field, nothing more.
          { name: 'constructor', label: 'Constructor', type: 'TEXT' },
          {
            name: 'stage',
            label: 'Stage',
            type: 'SELECT',
            options: [
              { value: 'OPEN', label: 'Open' },
              { value: 'WON', label: 'Won' },
            ],
          },
        ],
      },
    ],
  },
).next;

export const deal = dealSnapshot.objects[0]!;
export const fieldId = (name: string) => deal.fields.find((f) => f.name === name)!.id;

export const actorType: ExprType = objectType('actor', [
  { name: 'id', type: TEXT },
  { name: 'email', type: TEXT },
]);

export const scope: ScopeType = new Map([
  ['record', recordType(deal)],
  ['actor', actorType],
]);

export const context: EvalContext = { now: new Date('2026-03-31T22:30:00Z'), timeZone: 'Europe/Paris' };

export const dealRecord = toValue({
  id: '0193a000-0000-7000-8000-000000000001',
  title: 'Big deal',
  amount: { amount: 1200.5, currencyCode: 'EUR' },
  seats: 12,
  won: false,
  closeDate: '2026-01-31',
  contact: { firstName: 'Ada', lastName: 'Lovelace' },
  tags: ['HOT'],
  extra: { source: { campaign: 'spring' }, scores: [3, 5] },
  stage: 'OPEN',
  constructor: 'Acme Build',
  createdAt: '2026-03-01T08:00:00.000Z',
}) as DataMap;

export const values = new Map([
  ['record', dealRecord],
  ['actor', toValue({ id: 'u1', email: 'ada@example.com' })],
]);
