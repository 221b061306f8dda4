import { z } from 'zod';
import { definitionSchema, type StepDefinition } from '../../workflows';
import { type BundleRefs, type DocumentSite, knownId, knownKey } from './bundle-refs';
import { documentKey } from './document-schema';
import { jsonToIds, jsonToKeys } from './id-tokens';
import { usersFromEmails, usersToEmails } from './step-users';
import { filterFromFile, filterToFile } from './stored-filters';

/**
 * `workflows/<key>.yaml`: a workflow's name, whether it runs, and the definition it runs (its
 * draft when it has one, else its published version); never its runs or older versions.
 * Objects, the trigger's form, round-robin roles and the role it runs as (`runAs`) are written by key, fields as
 * `{object.field}` wherever the stored definition holds their ids (expressions, conditions),
 * and the users steps name (round robins, notifications, owners) by their email (see step-users).
 */
export const workflowDocument = z.strictObject({
  key: documentKey,
  name: z.string().min(1),
  description: z.string().nullable(),
  active: z.boolean(),
  /** Checked in full (step types, settings, expressions) when planned against the workspace. */
  definition: definitionSchema.extend({ trigger: z.looseObject({ type: z.string() }), runAs: documentKey.optional() }),
});
export type WorkflowDocument = z.infer<typeof workflowDocument>;

/** What a workflow's file sets: its row's name, description and activity, and one definition. */
export interface WorkflowValues {
  key: string;
  name: string;
  description: string | null;
  active: boolean;
  /**
   * The stored form (ids), as `storeDefinition` writes it; read from a file, `runAs` holds the
   * role's name until the apply stores its id (the role may be created by the same bundle).
   */
  definition: { trigger: Record<string, unknown>; steps: StepDefinition[]; atomic?: boolean; runAs?: string | null };
}

/** The step types whose `role` setting names a role (by name in storage, by key in files). */
export const ROLE_SETTING_STEPS: ReadonlySet<string> = new Set(['assign_owner']);
const isPluginStep = (type: string) => type.startsWith('plugin:');
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A step with its entries in reading order (key, type, name, settings, next, position). */
function inFileOrder(step: StepDefinition, settings: Record<string, unknown>): StepDefinition {
  const { key, type, name, next, position } = step;
  return {
    key,
    type,
    ...(name !== undefined && { name }),
    settings,
    ...(next !== undefined && { next }),
    ...(position !== undefined && { position }),
  };
}

export function workflowToDocument(row: WorkflowValues, refs: BundleRefs, site: DocumentSite): WorkflowDocument {
  const { trigger, steps, atomic, runAs } = row.definition;
  const outTrigger = filterToFile(trigger, refs, site, 'definition.trigger') as Record<string, unknown>;
  if (text(trigger.object))
    outTrigger.object = knownKey(site, 'definition.trigger.object', refs.objectKey(text(trigger.object)!), 'object');
  if (text(trigger.form))
    outTrigger.form = knownKey(site, 'definition.trigger.form', refs.rowKey('form', text(trigger.form)!), 'form');
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    active: row.active,
    definition: {
      // The trigger's type and object first: files read top-down (storage orders keys its own way).
      trigger: {
        type: trigger.type,
        ...('object' in outTrigger && { object: outTrigger.object }),
        ...outTrigger,
      } as WorkflowDocument['definition']['trigger'],
      steps: steps.map((step, i) => {
        const at = `definition.steps[${i}].settings`;
        const settings = jsonToKeys(
          isPluginStep(step.type) ? step.settings : usersToEmails(step.settings, refs, site, at),
          refs,
        ) as Record<string, unknown>;
        const object = text(step.settings.object);
        if (object && !isPluginStep(step.type))
          settings.object = knownKey(site, `${at}.object`, refs.objectKey(object), 'object');
        const role = text(step.settings.role);
        if (role && ROLE_SETTING_STEPS.has(step.type))
          settings.role = knownKey(site, `${at}.role`, refs.roleKey(role), 'role');
        return inFileOrder(step, settings);
      }),
      ...(atomic && { atomic }),
      ...(runAs && { runAs: knownKey(site, 'definition.runAs', refs.roleKeyOfId(runAs), 'role') }),
    },
  };
}

export function workflowFromDocument(doc: WorkflowDocument, refs: BundleRefs, site: DocumentSite): WorkflowValues {
  const { trigger, steps, atomic, runAs } = doc.definition;
  const outTrigger = filterFromFile(trigger, refs, site, 'definition.trigger') as Record<string, unknown>;
  const object = text(trigger.object);
  if (object)
    outTrigger.object = knownId(site, 'definition.trigger.object', refs.objectId(object), `object "${object}"`);
  const form = text(trigger.form);
  if (form) outTrigger.form = knownId(site, 'definition.trigger.form', refs.rowId('form', form), `form "${form}"`);
  return {
    key: doc.key,
    name: doc.name,
    description: doc.description,
    active: doc.active,
    definition: {
      trigger: outTrigger,
      steps: steps.map((step, i) => {
        const at = `definition.steps[${i}].settings`;
        const named = isPluginStep(step.type) ? step.settings : usersFromEmails(step.settings, refs, site, at);
        const settings = jsonToIds(named, refs, site, at) as Record<string, unknown>;
        const stepObject = text(step.settings.object);
        if (stepObject && !isPluginStep(step.type))
          settings.object = knownId(site, `${at}.object`, refs.objectId(stepObject), `object "${stepObject}"`);
        const role = text(step.settings.role);
        if (role && ROLE_SETTING_STEPS.has(step.type))
          settings.role = knownId(site, `${at}.role`, refs.roleName(role), `role "${role}"`);
        return { ...step, settings };
      }),
      ...(atomic && { atomic }),
      ...(runAs && { runAs: knownId(site, 'definition.runAs', refs.roleName(runAs), `role "${runAs}"`) }),
    },
  };
}
