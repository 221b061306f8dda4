import type { SqlExecutor } from '../../db';
import { enqueueJobs } from '../../jobs';
import { createNotification } from '../../notifications';
import { WORKFLOW_MAIL_TASK, type WorkflowMail, type WorkflowMailPort } from './workflow-mail';

/** The failed run, as its alert names it. */
export interface FailedRun {
  id: string;
  workspaceId: string;
  workflowId: string;
  recordId: string | null;
  objectId: string | null;
  step: string;
  /** The failing step's attempt: a run retried and failed again alerts again. */
  attempt: number;
  error: string;
}

interface Owner {
  user_id: string;
  email: string;
  workflow_name: string;
}

/**
 * Tells a failed run's owner (the member who created the workflow, else who last changed it): a
 * notification, and a mail when the node has a mail transport. Both in the failure's transaction:
 * the alert exists exactly when the run is marked failed.
 */
export async function alertRunOwner(tx: SqlExecutor, mail: WorkflowMailPort | null, run: FailedRun): Promise<void> {
  const { rows } = await tx.query<Owner>(
    `select u.id as user_id, u.email, w.name as workflow_name
     from relata.workflows w
     join relata.users u on u.id = coalesce(w.created_by, w.updated_by)
     join relata.workspace_members m on m.user_id = u.id and m.workspace_id = w.workspace_id
     where w.id = $1 and u.is_active`,
    [run.workflowId],
  );
  const owner = rows[0];
  if (!owner) return;
  const title = `Workflow "${owner.workflow_name}" failed`;
  await createNotification(tx, {
    workspaceId: run.workspaceId,
    userId: owner.user_id,
    title,
    body: run.error,
    objectId: run.objectId,
    recordId: run.recordId,
    runId: run.id,
  });
  if (!mail?.configured) return;
  const site = `${run.id}.failed.${run.step}.${run.attempt}`;
  const message: WorkflowMail = {
    to: [owner.email],
    subject: title,
    text: `${run.error}\n\nRun ${run.id}: retry it from the workflow's run history once the cause is fixed.`,
    messageId: `<${site}@workflow.relata>`,
  };
  await enqueueJobs(tx, [
    { task: WORKFLOW_MAIL_TASK, payload: message, key: `workflow-alert:${site}`, maxAttempts: 10 },
  ]);
}
