import { FORMULA_RESULT_TYPES, type FormulaResultType, printFormula } from '../formula';
import type { FieldMetadata, WorkspaceSnapshot } from '../metadata';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

interface FormulaOutput {
  expression: string;
  resultType: FormulaResultType;
}

// One snapshot per request, however many formula fields the answer lists.
const requestSnapshots = new WeakMap<MetadataRequestContext, Promise<WorkspaceSnapshot>>();

function requestSnapshot(ctx: MetadataRequestContext): Promise<WorkspaceSnapshot> {
  let snapshot = requestSnapshots.get(ctx);
  if (!snapshot) {
    snapshot = loadSnapshot(ctx.db, ctx.workspaceId);
    requestSnapshots.set(ctx, snapshot);
  }
  return snapshot;
}

/**
 * The `formula { expression resultType }` of a FORMULA field: the expression is stored by field
 * ids and printed here with the names the fields have now (a rename shows through).
 */
export function defineFormulaOutput(builder: MetadataBuilder) {
  const ResultTypeEnum = builder.enumType('FormulaResultType', { values: FORMULA_RESULT_TYPES });
  const FormulaRef = builder.objectRef<FormulaOutput>('FormulaSettings').implement({
    fields: (t) => ({
      expression: t.exposeString('expression', { description: 'The expression with the current field names.' }),
      resultType: t.field({ type: ResultTypeEnum, resolve: (f) => f.resultType }),
    }),
  });
  const resolve = async (field: FieldMetadata, ctx: MetadataRequestContext): Promise<FormulaOutput | null> => {
    const formula = field.settings.formula;
    if (field.type !== 'FORMULA' || !formula) return null;
    const snapshot = await requestSnapshot(ctx);
    const object = snapshot.objects.find((o) => o.id === field.objectId);
    if (!object) return null;
    return { expression: printFormula(snapshot, object, formula.expression), resultType: formula.resultType };
  };
  return { ResultTypeEnum, FormulaRef, resolve };
}
