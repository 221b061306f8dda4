import SchemaBuilder, {
  type ImplementableInputObjectRef,
  type ImplementableObjectRef,
  type InputType,
  type ObjectFieldBuilder,
  type OutputType,
} from '@pothos/core';
import type { DataRequestContext } from './request-context';

/** Shape of a record, connection or aggregate row as the query compiler returns it (keyed by response alias). */
export type ResultRow = Record<string, unknown>;

export interface DataSchemaTypes {
  Context: DataRequestContext;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}

/** A fresh Pothos builder; one per schema build, so no state is shared between workspaces. */
export function createDataBuilder() {
  return new SchemaBuilder<DataSchemaTypes>({ defaultFieldNullability: false });
}

export type DataBuilder = ReturnType<typeof createDataBuilder>;

/** Builder types after Pothos fills in its defaults. */
export type DataTypes = PothosSchemaTypes.ExtendDefaultTypes<DataSchemaTypes>;
/** Any output type: a scalar name or a generated ref (types are generated at run time). */
export type OutType = OutputType<DataTypes>;
/** Any input type: a scalar name or a generated ref. */
export type InType = InputType<DataTypes>;
/** Ref of a generated object type whose rows come from the compiler. */
export type RowRef = ImplementableObjectRef<DataTypes, ResultRow>;
/** Ref of a generated input object type. */
export type InputRef = ImplementableInputObjectRef<DataTypes, Record<string, unknown>>;
/** Field builder of a generated object type. */
export type RowFieldBuilder = ObjectFieldBuilder<DataTypes, ResultRow>;
