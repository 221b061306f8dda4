import { type ComputedRef, computed, type InjectionKey } from 'vue';
import type { ObjectMeta } from '../api/metadata-types';
import { findObject } from '../metadata/metadata-store';
import type { ScopeRoot } from './completions';
import type { ExpressionFunction, WorkflowDefinition } from './workflows-api';

/** What the editor's expression inputs may complete: scope names and library functions. */
export interface EditorScope {
  roots: ComputedRef<ScopeRoot[]>;
  functions: ComputedRef<ExpressionFunction[]>;
}

export const SCOPE_KEY: InjectionKey<EditorScope> = Symbol('workflow-editor-scope');

const STANDARD = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId'].map((name) => ({
  name,
  detail: 'standard',
}));

function recordRoot(name: string, detail: string, object: ObjectMeta): ScopeRoot {
  const fields = object.fields.map((f) => ({ name: f.name, detail: `${f.label} · ${f.type.toLowerCase()}` }));
  return { name, detail, members: [...STANDARD, ...fields] };
}

/**
 * The names every expression of the draft starts from, as the server's workflow scope has them:
 * `record` (and `previous` on updates) with the trigger object's fields, `actor`, `workflow`,
 * `trigger` for schedules and webhooks, and `steps.<key>` for the steps.
 */
export function scopeRoots(definition: WorkflowDefinition): ScopeRoot[] {
  const { trigger } = definition;
  const object = trigger.object ? findObject(trigger.object) : undefined;
  const roots: ScopeRoot[] = [];
  if (object)
    roots.push(recordRoot('record', `the ${object.labelSingular.toLowerCase()} that triggered the run`, object));
  if (object && trigger.type === 'RECORD_UPDATED')
    roots.push(recordRoot('previous', 'its values before the update', object));
  if (trigger.type === 'SCHEDULE')
    roots.push({ name: 'trigger', detail: 'the schedule', members: [{ name: 'firedAt', detail: 'datetime' }] });
  if (trigger.type === 'WEBHOOK')
    roots.push({
      name: 'trigger',
      detail: 'the webhook call',
      members: ['payload', 'headers'].map((name) => ({ name, detail: 'any' })),
    });
  roots.push(
    { name: 'actor', detail: 'who caused the run', members: ['id', 'kind'].map((name) => ({ name, detail: 'text' })) },
    {
      name: 'workflow',
      detail: 'this run',
      members: ['id', 'version', 'runId'].map((name) => ({ name, detail: 'workflow' })),
    },
    {
      name: 'steps',
      detail: 'outputs of earlier steps',
      members: definition.steps.map((s) => ({ name: s.key, detail: s.type })),
    },
    { name: 'item', detail: 'the current item, inside a loop', members: [] },
  );
  return roots;
}

export function editorScope(definition: () => WorkflowDefinition, functions: () => ExpressionFunction[]): EditorScope {
  return { roots: computed(() => scopeRoots(definition())), functions: computed(functions) };
}
