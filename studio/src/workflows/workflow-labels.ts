import type { TriggerDefinition } from './workflows-api';

/** Trigger types the editor offers, with what they mean. */
export const TRIGGER_TYPES = [
  { value: 'RECORD_CREATED', label: 'Record created', needsObject: true },
  { value: 'RECORD_UPDATED', label: 'Record updated', needsObject: true },
  { value: 'RECORD_DELETED', label: 'Record deleted', needsObject: true },
  { value: 'MANUAL', label: 'Manual (button)', needsObject: true },
  { value: 'SCHEDULE', label: 'Schedule', needsObject: false },
  { value: 'WEBHOOK', label: 'Inbound webhook', needsObject: false },
  { value: 'FORM', label: 'Form submitted', needsObject: true },
] as const;

/** The trigger in a few words, e.g. "Record created · deal". */
export function triggerSummary(trigger: TriggerDefinition | undefined): string {
  if (!trigger) return 'No trigger';
  const label = TRIGGER_TYPES.find((t) => t.value === trigger.type)?.label ?? trigger.type;
  if (trigger.type === 'SCHEDULE') return `${label} · ${trigger.cron ?? ''} ${trigger.timeZone ?? ''}`.trim();
  return trigger.object ? `${label} · ${trigger.object}` : label;
}

/** A trigger of `type` with the settings it requires filled in. */
export function newTrigger(type: string, object: string | null): TriggerDefinition {
  if (type === 'SCHEDULE') return { type, cron: '0 9 * * 1', timeZone: 'UTC' };
  if (type === 'WEBHOOK') return { type };
  if (type === 'FORM') return { type, object: object ?? '', fields: [] };
  return { type, object: object ?? '' };
}
