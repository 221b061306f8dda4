import { type Executor, stepInputError } from './step-env';

/** Most items one loop step runs its body for. */
export const MAX_LOOP_ITEMS = 1000;

/** The item path of item `index` of a loop run at `parent` ('' outside loops). */
export const itemPath = (parent: string, index: number) => (parent === '' ? String(index) : `${parent}.${index}`);

/** Runs its body for each item, one after the other: the first item's body step is next. */
export const loop: Executor = async (settings, env, stored) => {
  const items = settings.values.over;
  if (!Array.isArray(items)) throw stepInputError(env, 'over', 'is not a list.');
  if (items.length > MAX_LOOP_ITEMS) {
    throw stepInputError(env, 'over', `holds ${items.length} items; a loop runs at most ${MAX_LOOP_ITEMS}.`);
  }
  const output = { count: items.length, items };
  if (items.length === 0) return { output };
  return { output, next: stored.body as string, nextIteration: itemPath(env.iteration, 0) };
};
