import type { MetadataBundle } from '../metadata';

const option = (value: string, label: string, color: string, position: number) => ({ value, label, color, position });

/**
 * The standard activity objects every workspace has. A task's assignee is its owner (`ownerId`,
 * an active member of the workspace, checked by the record service), as in the CRMs whose
 * "assigned to" is the record owner: "own" record scopes then mean "my tasks". Which records an
 * activity is about lives in the activity-target table (`linkActivity`), not in a field, so one
 * activity links to records of any object. Workflows create `task` records: keep the names.
 */
export const activityModel: MetadataBundle = {
  objects: [
    {
      nameSingular: 'note',
      namePlural: 'notes',
      labelSingular: 'Note',
      labelPlural: 'Notes',
      icon: 'note',
      labelField: 'title',
      fields: [
        { name: 'title', label: 'Title', type: 'TEXT', required: true, validation: { maxLength: 300 } },
        { name: 'body', label: 'Body', type: 'RICH_TEXT' },
      ],
    },
    {
      nameSingular: 'task',
      namePlural: 'tasks',
      labelSingular: 'Task',
      labelPlural: 'Tasks',
      icon: 'check',
      labelField: 'title',
      fields: [
        { name: 'title', label: 'Title', type: 'TEXT', required: true, validation: { maxLength: 300 } },
        { name: 'dueDate', label: 'Due date', type: 'DATE', indexed: true },
        { name: 'done', label: 'Done', type: 'BOOLEAN', defaultValue: false },
        { name: 'details', label: 'Details', type: 'RICH_TEXT' },
      ],
    },
    {
      nameSingular: 'call',
      namePlural: 'calls',
      labelSingular: 'Call',
      labelPlural: 'Calls',
      icon: 'phone',
      labelField: 'subject',
      fields: [
        { name: 'subject', label: 'Subject', type: 'TEXT', required: true, validation: { maxLength: 300 } },
        {
          name: 'direction',
          label: 'Direction',
          type: 'SELECT',
          required: true,
          options: [option('OUTBOUND', 'Outbound', 'blue', 0), option('INBOUND', 'Inbound', 'green', 1)],
        },
        { name: 'calledAt', label: 'Called at', type: 'DATE_TIME' },
        { name: 'durationMinutes', label: 'Duration (min)', type: 'NUMBER', validation: { min: 0, max: 1440 } },
        {
          name: 'outcome',
          label: 'Outcome',
          type: 'SELECT',
          options: [
            option('CONNECTED', 'Connected', 'green', 0),
            option('LEFT_VOICEMAIL', 'Left voicemail', 'blue', 1),
            option('NO_ANSWER', 'No answer', 'gray', 2),
            option('BUSY', 'Busy', 'orange', 3),
            option('WRONG_NUMBER', 'Wrong number', 'red', 4),
          ],
        },
        { name: 'notes', label: 'Notes', type: 'RICH_TEXT' },
      ],
    },
    {
      nameSingular: 'meeting',
      namePlural: 'meetings',
      labelSingular: 'Meeting',
      labelPlural: 'Meetings',
      icon: 'calendar',
      labelField: 'title',
      fields: [
        { name: 'title', label: 'Title', type: 'TEXT', required: true, validation: { maxLength: 300 } },
        { name: 'startsAt', label: 'Starts at', type: 'DATE_TIME', required: true },
        { name: 'endsAt', label: 'Ends at', type: 'DATE_TIME' },
        { name: 'location', label: 'Location', type: 'TEXT' },
        { name: 'attendees', label: 'Attendees', type: 'TEXT', validation: { maxLength: 2000 } },
        { name: 'notes', label: 'Notes', type: 'RICH_TEXT' },
      ],
    },
    {
      nameSingular: 'message',
      namePlural: 'messages',
      labelSingular: 'Message',
      labelPlural: 'Messages',
      icon: 'mail',
      labelField: 'subject',
      fields: [
        {
          name: 'channel',
          label: 'Channel',
          type: 'SELECT',
          required: true,
          options: [
            option('EMAIL', 'Email', 'blue', 0),
            option('SMS', 'SMS', 'green', 1),
            option('PORTAL', 'Portal', 'purple', 2),
            option('WEB_FORM', 'Web form', 'orange', 3),
          ],
        },
        {
          name: 'direction',
          label: 'Direction',
          type: 'SELECT',
          required: true,
          options: [option('INBOUND', 'Inbound', 'green', 0), option('OUTBOUND', 'Outbound', 'blue', 1)],
        },
        { name: 'subject', label: 'Subject', type: 'TEXT', validation: { maxLength: 998 } },
        { name: 'body', label: 'Body', type: 'RICH_TEXT' },
        { name: 'fromAddress', label: 'From', type: 'TEXT', validation: { maxLength: 320 } },
        { name: 'toAddress', label: 'To', type: 'TEXT', validation: { maxLength: 2000 } },
        { name: 'sentAt', label: 'Sent at', type: 'DATE_TIME', indexed: true },
        { name: 'threadKey', label: 'Thread', type: 'TEXT', indexed: true, validation: { maxLength: 998 } },
        { name: 'externalId', label: 'External id', type: 'TEXT', unique: true, validation: { maxLength: 998 } },
        { name: 'answeredAt', label: 'Answered at', type: 'DATE_TIME', indexed: true },
        { name: 'quotedBody', label: 'Quoted reply', type: 'RICH_TEXT' },
        // Described, not kept: Relata has no file store (name, type, size of each attachment).
        { name: 'attachments', label: 'Attachments', type: 'JSON' },
      ],
    },
  ],
};
