import { badInput, isRelataError } from '../../errors';
import type { ChangeOptions, MetadataChange, MetadataService } from '../../metadata';
import type { ContributedBundle } from './contributed-metadata';

/** `bundle.objects[1].fields[3].type` as the metadata planner names a part of the bundle. */
const BUNDLE_PATH = /^bundle\.objects\[(\d+)\](?:\.fields\[(\d+)\])?/;

/**
 * Plans or applies a plugin's contributed metadata through the metadata planner; its errors,
 * which point into the generated bundle by array position, are re-rooted at the manifest's keys
 * (`relata.contributes.objects.ticket.fields.priority.type`), so the plugin author sees which
 * object and field of their manifest is wrong.
 * @throws BAD_USER_INPUT naming the manifest key
 */
export async function applyContributed(
  metadata: MetadataService,
  workspaceId: string,
  contributed: ContributedBundle,
  options: ChangeOptions & { dryRun: boolean },
): Promise<MetadataChange> {
  try {
    return await metadata.applyBundle(workspaceId, contributed.bundle, options);
  } catch (error) {
    const field = isRelataError(error) ? error.details.field : undefined;
    const match = typeof field === 'string' ? BUNDLE_PATH.exec(field) : null;
    const origin = match ? contributed.origins[Number(match[1])] : undefined;
    const key = match?.[2] === undefined ? origin?.object : origin?.fields[Number(match[2])];
    if (!isRelataError(error) || !match || !key) throw error;
    const path = key + (field as string).slice(match[0].length);
    const { field: _field, ...details } = error.details;
    throw badInput(path, error.message.replaceAll(field as string, path), details);
  }
}
