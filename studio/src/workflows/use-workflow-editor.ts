import { computed, ref, shallowRef, watch } from 'vue';
import { ApiError } from '../api/graphql-client';
import { errorText } from '../ui/use-loader';
import { TRIGGER_NODE } from './definition-graph';
import {
  checkDefinition,
  type ExpressionFunction,
  getWorkflow,
  listExpressionFunctions,
  listStepTypes,
  type StepType,
  setWorkflowActive,
  updateWorkflow,
  type Workflow,
  type WorkflowDefinition,
} from './workflows-api';

/** What the server's check found wrong: on a node (`node`), in one of its settings (`setting`). */
export interface DefinitionProblem {
  node: string | null;
  setting: string | null;
  message: string;
}

const CHECK_DELAY_MS = 400;

/** Turns a failed check into the node and setting it names (`steps.<key>.<setting>`, `definition.trigger...`). */
export function problemOf(error: unknown): DefinitionProblem {
  if (!(error instanceof ApiError)) return { node: null, setting: null, message: errorText(error) };
  const extensions = error.errors[0]?.extensions ?? {};
  const step = typeof extensions.step === 'string' ? extensions.step : null;
  const setting = typeof extensions.setting === 'string' ? extensions.setting : null;
  if (step) return { node: step, setting, message: error.message };
  const field = error.field ?? '';
  // The role the workflow runs as is edited on the trigger's panel.
  if (field === 'runAs') return { node: TRIGGER_NODE, setting: 'runAs', message: error.message };
  const trigger = /(^|\.)trigger(\.|$)/.exec(field);
  if (trigger) return { node: TRIGGER_NODE, setting: field.split('.').at(-1) ?? null, message: error.message };
  return { node: null, setting: null, message: error.message };
}

/**
 * The editor's state: the workflow, its draft being edited (`draft`), the step types and
 * functions, and the server's verdict on the draft, checked again a moment after each edit.
 */
export function useWorkflowEditor(id: () => string) {
  const workflow = ref<Workflow | null>(null);
  const draft = shallowRef<WorkflowDefinition>({ trigger: { type: 'MANUAL' }, steps: [] });
  const name = ref('');
  const dirty = ref(false);
  const stepTypes = shallowRef<StepType[]>([]);
  const functions = shallowRef<ExpressionFunction[]>([]);
  const problem = ref<DefinitionProblem | null>(null);
  const checking = ref(false);
  const typeMap = computed(() => new Map(stepTypes.value.map((t) => [t.type, t])));

  async function load(): Promise<void> {
    const [loaded, types, fns] = await Promise.all([getWorkflow(id()), listStepTypes(), listExpressionFunctions()]);
    stepTypes.value = types;
    functions.value = fns;
    take(loaded);
  }

  function take(loaded: Workflow): void {
    workflow.value = loaded;
    name.value = loaded.name;
    draft.value = loaded.definition ?? { trigger: { type: 'MANUAL' }, steps: [] };
    dirty.value = false;
    problem.value = loaded.problem ? { node: null, setting: null, message: loaded.problem } : null;
  }

  function edit(next: WorkflowDefinition): void {
    draft.value = next;
    dirty.value = true;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let checkSeq = 0;
  async function check(): Promise<void> {
    const seq = ++checkSeq;
    checking.value = true;
    try {
      await checkDefinition(draft.value);
      if (seq === checkSeq) problem.value = null;
    } catch (e) {
      if (seq === checkSeq) problem.value = problemOf(e);
    } finally {
      if (seq === checkSeq) checking.value = false;
    }
  }
  watch(draft, () => {
    if (!dirty.value) return;
    clearTimeout(timer);
    timer = setTimeout(() => void check(), CHECK_DELAY_MS);
  });

  /** Saves name and draft; a definition the server refuses is shown as the problem and not saved. */
  async function save(): Promise<void> {
    try {
      take(await updateWorkflow(id(), { name: name.value.trim(), definition: draft.value }));
    } catch (e) {
      problem.value = problemOf(e);
      throw e;
    }
  }

  /** Activates (saving the draft first when edited) or deactivates. */
  async function setActive(active: boolean): Promise<void> {
    if (active && (dirty.value || name.value !== workflow.value?.name)) await save();
    try {
      take(await setWorkflowActive(id(), active));
    } catch (e) {
      problem.value = problemOf(e);
      throw e;
    }
  }

  return {
    workflow,
    draft,
    name,
    dirty,
    stepTypes,
    typeMap,
    functions,
    problem,
    checking,
    load,
    edit,
    save,
    setActive,
  };
}

export type WorkflowEditor = ReturnType<typeof useWorkflowEditor>;
