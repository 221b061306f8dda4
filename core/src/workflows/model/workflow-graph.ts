import { badInput, type RelataError } from '../../errors';

/** An edge from a step, with the setting that holds it (for messages). */
export interface StepEdge {
  to: string;
  setting: string;
}

export interface GraphNode {
  key: string;
  edges: readonly StepEdge[];
  /** For loop steps: the key of the body's first step. */
  loopBody?: string;
}

export interface WorkflowGraph {
  /** Steps in an order where each comes after every step that leads to it. */
  order: readonly string[];
  /** Steps each step may follow (its ancestors): their outputs are in its scope. */
  ancestors: ReadonlyMap<string, ReadonlySet<string>>;
  /** The innermost loop each step runs inside, if any. */
  loopOf: ReadonlyMap<string, string>;
}

const stepError = (key: string, setting: string, message: string): RelataError =>
  badInput(`steps.${key}.${setting}`, `Step "${key}", setting "${setting}": ${message}.`, { step: key, setting });

/**
 * Checks a workflow's graph (every edge leads to a step, every step is reached from the first,
 * no cycles: repetition is a loop step's job) and orders it.
 * @throws BAD_USER_INPUT naming the step and the setting at fault
 */
export function analyseGraph(nodes: readonly GraphNode[]): WorkflowGraph {
  const byKey = new Map(nodes.map((node) => [node.key, node]));
  for (const node of nodes) {
    for (const edge of node.edges) {
      if (!byKey.has(edge.to)) throw stepError(node.key, edge.setting, `there is no step "${edge.to}"`);
      if (edge.to === node.key) throw stepError(node.key, edge.setting, 'a step cannot lead to itself');
    }
  }
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const visit = (node: GraphNode) => {
    state.set(node.key, 'open');
    for (const edge of node.edges) {
      const seen = state.get(edge.to);
      if (seen === 'open') {
        throw stepError(node.key, edge.setting, `leads back to "${edge.to}", a cycle (repeat with a loop step)`);
      }
      if (!seen) visit(byKey.get(edge.to)!);
    }
    state.set(node.key, 'done');
    order.push(node.key);
  };
  if (nodes[0]) visit(nodes[0]);
  const unreached = nodes.find((node) => !state.has(node.key));
  if (unreached) {
    throw badInput(`steps.${unreached.key}`, `Step "${unreached.key}" is never reached: no step leads to it.`, {
      step: unreached.key,
    });
  }
  order.reverse();

  const ancestors = new Map<string, Set<string>>(order.map((key) => [key, new Set<string>()]));
  for (const key of order) {
    for (const edge of byKey.get(key)!.edges) {
      const into = ancestors.get(edge.to)!;
      into.add(key);
      for (const before of ancestors.get(key)!) into.add(before);
    }
  }

  const loopOf = new Map<string, string>();
  // Outer loops first (topological order), so an inner loop overwrites its own body's entries.
  for (const key of order) {
    const body = byKey.get(key)!.loopBody;
    if (!body) continue;
    const stack = [body];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (loopOf.get(current) === key) continue;
      loopOf.set(current, key);
      for (const edge of byKey.get(current)!.edges) stack.push(edge.to);
    }
  }
  return { order, ancestors, loopOf };
}
