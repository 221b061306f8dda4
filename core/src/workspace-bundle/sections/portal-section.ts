import { readPortalSettings, storedPortalSettings } from '../../portal';
import { systemEntity } from '../../system';
import type { BundleSection, SectionContext } from '../bundle-section';
import { fileError, readDocument, toYaml } from '../bundle-yaml';
import { canonicalJson } from '../key-filters';
import { portalDocument, portalDocumentInput, portalToDocument } from './portal-document';
import { inFile } from './section-refs';

const FILE = 'portal/portal.yaml';

type StoredPortal = ReturnType<typeof storedPortalSettings>;

async function storedRow(ctx: SectionContext): Promise<StoredPortal | null> {
  const em = await ctx.tx.entities();
  const row = await em.findOne(systemEntity.PortalSetting, { workspace: ctx.workspaceId });
  return row ? { enabled: row.enabled, contactObjectId: row.contactObjectId ?? null, objects: row.objects } : null;
}

/** What changes, in words: on/off, the contact object, the objects shown. */
function summary(before: StoredPortal | null, after: StoredPortal, ctx: SectionContext): string[] {
  const lines: string[] = [];
  if ((before?.enabled ?? false) !== after.enabled)
    lines.push(after.enabled ? 'Turn the portal on.' : 'Turn the portal off.');
  const contact = after.contactObjectId ? ctx.keys.objectKey(after.contactObjectId) : null;
  if ((before?.contactObjectId ?? null) !== after.contactObjectId)
    lines.push(contact ? `Link portal users to ${contact} records.` : 'Unlink portal users from any object.');
  if (canonicalJson(before?.objects ?? []) !== canonicalJson(after.objects)) {
    const shown = after.objects.map((o) => ctx.keys.objectKey(o.objectId)).join(', ');
    lines.push(shown ? `Show ${shown} in the portal.` : 'Show no object in the portal.');
  }
  return lines;
}

/**
 * `portal/portal.yaml`: the customer portal's settings (on/off, the contact object, the objects a
 * contact sees and may open), by key. A workspace that never set the portal exports no file, and
 * a bundle without the file leaves the portal as it is.
 */
export const portalSection: BundleSection<StoredPortal> = {
  name: 'portal',
  folder: 'portal',

  async export(ctx) {
    const stored = await storedRow(ctx);
    if (!stored) return [];
    const doc = portalToDocument(readPortalSettings(ctx.before, stored), ctx.keys);
    return [{ path: FILE, content: toYaml(doc) }];
  },

  async plan(ctx, files) {
    const other = files.find((f) => f.path !== FILE);
    if (other) throw fileError(other.path, '', `the portal section holds only ${FILE}.`);
    const file = files.find((f) => f.path === FILE);
    if (!file) return { steps: [], kept: [] };
    const input = portalDocumentInput(readDocument(file, portalDocument), ctx.keys, FILE);
    // The checks of the settings page, against the workspace as the bundle leaves it.
    const next = await inFile({ file: FILE }, () => storedPortalSettings(ctx.after, input));
    const now = await storedRow(ctx);
    if (now && canonicalJson(now) === canonicalJson(next)) return { steps: [], kept: [] };
    return {
      steps: [
        {
          section: 'portal',
          kind: now ? 'update' : 'create',
          target: 'portal settings',
          sql: [],
          summary: summary(now, next, ctx),
          impact: { affectedRows: null, droppedRows: null },
          warnings: next.enabled
            ? ['Portal users are people, not configuration: invite them from the portal page.']
            : [],
          payload: next,
        },
      ],
      kept: [],
    };
  },

  async apply(ctx, steps) {
    const em = await ctx.tx.entities();
    for (const step of steps)
      await em.upsert(systemEntity.PortalSetting, {
        workspace: ctx.workspaceId,
        ...step.payload,
        updatedAt: new Date(),
      });
  },
};
