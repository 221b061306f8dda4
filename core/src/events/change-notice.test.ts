import { describe, expect, test } from 'vitest';
import type { ChangeEvent } from './change-event';
import { changeEventsOf } from './change-notice';

const event = (recordId: string): ChangeEvent => ({
  workspaceId: 'w',
  object: 'person',
  kind: 'CREATED',
  recordId,
  version: 1,
  changedFields: [],
  actorId: null,
  nodeId: 'import',
  at: '2026-12-07T19:00:00.000Z',
});

describe('a relata_events payload', () => {
  test('holds one event', () => {
    expect(changeEventsOf(JSON.stringify(event('a')))).toEqual([event('a')]);
  });

  test('or an array of events and batches, each batch one event per record id, in order', () => {
    const { recordId: _, ...shared } = event('x');
    const payload = JSON.stringify([event('a'), { ...shared, recordIds: ['b', 'c'] }, event('d')]);
    expect(changeEventsOf(payload)).toEqual([event('a'), event('b'), event('c'), event('d')]);
  });

  test('that is not JSON is refused', () => {
    expect(() => changeEventsOf('{')).toThrow(SyntaxError);
  });
});
