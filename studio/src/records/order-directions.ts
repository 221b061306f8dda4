import type { OrderDirection } from './records-api';

/** The sort directions as a user picks them (list sorts, index keys), with nulls placement. */
export const ORDER_DIRECTIONS: { label: string; value: OrderDirection }[] = [
  { label: 'Ascending', value: 'AscNullsLast' },
  { label: 'Descending', value: 'DescNullsLast' },
  { label: 'Ascending, empty first', value: 'AscNullsFirst' },
  { label: 'Descending, empty first', value: 'DescNullsFirst' },
];
