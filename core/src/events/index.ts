export type { ChangeEvent, ChangeKind } from './change-event';
export { AUTH_CHANNEL, METADATA_CHANNEL, RECORD_EVENTS_CHANNEL } from './change-event';
export { type ChangeBatch, changeEventsOf } from './change-notice';
export { durableChanges } from './durable-changes';
export { EventBus } from './event-bus';
export {
  currentEventCursor,
  type LoggedChange,
  parseEventCursor,
  pruneRecordEvents,
  RECORD_EVENTS_TABLE,
  readRecordEvents,
} from './record-event-log';
