import { assignOwner } from './assign-owner-step';
import { httpRequest } from './http-step';
import { findLinkedRecords } from './linked-records-step';
import { loop } from './loop-step';
import { notifyUser, sendEmail } from './message-steps';
import { condition, createRecord, deleteRecord, findRecordsStep, updateRecords } from './record-steps';
import type { Executor } from './step-env';
import { waitStep } from './wait-step';

/** How each runnable built-in step type does its work. */
export const STEP_EXECUTORS: ReadonlyMap<string, Executor> = new Map<string, Executor>([
  ['condition', condition],
  ['create_record', createRecord],
  ['create_task', createRecord],
  ['update_records', updateRecords],
  ['find_records', findRecordsStep],
  ['delete_record', deleteRecord],
  ['wait', waitStep],
  ['http_request', httpRequest],
  ['send_email', sendEmail],
  ['notify_user', notifyUser],
  ['assign_owner', assignOwner],
  ['loop', loop],
  ['find_linked_records', findLinkedRecords],
]);
