import type { SqlExecutor } from '../../db';
import { badInput } from '../../errors';
import type { WorkspaceSnapshot } from '../../metadata';
import type { WorkflowDefinition } from './definition-schema';

const FIELD = 'definition.trigger.form';

/**
 * A FORM trigger's form must be a form of this workspace that collects the trigger's object: a
 * form id of another workspace, or one that does not exist, would never start a run.
 * @param definition a stored definition (the trigger's object as its id)
 * @throws BAD_USER_INPUT on `definition.trigger.form`
 */
export async function checkTriggerForm(
  db: SqlExecutor,
  snapshot: WorkspaceSnapshot,
  definition: WorkflowDefinition,
): Promise<void> {
  const trigger = definition.trigger;
  if (trigger.type !== 'FORM' || !trigger.form) return;
  const { rows } = await db.query<{ object_id: string; name: string }>(
    'select object_id, name from relata.forms where id = $1 and workspace_id = $2',
    [trigger.form, snapshot.workspaceId],
  );
  const form = rows[0];
  if (!form) throw badInput(FIELD, `${FIELD}: there is no form ${trigger.form} in this workspace.`);
  if (form.object_id !== trigger.object) {
    const collects = snapshot.objects.find((o) => o.id === form.object_id)?.labelSingular ?? 'another object';
    const wanted = snapshot.objects.find((o) => o.id === trigger.object)?.labelSingular ?? trigger.object;
    throw badInput(FIELD, `${FIELD}: form "${form.name}" collects ${collects} records, not ${wanted} records.`);
  }
}
