import {
  ACTIVITY_TARGETS_TABLE,
  badInput,
  createRecordService,
  type ObjectMetadata,
  type ObjectPermission,
  qualify,
  type RecordValues,
  type RolePermissions,
  type TransactionExecutor,
  transactionAsDatabase,
} from '@relata/core';
import { z } from 'zod';
import { parseInput } from '../auth';
import { getPortalCase, type PortalCase } from './portal-cases';
import { messageColumns, type PortalMessage } from './portal-conversation';
import { notShown, type PortalView, type ShownObject } from './portal-view';

const replyInput = z.strictObject({
  body: z.string().trim().min(1, 'Write your message.').max(20_000, 'Keep a message under 20,000 characters.'),
});

const newCaseInput = z.strictObject({
  values: z.record(z.string(), z.unknown()),
});

/** The fields of a portal message the contact's reply sets (the server fills every one of them). */
const REPLY_FIELDS = ['channel', 'direction', 'subject', 'body', 'fromAddress', 'sentAt'];

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text as the RICH_TEXT body of a message: one paragraph per blank-line block, line breaks kept. */
export const textToHtml = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((block) => `<p>${escapeHtml(block.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');

/**
 * The portal user's rights plus creating records of `object` with only `writable` fields: what
 * the record service checks the portal's own writes against (its reads keep the portal rights,
 * so a reference to a record the contact cannot see is refused as for any role).
 */
function withCreate(view: PortalView, object: ObjectMetadata, writable: readonly string[]): RolePermissions {
  const objects = new Map(view.permissions.objects);
  const base = objects.get(object.nameSingular);
  const permission: ObjectPermission = {
    read: base?.read ?? false,
    create: true,
    update: false,
    delete: false,
    scope: base?.scope ?? 'all',
    condition: base?.condition ?? null,
    hiddenFields: base?.hiddenFields ?? new Set(),
    readOnlyFields: new Set(object.fields.filter((f) => !writable.includes(f.name)).map((f) => f.name)),
  };
  objects.set(object.nameSingular, permission);
  return { role: view.permissions.role, unrestricted: false, objects };
}

/** Writes through the record service, as the portal user, in one transaction with `andThen`. */
async function createAsViewer<T>(
  view: PortalView,
  object: ObjectMetadata,
  writable: readonly string[],
  data: RecordValues,
  andThen: (tx: TransactionExecutor, record: RecordValues) => Promise<T>,
): Promise<T> {
  const { deps, snapshot, viewer } = view;
  return deps.db.transaction(async (tx) => {
    const writer = createRecordService({ db: transactionAsDatabase(tx), events: deps.events, hooks: deps.hooks });
    const record = await writer.create(
      {
        snapshot,
        actor: { kind: 'portal', id: viewer.recordId, role: view.permissions.role },
        via: 'api',
        permissions: withCreate(view, object, writable),
      },
      object.nameSingular,
      data,
    );
    return andThen(tx, record);
  });
}

async function viewerEmail(view: PortalView): Promise<string | null> {
  const { rows } = await view.deps.db.query<{ email: string }>('select email from relata.portal_users where id = $1', [
    view.viewer.portalUserId,
  ]);
  return rows[0]?.email ?? null;
}

/**
 * The contact's reply on one of their cases: a `message` (PORTAL, INBOUND, unanswered, so it
 * waits in the agents' inbox) linked to the case and to the contact's record, in one transaction.
 * A case that is not the viewer's answers NOT_FOUND as a missing one does.
 */
export async function replyToCase(
  view: PortalView,
  shown: ShownObject,
  caseId: string,
  raw: unknown,
): Promise<PortalMessage> {
  const found = await getPortalCase(view, shown, caseId);
  const columns = messageColumns(view);
  if (!columns) throw notShown('conversation');
  const { body } = parseInput(replyInput, raw);
  const contact = view.snapshot.objects.find((o) => o.nameSingular === view.viewer.object)!;
  const sentAt = new Date().toISOString();
  const data: RecordValues = {
    channel: 'PORTAL',
    direction: 'INBOUND',
    subject: `Re: ${found.title ?? shown.object.labelSingular}`.slice(0, 998),
    body: textToHtml(body),
    fromAddress: await viewerEmail(view),
    sentAt,
  };
  const table = qualify(view.snapshot.schemaName, ACTIVITY_TARGETS_TABLE);
  return createAsViewer(view, columns.object, REPLY_FIELDS, data, async (tx, record) => {
    await tx.query(
      `insert into ${table} ("activity_object_id", "activity_id", "target_object_id", "target_id", "created_by")
       values ($1, $2, $3, $4, $6), ($1, $2, $5, $6, $6)`,
      [columns.object.id, record.id, shown.object.id, found.id, contact.id, view.viewer.recordId],
    );
    return {
      id: String(record.id),
      channel: 'PORTAL',
      direction: 'INBOUND',
      subject: (record.subject as string | null) ?? null,
      body: (record.body as string | null) ?? null,
      at: sentAt,
    };
  });
}

/**
 * A new case of `shown` opened by the contact: only the configured create fields are accepted
 * (any other key, the contact relation included, is refused naming it), and the case is linked
 * to the viewer's own record by the server.
 */
export async function openPortalCase(view: PortalView, shown: ShownObject, raw: unknown): Promise<PortalCase> {
  if (!shown.config.allowCreate) throw notShown(`new ${shown.object.labelSingular.toLowerCase()} form`);
  const { values } = parseInput(newCaseInput, raw);
  const allowed = new Set(shown.config.createFields);
  const data: RecordValues = Object.create(null);
  for (const [key, value] of Object.entries(values)) {
    if (!allowed.has(key)) throw badInput(`values.${key}`, `values.${key}: this field cannot be set from the portal.`);
    data[key] = value;
  }
  data[`${shown.config.contactField}Id`] = view.viewer.recordId;
  const writable = [...allowed, shown.config.contactField];
  const id = await createAsViewer(view, shown.object, writable, { ...data }, async (_tx, record) => String(record.id));
  return getPortalCase(view, shown, id);
}
