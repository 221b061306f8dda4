import { describe, expect, test } from 'vitest';
import { planBundle, type WorkspaceSnapshot } from '../../metadata';
import { createStepTypeRegistry } from '../steps';
import { type DefinitionContext, displayDefinition, storeDefinition } from './normalize-definition';

function snapshotWith(objects: string[]): WorkspaceSnapshot {
  const all = [
    {
      nameSingular: 'deal',
      namePlural: 'deals',
      labelSingular: 'Deal',
      labelPlural: 'Deals',
      fields: [
        { name: 'title', label: 'Title', type: 'TEXT' as const },
        { name: 'won', label: 'Won', type: 'BOOLEAN' as const },
        { name: 'seats', label: 'Seats', type: 'NUMBER' as const },
        { name: 'contactEmail', label: 'Contact e-mail', type: 'EMAIL' as const },
      ],
    },
    {
      nameSingular: 'task',
      namePlural: 'tasks',
      labelSingular: 'Task',
      labelPlural: 'Tasks',
      fields: [
        { name: 'subject', label: 'Subject', type: 'TEXT' as const },
        { name: 'due', label: 'Due', type: 'DATE' as const },
      ],
    },
  ];
  const bundle = { objects: all.filter((o) => objects.includes(o.nameSingular)) };
  return planBundle({ workspaceId: 'w', schemaName: 'ws_t', version: 1, objects: [] }, bundle).next;
}

const snapshot = snapshotWith(['deal', 'task']);
const ctx: DefinitionContext = { snapshot, registry: createStepTypeRegistry() };
const fieldId = (object: string, name: string) =>
  snapshot.objects.find((o) => o.nameSingular === object)!.fields.find((f) => f.name === name)!.id;

const welcome = {
  trigger: { type: 'RECORD_UPDATED', object: 'deal', fields: ['won'], condition: { won: { eq: true } } },
  steps: [
    {
      key: 'big',
      type: 'condition',
      settings: { branches: [{ when: 'record.seats >= 10', next: 'task' }], otherwise: 'mail' },
    },
    {
      key: 'task',
      type: 'create_task',
      settings: { values: { subject: 'Onboard {{ record.title }}', due: '{{ addDays(today(), 7) }}' } },
      next: 'mail',
    },
    {
      key: 'mail',
      type: 'send_email',
      settings: {
        to: '{{ record.contactEmail }}',
        subject: 'Welcome {{ record.title }}',
        body: 'Task: {{ steps.task.subject ?? "none" }}',
      },
    },
  ],
};

function refusal(definition: unknown): { message: string; details: Record<string, unknown> } {
  try {
    storeDefinition(ctx, definition);
  } catch (error) {
    return error as { message: string; details: Record<string, unknown> };
  }
  throw new Error('the definition was accepted');
}

const withStep = (step: Record<string, unknown>, at = 2) => ({
  ...welcome,
  steps: welcome.steps.map((s, i) => (i === at ? { ...s, ...step } : s)),
});

describe('storing a workflow definition', () => {
  test('objects, fields and expressions are stored by id and shown back by name', () => {
    const stored = storeDefinition(ctx, welcome);
    const dealId = snapshot.objects.find((o) => o.nameSingular === 'deal')!.id;
    expect(stored.trigger).toEqual({
      type: 'RECORD_UPDATED',
      object: dealId,
      fields: [fieldId('deal', 'won')],
      condition: { [`#${fieldId('deal', 'won')}`]: { eq: true } },
    });
    expect(stored.steps[1]!.settings.values).toEqual({
      [fieldId('task', 'subject')]: `Onboard {{ record.#${fieldId('deal', 'title')} }}`,
      [fieldId('task', 'due')]: '{{ addDays(today(), 7) }}',
    });
    const shown = displayDefinition(ctx, stored);
    expect(shown.trigger).toEqual(welcome.trigger);
    expect(shown.steps[2]!.settings.subject).toBe('Welcome {{ record.title }}');
  });

  test('a renamed field keeps working and shows its new name', () => {
    const stored = storeDefinition(ctx, welcome);
    const renamed = structuredClone(snapshot);
    renamed.objects[0]!.fields.find((f) => f.name === 'title')!.name = 'headline';
    const shown = displayDefinition({ ...ctx, snapshot: renamed }, stored);
    expect(shown.steps[2]!.settings.subject).toBe('Welcome {{ record.headline }}');
  });

  test.each([
    [withStep({ next: 'nowhere' }), 'Step "mail", setting "next": there is no step "nowhere".', 'steps.mail.next'],
    [withStep({ next: 'big' }), 'Step "mail", setting "next": leads back to "big", a cycle', 'steps.mail.next'],
    [
      { ...welcome, steps: [...welcome.steps, { key: 'orphan', type: 'wait', settings: { amount: 1, unit: 'DAYS' } }] },
      'Step "orphan" is never reached',
      'steps.orphan',
    ],
    [withStep({ type: 'teleport' }), 'Step "mail": unknown step type "teleport"', 'steps.mail.type'],
    [
      withStep({ settings: { ...welcome.steps[2]!.settings, subject: 'Hi {{ record.titel }}' } }),
      'Step "mail", setting "subject": deal has no field "titel" at "titel".',
      'steps.mail.subject',
    ],
    [
      withStep({ settings: { ...welcome.steps[2]!.settings, subject: '{{ record.won }}' } }),
      'Step "mail", setting "subject": gives boolean, where text is needed.',
      'steps.mail.subject',
    ],
    [
      withStep({ settings: { ...welcome.steps[2]!.settings, body: '{{ steps.mail.messageId }}' } }),
      'Step "mail", setting "body": steps has no field "mail"',
      'steps.mail.body',
    ],
    [
      withStep({ settings: { values: { subjet: 'x' } } }, 1),
      'steps.task.values.subjet: task has no field "subjet".',
      'steps.task.values.subjet',
    ],
    [
      withStep({ settings: { ...welcome.steps[2]!.settings, cc: 'x' } }),
      'Step "mail", setting "cc": is not a setting of Send email.',
      'steps.mail.cc',
    ],
    [
      withStep({ settings: { branches: [{ when: 'record.seats', next: 'task' }] } }, 0),
      'Step "big", setting "branches.0.when": gives number, where boolean is needed.',
      'steps.big.branches.0.when',
    ],
    [
      { ...welcome, trigger: { ...welcome.trigger, condition: { wonn: { eq: true } } } },
      'deal has no field wonn to filter on.',
      'definition.trigger.condition.wonn',
    ],
    [
      { ...welcome, trigger: { type: 'SCHEDULE', cron: '61 * * * *' }, steps: [] },
      'definition.trigger.cron: has an invalid minute "61"',
      'definition.trigger.cron',
    ],
    [
      { ...welcome, trigger: { type: 'SCHEDULE', cron: '0 9 * * 1', timeZone: 'Mars/Olympus' }, steps: [] },
      'must be an IANA time zone',
      'definition.trigger.timeZone',
    ],
  ])('refused: %#', (definition, message, field) => {
    const error = refusal(definition);
    expect(error.message).toContain(message);
    expect(error.details.field).toBe(field);
  });

  test("a values setting may set the new record's owner, under ownerId in both forms", () => {
    const owned = withStep({ settings: { values: { subject: 'Call back', ownerId: '{{ record.ownerId }}' } } }, 1);
    const stored = storeDefinition(ctx, owned);
    expect(stored.steps[1]!.settings.values).toEqual({
      [fieldId('task', 'subject')]: 'Call back',
      ownerId: '{{ record.ownerId }}',
    });
    expect(displayDefinition(ctx, stored).steps[1]!.settings.values).toEqual(owned.steps[1]!.settings.values);
  });

  test('create task needs the standard task object', () => {
    const bare = { snapshot: snapshotWith(['deal']), registry: createStepTypeRegistry() };
    expect(() => storeDefinition(bare, welcome)).toThrow(
      'Step "task": Create task is unavailable: this workspace has no task object',
    );
  });

  test('a loop body sees the item; the steps after it do not', () => {
    const loop = {
      trigger: { type: 'MANUAL', object: 'deal' },
      steps: [
        {
          key: 'find',
          type: 'find_records',
          settings: { object: 'task', filter: { subject: { eq: '{{ record.title }}' } } },
          next: 'each',
        },
        { key: 'each', type: 'loop', settings: { over: 'steps.find.records', body: 'touch' }, next: 'done' },
        {
          key: 'touch',
          type: 'update_records',
          settings: { object: 'task', recordId: '{{ item.id }}', values: { subject: '{{ upper(item.subject) }}' } },
        },
        { key: 'done', type: 'notify_user', settings: { title: '{{ steps.each.count }} tasks' } },
      ],
    };
    expect(() => storeDefinition(ctx, loop)).not.toThrow();
    const outside = structuredClone(loop);
    outside.steps[3]!.settings.title = '{{ item.subject }}';
    expect(() => storeDefinition(ctx, outside)).toThrow('unknown name "item"');
  });

  test('an atomic workflow keeps the flag and holds only steps of one transaction', () => {
    const stored = storeDefinition(ctx, { ...welcome, atomic: true });
    expect(stored.atomic).toBe(true);
    expect(displayDefinition(ctx, stored).atomic).toBe(true);
    expect(storeDefinition(ctx, welcome).atomic).toBeUndefined();
    const waiting = withStep({ type: 'wait', settings: { amount: 1, unit: 'DAYS' } });
    expect(() => storeDefinition(ctx, { ...waiting, atomic: true })).toThrow(
      'Step "mail": an atomic workflow runs in one transaction and cannot hold a wait step',
    );
    const calling = withStep({ type: 'http_request', settings: { url: 'https://example.com', method: 'GET' } });
    expect(() => storeDefinition(ctx, { ...calling, atomic: true })).toThrow('cannot hold a http_request step');
  });
});
