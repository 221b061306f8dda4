import { computed, ref } from 'vue';
import { fetchDataModel, fetchDataModelVersion } from '../api/data-model-api';
import { fetchMetadataVersion, fetchObjects } from '../api/metadata-api';
import type { FieldMeta, InverseRelation, ObjectMeta } from '../api/metadata-types';
import { session } from '../api/session';
import { dropCachedModel, readCachedModel, writeCachedModel } from './metadata-cache';

// A page opened afresh starts from the model this session last loaded (metadata-cache.ts).
const cached = readCachedModel(session.value);
const objects = ref<ObjectMeta[]>(cached?.objects ?? []);
const version = ref(cached?.version ?? 0);
const loading = ref(false);
const error = ref<string | null>(null);
let inflight: Promise<void> | null = null;
/** Whether the objects shown were loaded by this page, rather than read from the cache. */
let loadedHere = false;

/**
 * Admins edit the whole data model (from `/metadata`); every other member sees the objects and
 * fields their role reads (from `/graphql`).
 */
const isAdmin = () => session.value?.role === 'admin';

/** The workspace's objects as last loaded, shared by every screen. */
export const metadata = {
  objects: computed(() => objects.value),
  version: computed(() => version.value),
  loading: computed(() => loading.value),
  error: computed(() => error.value),
};

/** Loads (or reloads) the workspace metadata; concurrent callers share one request. */
export function loadMetadata(): Promise<void> {
  inflight ??= (async () => {
    loading.value = true;
    try {
      const result = isAdmin() ? await fetchObjects() : await fetchDataModel();
      // The same model again keeps the objects screens were built with: no list redrawn for nothing.
      const same = result.version === version.value && JSON.stringify(result.objects) === JSON.stringify(objects.value);
      if (!same) {
        objects.value = result.objects;
        version.value = result.version;
      }
      loadedHere = true;
      writeCachedModel(session.value, result.version, result.objects);
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
      inflight = null;
    }
  })();
  return inflight;
}

/**
 * Loads the model unless this page loaded it already: one read from the cache is shown at once
 * and revalidated here, in parallel with what the screens drawn with it ask for.
 */
export function ensureMetadata(): Promise<void> {
  return loadedHere ? Promise.resolve() : loadMetadata();
}

/** The server's metadata version now: loaded objects are stale when it differs from `metadata.version`. */
export function fetchCurrentVersion(): Promise<number> {
  return isAdmin() ? fetchMetadataVersion() : fetchDataModelVersion();
}

/** Drops loaded metadata (on sign-out) so the next workspace starts clean. */
export function clearMetadata(): void {
  objects.value = [];
  version.value = 0;
  loadedHere = false;
  dropCachedModel();
}

/** Finds an object by its singular or plural API name. */
export function findObject(name: string): ObjectMeta | undefined {
  return objects.value.find((o) => o.nameSingular === name || o.namePlural === name);
}

/** The field used as a record's title: the object's label field, else its first text-like field. */
export function titleField(object: ObjectMeta): FieldMeta | undefined {
  const named = object.labelField ? object.fields.find((f) => f.name === object.labelField) : undefined;
  return named ?? object.fields.find((f) => f.type === 'TEXT' || f.type === 'FULL_NAME' || f.type === 'EMAIL');
}

/** Relations defined on other objects (or this one) that point at `object`: its to-many lists. */
export function inverseRelations(object: ObjectMeta): InverseRelation[] {
  const result: InverseRelation[] = [];
  for (const owner of objects.value) {
    for (const field of owner.fields) {
      const relation = field.settings.relation;
      if (field.type !== 'RELATION' || !relation || relation.target !== object.nameSingular) continue;
      result.push({
        owner,
        field,
        name: relation.inverseName,
        label: relation.inverseLabel || humanize(relation.inverseName),
        kind: relation.kind === 'MANY_TO_MANY' ? 'MANY_TO_MANY' : 'ONE_TO_MANY',
      });
    }
  }
  return result;
}

/** `closeDate` -> `Close date` */
export function humanize(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** `Opportunity` type name of an object in the data schema. */
export function typeName(object: ObjectMeta): string {
  return object.nameSingular.charAt(0).toUpperCase() + object.nameSingular.slice(1);
}
