import { type ExprType, listOf, objectType, recordType } from '../expressions';
import type { ResolvedSettings, StepType } from './step-type';

const TEXT: ExprType = { kind: 'text' };
const NUMBER: ExprType = { kind: 'number' };
const BOOLEAN: ExprType = { kind: 'boolean' };
const ANY: ExprType = { kind: 'any' };

/** The standard object the create-task step writes (added by the studio-daily work). */
export const TASK_OBJECT = 'task';

const objectRecord = (settings: ResolvedSettings): ExprType => {
  const object = settings.objects.get('object');
  return object ? recordType(object) : ANY;
};

const recordRef = { kind: 'template', expect: ['text'], label: 'Record id' } as const;

export const BUILTIN_STEP_TYPES: readonly StepType[] = [
  {
    type: 'condition',
    label: 'Condition',
    description: 'Goes to the first branch whose condition holds, else to "otherwise".',
    settings: { branches: { kind: 'branches' }, otherwise: { kind: 'step', optional: true } },
    output: () => objectType('condition', [{ name: 'branch', type: NUMBER }]),
  },
  {
    type: 'create_record',
    label: 'Create record',
    description: 'Creates a record with values from templates.',
    settings: { object: { kind: 'object' }, values: { kind: 'values', object: 'object' } },
    output: objectRecord,
  },
  {
    type: 'update_records',
    label: 'Update record(s)',
    description: 'Updates one record by id (default: the trigger record) or every record matching a filter.',
    settings: {
      object: { kind: 'object' },
      recordId: { ...recordRef, optional: true },
      filter: { kind: 'filter', object: 'object', optional: true },
      values: { kind: 'values', object: 'object' },
    },
    output: () =>
      objectType('update', [
        { name: 'count', type: NUMBER },
        { name: 'ids', type: listOf(TEXT) },
      ]),
  },
  {
    type: 'find_records',
    label: 'Find records',
    description: 'Finds records matching a filter, up to a limit.',
    settings: {
      object: { kind: 'object' },
      filter: { kind: 'filter', object: 'object', optional: true },
      limit: { kind: 'number', min: 1, max: 1000, optional: true },
    },
    output: (settings) =>
      objectType('found', [
        { name: 'records', type: listOf(objectRecord(settings)) },
        { name: 'first', type: objectRecord(settings) },
        { name: 'count', type: NUMBER },
      ]),
  },
  {
    type: 'delete_record',
    label: 'Delete record',
    description: 'Moves a record to the recycle bin.',
    settings: { object: { kind: 'object' }, recordId: recordRef },
    output: () => objectType('deletion', [{ name: 'deleted', type: BOOLEAN }]),
  },
  {
    type: 'wait',
    label: 'Wait',
    description: 'Waits a duration, or until a date; survives restarts.',
    settings: {
      amount: { kind: 'number', min: 1, max: 100_000, optional: true },
      unit: { kind: 'choice', options: ['MINUTES', 'HOURS', 'DAYS'], optional: true },
      until: { kind: 'template', expect: ['date', 'datetime', 'text'], optional: true },
    },
    output: () => objectType('wait', [{ name: 'resumedAt', type: { kind: 'datetime' } }]),
  },
  {
    type: 'http_request',
    label: 'HTTP request',
    description: 'Calls a URL through the guarded client (no private addresses).',
    settings: {
      method: { kind: 'choice', options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
      url: { kind: 'template', expect: ['text'] },
      headers: { kind: 'templates', optional: true },
      body: { kind: 'template', optional: true },
    },
    output: () =>
      objectType('response', [
        { name: 'status', type: NUMBER },
        { name: 'headers', type: ANY },
        { name: 'body', type: ANY },
      ]),
  },
  {
    type: 'send_email',
    label: 'Send email',
    description: 'Sends an email through the mail transport.',
    settings: {
      to: { kind: 'template', expect: ['text', 'list'] },
      subject: { kind: 'template', expect: ['text'] },
      body: { kind: 'template', expect: ['text'] },
    },
    output: () =>
      objectType('email', [
        { name: 'messageId', type: TEXT },
        { name: 'to', type: listOf(TEXT) },
        { name: 'subject', type: TEXT },
      ]),
  },
  {
    type: 'notify_user',
    label: 'Notify user',
    description: 'Shows a notification in the studio to a member (default: the record owner).',
    settings: {
      userId: { kind: 'template', expect: ['text'], optional: true, label: 'User id' },
      title: { kind: 'template', expect: ['text'] },
      body: { kind: 'template', expect: ['text'], optional: true },
    },
    output: () =>
      objectType('notification', [
        { name: 'notificationId', type: TEXT },
        { name: 'userId', type: TEXT },
      ]),
  },
  {
    type: 'assign_owner',
    label: 'Assign owner (round robin)',
    description:
      "Sets the owner of a record (default: the trigger record) to the next of a group of users (or of a role's members), in turn.",
    settings: {
      object: { kind: 'object' },
      recordId: { ...recordRef, optional: true },
      users: { kind: 'texts', max: 500, optional: true, label: 'User ids' },
      role: { kind: 'text', max: 100, optional: true, label: 'Role (its members take turns)' },
    },
    output: () => objectType('assignment', [{ name: 'ownerId', type: TEXT }]),
  },
  {
    type: 'create_task',
    label: 'Create task',
    description: 'Creates a task record.',
    settings: { object: { kind: 'object', fixed: TASK_OBJECT }, values: { kind: 'values', object: 'object' } },
    output: objectRecord,
    available: (snapshot) =>
      snapshot.objects.some((o) => o.nameSingular === TASK_OBJECT)
        ? null
        : 'this workspace has no task object (install the standard activity objects)',
  },
  {
    type: 'loop',
    label: 'Loop over records',
    description: 'Runs the steps from "body" once per item of a list, then goes on.',
    settings: { over: { kind: 'expression', expect: ['list'] }, body: { kind: 'step' } },
    output: () => objectType('loop', [{ name: 'count', type: NUMBER }]),
  },
  {
    type: 'find_linked_records',
    label: 'Find linked records',
    description:
      'Finds the records of an object an activity (default: the trigger record, e.g. a new message) is linked to, optionally filtered.',
    settings: {
      object: { kind: 'object' },
      activityId: { kind: 'template', expect: ['text'], optional: true, label: 'Activity id' },
      filter: { kind: 'filter', object: 'object', optional: true },
    },
    output: (settings) =>
      objectType('found', [
        { name: 'records', type: listOf(objectRecord(settings)) },
        { name: 'first', type: objectRecord(settings) },
        { name: 'count', type: NUMBER },
      ]),
  },
];
