import {
  buildDataSchema,
  createMetadataService,
  dataValidationRules,
  isRelataError,
  loadSnapshot,
  type MetadataService,
} from '@relata/core';
import { type ExecutionResult, execute, parse, specifiedRules, validate } from 'graphql';
import { createSalesKit, type SalesIds } from '../security/sales-fixture';
import type { SecurityKit } from '../security/security-kit';

type Values = Record<string, unknown>;

/** The sales fixture (see `createSalesKit`) with the metadata service and an admin runner on the latest metadata. */
export interface FormulaKit {
  kit: SecurityKit;
  ids: SalesIds;
  metadata: MetadataService;
  /** Creates a FORMULA field on `object`. */
  formula(object: string, name: string, expression: string, resultType: string): Promise<void>;
  /** Runs a document as the admin against a schema built from the current metadata. */
  admin(query: string, variables?: Values): Promise<ExecutionResult>;
  /** Like `admin`, but throws on errors and returns `data`. */
  adminData(query: string, variables?: Values): Promise<Values>;
}

export async function createFormulaKit(slug: string): Promise<FormulaKit> {
  const { kit, ids } = await createSalesKit(slug);
  const metadata = createMetadataService({ db: kit.test.opened.db });
  const admin = async (query: string, variables: Values = {}) => {
    const snapshot = await loadSnapshot(kit.test.opened.db, kit.workspaceId);
    const schema = buildDataSchema(snapshot);
    const document = parse(query);
    const errors = validate(schema, document, [...specifiedRules, ...dataValidationRules({}, variables)]);
    if (errors.length > 0) return { errors };
    return execute({ schema, document, variableValues: variables, contextValue: { ...kit.context(), snapshot } });
  };
  return {
    kit,
    ids,
    metadata,
    async formula(object, name, expression, resultType) {
      await metadata.createField(kit.workspaceId, object, {
        name,
        label: name,
        type: 'FORMULA',
        formula: { expression, resultType },
      });
    },
    admin,
    async adminData(query, variables) {
      const result = await admin(query, variables);
      if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
      return result.data as Values;
    },
  };
}

/** The RelataError a promise rejects with: code, field and the other details. */
export async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string; details: Values }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isRelataError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, message: error.message, details: error.details as Values };
}
