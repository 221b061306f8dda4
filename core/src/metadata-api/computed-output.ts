import { FORMULA_RESULT_TYPES, type FormulaResultType, printFormula } from '../formula';
import {
  type FieldMetadata,
  ROLLUP_FUNCTIONS,
  type RollupFunction,
  rollupEdge,
  type WorkspaceSnapshot,
} from '../metadata';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

interface FormulaOutput {
  expression: string;
  resultType: FormulaResultType;
}

interface RollupOutput {
  relation: string;
  function: RollupFunction;
  field: string | null;
  filter: Record<string, unknown> | null;
  resultType: FormulaResultType;
}

// One snapshot per request, however many computed fields the answer lists.
const requestSnapshots = new WeakMap<MetadataRequestContext, Promise<WorkspaceSnapshot>>();

function requestSnapshot(ctx: MetadataRequestContext): Promise<WorkspaceSnapshot> {
  let snapshot = requestSnapshots.get(ctx);
  if (!snapshot) {
    snapshot = loadSnapshot(ctx.db, ctx.workspaceId);
    requestSnapshots.set(ctx, snapshot);
  }
  return snapshot;
}

async function ownerOf(field: FieldMetadata, ctx: MetadataRequestContext) {
  const snapshot = await requestSnapshot(ctx);
  const object = snapshot.objects.find((o) => o.id === field.objectId);
  return object ? { snapshot, object } : null;
}

/**
 * `formula { expression resultType }` and `rollup { relation function field filter resultType }`
 * of computed fields. Both are stored by field ids and shown here with today's names.
 */
export function defineComputedOutput(builder: MetadataBuilder) {
  const ResultTypeEnum = builder.enumType('FormulaResultType', { values: FORMULA_RESULT_TYPES });
  const RollupFunctionEnum = builder.enumType('RollupFunction', { values: ROLLUP_FUNCTIONS });
  const FormulaRef = builder.objectRef<FormulaOutput>('FormulaSettings').implement({
    fields: (t) => ({
      expression: t.exposeString('expression', { description: 'The expression with the current field names.' }),
      resultType: t.field({ type: ResultTypeEnum, resolve: (f) => f.resultType }),
    }),
  });
  const RollupRef = builder.objectRef<RollupOutput>('RollupSettings').implement({
    fields: (t) => ({
      relation: t.exposeString('relation', { description: 'The one-to-many or many-to-many relation rolled up.' }),
      function: t.field({ type: RollupFunctionEnum, resolve: (r) => r.function }),
      field: t.exposeString('field', { nullable: true, description: 'The related field rolled up (none for COUNT).' }),
      filter: t.field({ type: 'JSON', nullable: true, resolve: (r) => r.filter }),
      resultType: t.field({ type: ResultTypeEnum, resolve: (r) => r.resultType }),
    }),
  });
  const formula = async (field: FieldMetadata, ctx: MetadataRequestContext): Promise<FormulaOutput | null> => {
    const settings = field.settings.formula;
    const owner = field.type === 'FORMULA' && settings ? await ownerOf(field, ctx) : null;
    if (!owner || !settings) return null;
    const expression = printFormula(owner.snapshot, owner.object, settings.expression);
    return { expression, resultType: settings.resultType };
  };
  const rollup = async (field: FieldMetadata, ctx: MetadataRequestContext): Promise<RollupOutput | null> => {
    const settings = field.settings.rollup;
    const owner = field.type === 'ROLLUP' && settings ? await ownerOf(field, ctx) : null;
    if (!owner || !settings) return null;
    const edge = rollupEdge(owner.snapshot, owner.object, settings);
    if (!edge) return null;
    const rolled = edge.to.fields.find((f) => f.id === settings.fieldId);
    return {
      relation: edge.name,
      function: settings.function,
      field: rolled?.name ?? null,
      filter: settings.filter,
      resultType: settings.resultType,
    };
  };
  return { ResultTypeEnum, RollupFunctionEnum, FormulaRef, RollupRef, formula, rollup };
}
