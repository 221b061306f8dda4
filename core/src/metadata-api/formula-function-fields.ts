import { FORMULA_FUNCTIONS } from '../formula';
import type { MetadataBuilder } from './builder';

interface FormulaFunctionInfo {
  name: string;
  signature: string;
}

/** `formulaFunctions` of `/metadata`: what the studio's formula editor suggests, with each signature. */
export function addFormulaFunctionFields(builder: MetadataBuilder) {
  const FunctionRef = builder.objectRef<FormulaFunctionInfo>('FormulaFunction').implement({
    description: 'A function a FORMULA expression may call.',
    fields: (t) => ({
      name: t.exposeString('name'),
      signature: t.exposeString('signature', { description: 'Argument and result types, e.g. (TEXT) -> NUMBER.' }),
    }),
  });
  builder.queryFields((t) => ({
    formulaFunctions: t.field({
      type: [FunctionRef],
      resolve: () =>
        Object.entries(FORMULA_FUNCTIONS)
          .map(([name, fn]) => ({ name, signature: fn.signature }))
          .sort((a, b) => a.name.localeCompare(b.name)),
    }),
  }));
}
