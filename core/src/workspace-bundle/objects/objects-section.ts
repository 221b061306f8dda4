import { workspaceIndexRows } from '../../indexes';
import type { BundleFile, BundleSection } from '../bundle-section';
import { toYaml } from '../bundle-yaml';
import { objectDocument } from './export-objects';
import { applyObjectSteps, type ObjectStepPayload, planObjects } from './plan-objects';

/** `objects/<key>.yaml`: objects with their fields and indexes; first, since every other section names them. */
export const objectsSection: BundleSection<ObjectStepPayload> = {
  name: 'objects',
  folder: 'objects',
  noun: 'object',
  async export(ctx): Promise<BundleFile[]> {
    const indexes = await workspaceIndexRows(ctx.tx, ctx.workspaceId);
    return [...ctx.before.objects]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((object) => ({
        path: `objects/${object.key}.yaml`,
        content: toYaml(objectDocument(ctx.keys, object, indexes)),
      }));
  },
  plan: planObjects,
  apply: applyObjectSteps,
};
