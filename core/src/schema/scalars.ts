import { GraphQLError, Kind, type ValueNode, valueFromASTUntyped } from 'graphql';
import type { DataBuilder } from './data-builder';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// ISO 8601 with a time and an explicit offset (or Z), the only instants we accept.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new GraphQLError('Date values are strings in the form YYYY-MM-DD.');
  }
  return value;
}

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError('DateTime values are ISO 8601 strings with a time zone, e.g. 2024-05-01T09:30:00Z.');
  }
  return value;
}

const stringLiteral = (node: ValueNode): unknown => (node.kind === Kind.STRING ? node.value : null);

/** Adds the custom scalars `DateTime` (ISO 8601 instant), `Date` (YYYY-MM-DD) and `JSON`. */
export function addScalars(builder: DataBuilder): void {
  builder.scalarType('DateTime', {
    description: 'An instant as an ISO 8601 string in UTC, e.g. 2024-05-01T09:30:00.000Z.',
    // Postgres renders timestamptz in JSON with the session offset; normalise to UTC.
    serialize: (value) => new Date(String(value)).toISOString(),
    parseValue: parseDateTime,
    parseLiteral: (node) => parseDateTime(stringLiteral(node)),
  });
  builder.scalarType('Date', {
    description: 'A calendar date, YYYY-MM-DD.',
    serialize: (value) => String(value).slice(0, 10),
    parseValue: parseDate,
    parseLiteral: (node) => parseDate(stringLiteral(node)),
  });
  builder.scalarType('JSON', {
    description: 'Any JSON value.',
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: (node, variables) => valueFromASTUntyped(node, variables),
  });
}
