import { grantedObject, type ObjectGrant, type PluginManifest } from '../manifest';

/**
 * A manifest's permissions as the lines an admin approves: `read company`, `write person: email,
 * phone`, `http api.example.com`. Upgrades compare these lines: any line the new version asks for
 * that the approved one did not is a new permission (a narrower field list reads as a new line,
 * so it asks again: the safe side).
 */
export function permissionLines(manifest: PluginManifest): string[] {
  const line = (kind: string) => (grant: ObjectGrant) =>
    typeof grant === 'string' ? `${kind} ${grant}` : `${kind} ${grantedObject(grant)}: ${grant.fields.join(', ')}`;
  return [
    ...manifest.permissions.read.map(line('read')),
    ...manifest.permissions.write.map(line('write')),
    ...manifest.permissions.http.map((host) => `http ${host}`),
    ...manifest.contributes.objects.map((object) => `own object ${object.nameSingular}`),
  ];
}

/** What `next` asks for beyond `approved`, and what it no longer asks for. */
export function permissionDiff(approved: readonly string[], next: readonly string[]) {
  const before = new Set(approved);
  const after = new Set(next);
  return {
    added: next.filter((it) => !before.has(it)),
    removed: approved.filter((it) => !after.has(it)),
  };
}
