import { z } from 'zod';
import { badInput } from '../../errors';
import { checkCron } from './cron-check';
import { payloadSchemaSetting } from './payload-schema';

/** Step keys name steps in `steps.<key>` expressions and in edges: short, stable identifiers. */
export const STEP_KEY = /^[a-z][A-Za-z0-9_]{0,62}$/;
export const MAX_STEPS = 200;

const filter = z.record(z.string(), z.unknown());
const objectName = z.string().min(1, 'Name the object (its singular API name).');
const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be an IANA time zone such as Europe/Paris' },
);

export const triggerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('RECORD_CREATED'), object: objectName, condition: filter.nullish() }),
  z.strictObject({
    type: z.literal('RECORD_UPDATED'),
    object: objectName,
    /** Runs only when one of these fields changed (none: any change). */
    fields: z.array(z.string()).max(100).nullish(),
    condition: filter.nullish(),
  }),
  z.strictObject({ type: z.literal('RECORD_DELETED'), object: objectName }),
  z.strictObject({
    type: z.literal('SCHEDULE'),
    cron: z.string().superRefine((cron, ctx) => {
      const problem = checkCron(cron);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    timeZone: timeZone.default('UTC'),
  }),
  z.strictObject({ type: z.literal('MANUAL'), object: objectName }),
  z.strictObject({
    type: z.literal('WEBHOOK'),
    /** JSON Schema every payload must satisfy; none: any JSON. */
    payloadSchema: payloadSchemaSetting.nullish(),
  }),
  z.strictObject({
    type: z.literal('FORM'),
    object: objectName,
    /** The fields the workflow relies on (the form itself decides what is asked); none: any. */
    fields: z.array(z.string()).max(100).nullish(),
    /** Only submissions of this form (id) start runs; none: any form of the object. */
    form: z.guid({ error: 'must be a form id (uuid)' }).nullish(),
  }),
]);
export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerType = Trigger['type'];

export const stepSchema = z.strictObject({
  key: z.string().regex(STEP_KEY, 'A step key starts with a-z and holds letters, digits and _ (at most 63).'),
  type: z.string().min(1),
  name: z.string().max(200).nullish(),
  settings: z.record(z.string(), z.unknown()).default({}),
  /** The step after this one; null or absent: the run ends here (or the loop body does). */
  next: z.string().nullish(),
  /** Where the studio canvas draws the node. */
  position: z.strictObject({ x: z.number(), y: z.number() }).nullish(),
});
export type StepDefinition = z.infer<typeof stepSchema>;

/** A workflow's trigger and steps; the first step runs first. Same shape in the API and in storage. */
export const definitionSchema = z.strictObject({
  trigger: triggerSchema,
  steps: z.array(stepSchema).max(MAX_STEPS, `A workflow holds at most ${MAX_STEPS} steps.`),
  /**
   * All or nothing: the run's steps commit in one transaction, and a failing step rolls back the
   * steps before it (the run retries from its start, then fails with none of its writes). Only
   * for steps that work inside the database (no HTTP, plugin action, wait or loop).
   */
  atomic: z.boolean().optional(),
  /**
   * The role whose rights the run's record steps have (its name in the API, its id in storage);
   * absent: admin, every right. Writes are still audited as the run.
   */
  runAs: z.string().min(1, 'Name a role of the workspace.').nullish(),
});
export type WorkflowDefinition = z.infer<typeof definitionSchema>;

/** Parses a definition from API input; the error names the offending path (`definition.steps.2.key`). */
export function parseDefinition(input: unknown, path = 'definition'): WorkflowDefinition {
  const parsed = definitionSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = [path, ...issue.path.map(String)].join('.');
  throw badInput(at, `${at}: ${issue.message}`);
}
