export type { ChangeEvent, ChangeKind } from './change-event';
export { AUTH_CHANNEL, METADATA_CHANNEL, RECORD_EVENTS_CHANNEL } from './change-event';
export { EventBus } from './event-bus';
