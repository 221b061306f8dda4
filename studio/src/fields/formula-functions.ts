import { ref } from 'vue';
import { gql } from '../api/graphql-client';
import type { FormulaFunctionInfo } from './formula-suggestions';

const functions = ref<FormulaFunctionInfo[]>([]);
let requested = false;

/** The functions a formula may call, loaded once from `/metadata` (they change only with the server). */
export function useFormulaFunctions() {
  if (!requested) {
    requested = true;
    gql<{ formulaFunctions: FormulaFunctionInfo[] }>('/metadata', '{ formulaFunctions { name signature } }')
      .then((data) => {
        functions.value = data.formulaFunctions;
      })
      .catch(() => {
        // Suggestions are a help: without them the editor still checks every expression. Ask again next time.
        requested = false;
      });
  }
  return functions;
}
