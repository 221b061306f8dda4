import type { Database } from '../db';
import { badInput, conflict, ErrorCode, notFound, RelataError } from '../errors';
import { enqueueJobs } from '../jobs';
import type { Actor } from '../records';
import type { SecretStore } from '../secrets';
import { beginRun, compilePayloadSchema, type Trigger } from '../workflows';
import { SIGNATURE_WINDOW_SECONDS, type SignedRequest, signatureProblem } from './webhook-signature';

/** Largest inbound webhook body. */
export const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WEBHOOK_ACTOR: Actor = { kind: 'system', id: null, role: 'admin' };

/** Name of a workflow's webhook secret in the workspace's secret store. */
export const webhookSecretName = (workflowId: string) => `webhook.${workflowId.toLowerCase()}`;

/** Path of a workflow's inbound webhook on every node. */
export const webhookPath = (workflowId: string) => `/hooks/workflows/${workflowId}`;

export interface InboundWebhook extends SignedRequest {
  workflowId: string;
  contentType: string | undefined;
}

interface WebhookVersion {
  id: string;
  workflow_id: string;
  workspace_id: string;
  definition: { trigger: Trigger; steps: { key: string }[] };
}

function parsePayload(request: InboundWebhook, trigger: Trigger): unknown {
  if (!/^application\/(.+\+)?json\b/i.test(request.contentType ?? ''))
    throw badInput('body', 'Send the payload as JSON (Content-Type: application/json).');
  let payload: unknown;
  try {
    payload = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw badInput('body', 'The body is not valid JSON.');
  }
  if (trigger.type !== 'WEBHOOK' || !trigger.payloadSchema) return payload;
  const checked = compilePayloadSchema(trigger.payloadSchema).safeParse(payload);
  if (checked.success) return payload;
  const issue = checked.error.issues[0]!;
  const at = ['payload', ...issue.path.map(String)].join('.');
  throw badInput(at, `${at}: ${issue.message}`);
}

/**
 * Starts a run of an active webhook workflow from a signed request (see `signatureProblem`). A
 * signature is accepted once: the seen signatures of the last window are stored, and a replay
 * is refused with CONFLICT. The payload is the run's `trigger.payload`.
 * @throws NOT_FOUND for a workflow that is not an active webhook workflow (or has no secret yet)
 * @throws UNAUTHENTICATED for a missing, stale or wrong signature
 * @throws BAD_USER_INPUT for a body that is not JSON or breaks the declared payload schema
 * @throws CONFLICT for a replayed signature
 */
export async function receiveWebhook(
  deps: { db: Database; secrets: SecretStore },
  request: InboundWebhook,
  now: Date = new Date(),
): Promise<{ runId: string }> {
  const missing = notFound('There is no active webhook workflow at this address.');
  if (!UUID.test(request.workflowId)) throw missing;
  const { rows } = await deps.db.query<WebhookVersion>(
    `select v.id, v.workflow_id, w.workspace_id, v.definition
     from relata.workflows w
     join relata.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
     where w.id = $1 and w.active and v.trigger_type = 'WEBHOOK'`,
    [request.workflowId],
  );
  const version = rows[0];
  if (!version) throw missing;
  const secret = await deps.secrets.read(version.workspace_id, webhookSecretName(version.workflow_id));
  if (!secret) throw missing;
  const problem = signatureProblem(secret, request, now);
  if (problem) throw new RelataError(ErrorCode.UNAUTHENTICATED, problem);
  const payload = parsePayload(request, version.definition.trigger);
  return deps.db.transaction(async (tx) => {
    // Signatures older than the window cannot pass the time check: they need not be kept.
    await tx.query(
      `delete from relata.webhook_signatures where seen_at < $1::timestamptz - make_interval(secs => $2)`,
      [now, 2 * SIGNATURE_WINDOW_SECONDS],
    );
    const seen = await tx.query(
      `insert into relata.webhook_signatures (workflow_id, signature, seen_at) values ($1, $2, $3)
       on conflict do nothing`,
      [version.workflow_id, request.signature, now],
    );
    if (seen.rowCount === 0)
      throw conflict('This signature was used already; sign each delivery with its own timestamp.', {
        field: 'signature',
      });
    const run = await beginRun(tx, {
      workspaceId: version.workspace_id,
      workflowId: version.workflow_id,
      versionId: version.id,
      firstStep: version.definition.steps[0]?.key ?? null,
      triggerKey: `webhook:${request.signature}`,
      recordId: null,
      input: { trigger: { payload, headers: { timestamp: request.timestamp } }, actor: WEBHOOK_ACTOR },
    });
    if (!run) throw conflict('This signature was used already.', { field: 'signature' });
    await enqueueJobs(tx, run.job ? [run.job] : []);
    return { runId: run.runId };
  });
}
