import type { JobSpec } from '../jobs';
import type { ChangeLogEntry } from './change-log';

/**
 * What the writes of a record service made inside a caller's transaction still owe that
 * transaction: their audit rows and NOTIFYs (`changeLogCtes` writes them) and their change jobs.
 * The caller writes them in one statement of its own before it commits; a rollback drops them
 * with the writes, as it would have dropped the rows.
 */
export class DeferredChanges {
  readonly entries: ChangeLogEntry[] = [];
  readonly jobs: JobSpec[] = [];
}
