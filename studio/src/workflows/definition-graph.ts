import type { StepDefinition, StepType, WorkflowDefinition } from './workflows-api';

/** The node id of the trigger on the canvas (step keys start with a-z, so it cannot clash). */
export const TRIGGER_NODE = '$trigger';

/**
 * Where an edge starts: the trigger, a step's `next`, a step-kind setting (`otherwise`, a loop's
 * `body`), or one branch of a condition (`branch:<i>` of the `branches` setting).
 */
export type Port =
  | { kind: 'start' }
  | { kind: 'next' }
  | { kind: 'setting'; setting: string }
  | { kind: 'branch'; setting: string; index: number };

export interface GraphEdge {
  from: string;
  to: string;
  port: Port;
  label: string | null;
}

export interface Branch {
  when: string;
  next: string | null;
}

export const portId = (port: Port): string =>
  port.kind === 'setting'
    ? `setting:${port.setting}`
    : port.kind === 'branch'
      ? `branch:${port.setting}:${port.index}`
      : port.kind;

export function parsePort(id: string | null | undefined): Port | null {
  if (!id) return null;
  if (id === 'start' || id === 'next') return { kind: id };
  const [kind, setting, index] = id.split(':');
  if (kind === 'setting' && setting) return { kind: 'setting', setting };
  if (kind === 'branch' && setting) return { kind: 'branch', setting, index: Number(index) };
  return null;
}

export function branchesOf(step: StepDefinition, setting: string): Branch[] {
  const value = step.settings[setting];
  return Array.isArray(value) ? (value as Branch[]) : [];
}

const stepSettings = (type: StepType | undefined, kind: 'step' | 'branches') =>
  Object.entries(type?.settings ?? {})
    .filter(([, spec]) => spec.kind === kind)
    .map(([name, spec]) => ({ name, spec }));

/** True for steps that choose their successor themselves (a condition): they have no plain `next`. */
export const branchesInstead = (type: StepType | undefined): boolean => stepSettings(type, 'branches').length > 0;

/** The ports a step's node offers, in the order drawn. */
export function stepPorts(step: StepDefinition, type: StepType | undefined): { port: Port; label: string }[] {
  const ports: { port: Port; label: string }[] = [];
  for (const { name } of stepSettings(type, 'branches')) {
    branchesOf(step, name).forEach((branch, index) => {
      ports.push({ port: { kind: 'branch', setting: name, index }, label: branch.when || `branch ${index + 1}` });
    });
    ports.push({ port: { kind: 'branch', setting: name, index: branchesOf(step, name).length }, label: '+ branch' });
  }
  for (const { name, spec } of stepSettings(type, 'step'))
    ports.push({ port: { kind: 'setting', setting: name }, label: spec.label ?? name });
  if (!branchesInstead(type)) ports.push({ port: { kind: 'next' }, label: 'then' });
  return ports;
}

/** Every edge of a definition, from the trigger to the first step and between steps. */
export function definitionEdges(definition: WorkflowDefinition, types: ReadonlyMap<string, StepType>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const first = definition.steps[0];
  if (first) edges.push({ from: TRIGGER_NODE, to: first.key, port: { kind: 'start' }, label: null });
  for (const step of definition.steps) {
    const type = types.get(step.type);
    for (const { port, label } of stepPorts(step, type)) {
      const to = target(step, port);
      if (to) edges.push({ from: step.key, to, port, label: port.kind === 'next' ? null : label });
    }
  }
  return edges;
}

function target(step: StepDefinition, port: Port): string | null {
  if (port.kind === 'next') return step.next ?? null;
  if (port.kind === 'setting')
    return typeof step.settings[port.setting] === 'string' ? (step.settings[port.setting] as string) : null;
  if (port.kind === 'branch') return branchesOf(step, port.setting)[port.index]?.next ?? null;
  return null;
}

/** The definition with the edge from `from`'s `port` leading to `to` (null: disconnected). */
export function connect(
  definition: WorkflowDefinition,
  from: string,
  port: Port,
  to: string | null,
): WorkflowDefinition {
  if (port.kind === 'start') {
    if (!to) return definition;
    // The first step runs first: the target moves to the front.
    const moved = definition.steps.find((s) => s.key === to);
    return moved ? { ...definition, steps: [moved, ...definition.steps.filter((s) => s !== moved)] } : definition;
  }
  return {
    ...definition,
    steps: definition.steps.map((step) => (step.key === from ? withTarget(step, port, to) : step)),
  };
}

function withTarget(step: StepDefinition, port: Port, to: string | null): StepDefinition {
  if (port.kind === 'next') return { ...step, next: to };
  if (port.kind === 'setting') return { ...step, settings: { ...step.settings, [port.setting]: to } };
  if (port.kind !== 'branch') return step;
  const branches = [...branchesOf(step, port.setting)];
  if (port.index < branches.length) branches[port.index] = { ...branches[port.index]!, next: to };
  else if (to) branches.push({ when: 'true', next: to });
  return { ...step, settings: { ...step.settings, [port.setting]: branches } };
}

/** A fresh step key from the type (`create_task`, `create_task2`...). */
export function newStepKey(definition: WorkflowDefinition, type: string): string {
  const base = type.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^a-z]+/, '') || 'step';
  const taken = new Set(definition.steps.map((s) => s.key));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}${n}`)) n++;
  return `${base}${n}`;
}

/**
 * Adds a step of `type` after `after` (a step key or the trigger), taking over what `after` led
 * to; with nothing selected it goes after the last step.
 */
export function addStep(
  definition: WorkflowDefinition,
  type: StepType,
  after: string | null,
  types: ReadonlyMap<string, StepType>,
): { definition: WorkflowDefinition; key: string } {
  const key = newStepKey(definition, type.type);
  const settings: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(type.settings))
    if (spec.kind === 'object' && spec.fixed) settings[name] = spec.fixed;
  const step: StepDefinition = { key, type: type.type, name: null, settings, next: null };
  if (after === TRIGGER_NODE || definition.steps.length === 0) {
    step.next = definition.steps[0]?.key ?? null;
    return { definition: { ...definition, steps: [step, ...definition.steps] }, key };
  }
  const anchor = definition.steps.find((s) => s.key === after) ?? definition.steps.at(-1)!;
  // A condition picks its successor by branch: the new step waits there to be connected.
  if (branchesInstead(types.get(anchor.type)))
    return { definition: { ...definition, steps: [...definition.steps, step] }, key };
  step.next = anchor.next ?? null;
  const steps = definition.steps.map((s) => (s === anchor ? { ...s, next: key } : s));
  return { definition: { ...definition, steps: [...steps, step] }, key };
}

/** Removes a step; what led to it now leads where it led (its `next`), or nowhere. */
export function removeStep(
  definition: WorkflowDefinition,
  key: string,
  types: ReadonlyMap<string, StepType>,
): WorkflowDefinition {
  const removed = definition.steps.find((s) => s.key === key);
  if (!removed) return definition;
  const successor = removed.next ?? null;
  let result: WorkflowDefinition = { ...definition, steps: definition.steps.filter((s) => s.key !== key) };
  for (const edge of definitionEdges(definition, types)) {
    if (edge.to === key && edge.from !== TRIGGER_NODE) result = connect(result, edge.from, edge.port, successor);
  }
  return result;
}
