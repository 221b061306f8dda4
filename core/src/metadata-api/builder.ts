import SchemaBuilder from '@pothos/core';
import { valueFromASTUntyped } from 'graphql';
import type { MetadataRequestContext } from './request-context';

export interface MetadataSchemaTypes {
  Context: MetadataRequestContext;
  Scalars: { JSON: { Input: unknown; Output: unknown } };
  DefaultFieldNullability: false;
}

export type MetadataBuilder = PothosSchemaTypes.SchemaBuilder<
  PothosSchemaTypes.ExtendDefaultTypes<MetadataSchemaTypes>
>;

/** A fresh builder with the JSON scalar (default values are JSON of the field's API form). */
export function createMetadataBuilder(): MetadataBuilder {
  // Non-null by default, as the contract (ARCHITECTURE, metadata endpoint) is written.
  const builder = new SchemaBuilder<MetadataSchemaTypes>({ defaultFieldNullability: false });
  builder.scalarType('JSON', {
    description: 'Any JSON value.',
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables ?? undefined),
  });
  return builder;
}
