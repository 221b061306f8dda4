import type { ObjectMeta } from '../api/metadata-types';
import type { Session } from '../api/session';

/**
 * The last loaded data model, kept in localStorage so that a page opened afresh (a link, a reload)
 * draws its list at once with it and asks for its first rows in parallel with the data model's
 * revalidation, instead of after it (issue 14: first rows under 1 s). It is only a head start: the
 * shell always loads the data model again, and a newer version remounts what was drawn with the
 * old one. It holds names and labels, no records; it is dropped on sign-out.
 */
const KEY = 'relata.metadata';

interface CachedModel {
  /** Whose model it is: workspace, account and role (a member's model is what their role reads). */
  owner: string;
  version: number;
  objects: ObjectMeta[];
}

const ownerOf = (session: Session) => JSON.stringify([session.workspace, session.email, session.role ?? null]);

/** The cached model of this session, or null when there is none or it belongs to someone else. */
export function readCachedModel(session: Session | null): { version: number; objects: ObjectMeta[] } | null {
  if (!session) return null;
  try {
    const cached = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<CachedModel> | null;
    // Written by an older studio or by hand: anything of another shape is ignored, not trusted.
    if (!cached || cached.owner !== ownerOf(session)) return null;
    if (typeof cached.version !== 'number' || !Array.isArray(cached.objects)) return null;
    const wellFormed = cached.objects.every(
      (o) => typeof o?.nameSingular === 'string' && typeof o.namePlural === 'string' && Array.isArray(o.fields),
    );
    return wellFormed ? { version: cached.version, objects: cached.objects } : null;
  } catch {
    return null;
  }
}

/** Keeps the model just loaded for the next page load of this session. */
export function writeCachedModel(session: Session | null, version: number, objects: ObjectMeta[]): void {
  if (!session) return;
  try {
    localStorage.setItem(KEY, JSON.stringify({ owner: ownerOf(session), version, objects } satisfies CachedModel));
  } catch {
    // Storage full or disabled: the next page load simply waits for the model.
    localStorage.removeItem(KEY);
  }
}

export function dropCachedModel(): void {
  localStorage.removeItem(KEY);
}
