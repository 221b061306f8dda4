import type { Component } from 'vue';
import { type Activity, activityObjects, fetchActivities } from '../activities/activities-api';
import type { ObjectMeta } from '../api/metadata-types';
import { messageSource } from '../messages/message-timeline-source';
import { fetchHistory, type HistoryEntry } from '../records/history-api';
import { workflowRunSource } from '../workflows/record-runs';

/** Who did something, as the server records it; named for display by `actorLabel`. */
export interface ActorRef {
  id: string | null;
  /** user, apiKey or system; null when only the id is known (activities name their author by id). */
  kind: string | null;
  /** api, studio, import, workflow, plugin, system or recycle-bin; null when not recorded. */
  via: string | null;
}

/** One line of a record's timeline, from any source. */
export interface TimelineEntry {
  key: string;
  /** The filter it falls under: an activity kind, `change`, or a later source's own. */
  kind: string;
  at: string;
  actor: ActorRef;
  activity?: Activity;
  change?: HistoryEntry;
  /** A later source's own entry, drawn by its component (e.g. a workflow run). */
  view?: { component: Component; props: Record<string, unknown> };
}

/**
 * A provider of timeline entries. The timeline merges every source's entries in time order and
 * offers their kinds as filters; workflow runs, mails or plugin events plug in as more sources.
 */
export interface TimelineSource {
  /** Filter chips this source contributes (value = `TimelineEntry.kind`). */
  kinds(): { value: string; label: string }[];
  load(object: ObjectMeta, id: string): Promise<TimelineEntry[]>;
  /** Objects whose changes may add or change entries (the timeline listens to them live). */
  watches(): ObjectMeta[];
}

export const historySource: TimelineSource = {
  kinds: () => [{ value: 'change', label: 'Changes' }],
  async load(object, id) {
    const entries = await fetchHistory(object, id, 100);
    if (entries === null) throw new Error('The change history could not be loaded.');
    return entries.map((change) => ({
      key: `change:${change.id}`,
      kind: 'change',
      at: change.at,
      actor: { id: change.actorId, kind: change.actorKind, via: change.via },
      change,
    }));
  },
  watches: () => [],
};

export const activitySource: TimelineSource = {
  kinds: () => activityObjects().map((k) => ({ value: k.kind, label: k.object.labelPlural })),
  async load(object, id) {
    const activities = await fetchActivities({ object: object.nameSingular, id });
    return activities.map((activity) => ({
      key: `${activity.kind}:${activity.record.id}`,
      kind: activity.kind,
      at: activity.at,
      actor: { id: activity.record.createdBy ?? null, kind: null, via: null },
      activity,
    }));
  },
  watches: () => activityObjects().map((k) => k.object),
};

/** The sources every record timeline shows, in filter order. Add a source here to extend it. */
export const timelineSources: TimelineSource[] = [activitySource, messageSource, historySource, workflowRunSource];

/**
 * Every source's entries for a record, newest first. A source that fails leaves the others
 * shown and is reported in `failed`.
 */
export async function loadTimeline(
  sources: TimelineSource[],
  object: ObjectMeta,
  id: string,
): Promise<{ entries: TimelineEntry[]; failed: string[] }> {
  const results = await Promise.allSettled(sources.map((s) => s.load(object, id)));
  const entries: TimelineEntry[] = [];
  const failed: string[] = [];
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') entries.push(...result.value);
    else
      failed.push(
        sources[i]!.kinds()
          .map((k) => k.label)
          .join(', ') || 'entries',
      );
  });
  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.key.localeCompare(b.key)));
  return { entries, failed };
}
