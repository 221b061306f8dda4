import { systemEntity } from '../../system';
import { readWorkspaceSettings, type WorkspaceSettings, workspaceSettingsChanges } from '../../workspace';
import type { BundleSection } from '../bundle-section';
import { fileError, readDocument, toYaml } from '../bundle-yaml';
import { inFile } from './section-refs';
import { settingsDocument, settingsToDocument } from './settings-document';

const FILE = 'settings/workspace.yaml';

/** `settings/workspace.yaml`: the workspace's name, currency, time zone, date format and logo. */
export const settingsSection: BundleSection<Partial<WorkspaceSettings>> = {
  name: 'settings',
  folder: 'settings',

  async export(ctx) {
    const settings = await readWorkspaceSettings(ctx.tx, ctx.workspaceId);
    return [{ path: FILE, content: toYaml(settingsToDocument(settings)) }];
  },

  async plan(ctx, files) {
    const file = files.find((f) => f.path === FILE);
    const other = files.find((f) => f.path !== FILE);
    if (other) throw fileError(other.path, '', `the settings section holds only ${FILE}.`);
    if (!file) return { steps: [], kept: [] };
    const doc = readDocument(file, settingsDocument);
    const now = settingsToDocument(await readWorkspaceSettings(ctx.tx, ctx.workspaceId));
    const changed = (Object.keys(doc) as Array<keyof typeof doc>).filter((key) => doc[key] !== now[key]);
    if (!changed.length) return { steps: [], kept: [] };
    const changes = await inFile({ file: FILE }, () =>
      workspaceSettingsChanges(Object.fromEntries(changed.map((key) => [key, doc[key]]))),
    );
    return {
      steps: [
        {
          section: 'settings',
          kind: 'update',
          target: 'workspace settings',
          sql: [],
          summary: changed.map((key) => (key === 'logo' ? 'Change the logo.' : `Set ${key} to “${doc[key]}”.`)),
          impact: { affectedRows: null, droppedRows: null },
          warnings: [],
          payload: changes,
        },
      ],
      kept: [],
    };
  },

  async apply(ctx, steps) {
    const em = await ctx.tx.entities();
    const workspace = await em.findOneOrFail(systemEntity.Workspace, { id: ctx.workspaceId });
    for (const step of steps) em.assign(workspace, step.payload);
    await em.flush();
  },
};
