import type { ObjectMetadata } from '../../metadata';
import { type ExprType, objectType, recordType, type ScopeType } from '../expressions';
import type { Trigger } from './definition-schema';

const TEXT: ExprType = { kind: 'text' };

/** Names every expression of a workflow starts from, by trigger: `record`, `previous`, `trigger`, `actor`. */
export function triggerScope(trigger: Trigger, object: ObjectMetadata | null): Map<string, ExprType> {
  const scope = new Map<string, ExprType>([
    [
      'actor',
      objectType('actor', [
        { name: 'id', type: TEXT },
        { name: 'kind', type: TEXT },
      ]),
    ],
    [
      'workflow',
      objectType('workflow', [
        { name: 'id', type: TEXT },
        { name: 'version', type: { kind: 'number' } },
        { name: 'runId', type: TEXT },
      ]),
    ],
  ]);
  if (object) scope.set('record', recordType(object));
  switch (trigger.type) {
    case 'RECORD_UPDATED':
      if (object) scope.set('previous', recordType(object));
      break;
    case 'SCHEDULE':
      scope.set('trigger', objectType('schedule', [{ name: 'firedAt', type: { kind: 'datetime' } }]));
      break;
    case 'WEBHOOK':
      scope.set(
        'trigger',
        objectType('webhook', [
          { name: 'payload', type: { kind: 'any' } },
          { name: 'headers', type: { kind: 'any' } },
        ]),
      );
      break;
    default:
      break;
  }
  return scope;
}

/** A step's scope: the trigger's names, the outputs of the steps before it, and `item` inside a loop. */
export function stepScope(
  base: ScopeType,
  outputs: ReadonlyMap<string, ExprType>,
  ancestors: ReadonlySet<string>,
  item: ExprType | null,
): ScopeType {
  const scope = new Map(base);
  scope.set(
    'steps',
    objectType(
      'steps',
      [...ancestors].map((key) => ({ name: key, type: outputs.get(key) ?? { kind: 'any' } })),
    ),
  );
  if (item) scope.set('item', item);
  return scope;
}
