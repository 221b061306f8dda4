import { type DataMap, toValue, type Value } from '../expressions';
import type { AnalysedDefinition } from '../model';
import { itemPath } from './loop-step';

/** Where a run is: a step, at a loop item path ('' outside loops). */
export interface Position {
  step: string;
  iteration: string;
}

/** A step's logged output at an item path. */
export interface LoggedOutput {
  step_key: string;
  iteration: string;
  output: unknown;
}

/** The item paths a step at `iteration` sees outputs at: its own and every enclosing loop's ('2.0': '', '2', '2.0'). */
export function enclosingPaths(iteration: string): string[] {
  if (iteration === '') return [''];
  const parts = iteration.split('.');
  return ['', ...parts.map((_part, i) => parts.slice(0, i + 1).join('.'))];
}

function splitPath(iteration: string): { parent: string; index: number } {
  const cut = iteration.lastIndexOf('.');
  return { parent: cut === -1 ? '' : iteration.slice(0, cut), index: Number(iteration.slice(cut + 1)) };
}

/** `steps.<key>` as a step at `iteration` sees them: each step's output in this item (or outside the loop). */
export function outputsAt(logged: readonly LoggedOutput[], iteration: string): DataMap {
  const paths = new Set(enclosingPaths(iteration));
  const outputs = Object.create(null) as DataMap;
  for (const row of logged) if (paths.has(row.iteration)) outputs[row.step_key] = toValue(row.output);
  return outputs;
}

const loopOutput = (logged: readonly LoggedOutput[], loop: string, parent: string) =>
  logged.find((row) => row.step_key === loop && row.iteration === parent)?.output as
    | { count: number; items: unknown[] }
    | undefined;

/** `item` of a step inside a loop body: the item of its innermost loop it runs for; null outside loops. */
export function loopItem(
  analysis: AnalysedDefinition,
  logged: readonly LoggedOutput[],
  at: Position,
): Value | undefined {
  const loop = analysis.loopOf.get(at.step);
  if (!loop) return undefined;
  const { parent, index } = splitPath(at.iteration);
  return toValue(loopOutput(logged, loop, parent)?.items[index] ?? null);
}

/**
 * Where a run goes after the step at `at`, which chose `next` (a step key at `nextIteration`) or
 * ended its chain (null). A chain ending inside a loop body goes on with the loop's next item,
 * then with the step after the loop (which may itself end an outer loop's body). null: the run is done.
 */
export function nextPosition(
  analysis: AnalysedDefinition,
  logged: readonly LoggedOutput[],
  at: Position,
  next: string | null,
  nextIteration: string,
): Position | null {
  if (next) return { step: next, iteration: nextIteration };
  let current = at;
  for (;;) {
    const loop = analysis.loopOf.get(current.step);
    if (!loop) return null;
    const { parent, index } = splitPath(current.iteration);
    const count = loopOutput(logged, loop, parent)?.count ?? 0;
    const loopStep = analysis.definition.steps.find((s) => s.key === loop)!;
    if (index + 1 < count) return { step: loopStep.settings.body as string, iteration: itemPath(parent, index + 1) };
    if (loopStep.next) return { step: loopStep.next, iteration: parent };
    current = { step: loop, iteration: parent };
  }
}
