import { DATE_FUNCTIONS } from './date-functions';
import type { ExpressionFunction } from './function-types';
import { GENERAL_FUNCTIONS } from './general-functions';
import { NUMBER_FUNCTIONS } from './number-functions';
import { TEXT_FUNCTIONS } from './text-functions';

/**
 * Every function an expression may call, by name. A closed map: a call names one of these or
 * fails to check; nothing else is callable.
 */
export const EXPRESSION_FUNCTIONS: ReadonlyMap<string, ExpressionFunction> = new Map(
  Object.entries({ ...TEXT_FUNCTIONS, ...NUMBER_FUNCTIONS, ...DATE_FUNCTIONS, ...GENERAL_FUNCTIONS }),
);
