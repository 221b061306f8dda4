import type { ChangeEvent } from './change-event';

/**
 * Many records' changes of one kind, object, version and actor at once: what a bulk import
 * NOTIFYs, its record ids listed once instead of one whole event each (a 100k import sent 25 MB
 * of repeated fields, built in SQL for every row and parsed again on every node).
 */
export interface ChangeBatch extends Omit<ChangeEvent, 'recordId'> {
  recordIds: string[];
}

/** What one `relata_events` payload holds: one event, or a JSON array of events and batches. */
type ChangeNotice = ChangeEvent | Array<ChangeEvent | ChangeBatch>;

const isBatch = (item: ChangeEvent | ChangeBatch): item is ChangeBatch =>
  Array.isArray((item as Partial<ChangeBatch>).recordIds);

/**
 * The change events of a `relata_events` NOTIFY payload, in order: a single event (a record
 * write), or an array of events and batches (a bulk import), each batch as one event per id.
 * @throws SyntaxError when the payload is not JSON
 */
export function changeEventsOf(payload: string): ChangeEvent[] {
  const notice = JSON.parse(payload) as ChangeNotice;
  if (!Array.isArray(notice)) return [notice];
  return notice.flatMap((item) => {
    if (!isBatch(item)) return [item];
    const { recordIds, ...shared } = item;
    return recordIds.map((recordId) => ({ ...shared, recordId }));
  });
}
