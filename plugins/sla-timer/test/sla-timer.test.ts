/**
 * The SLA timer in a real Relata (the SDK's harness): installed into a workspace without cases,
 * it brings the case object it requires; a case gets its due-by time from its priority after it
 * is opened and again when re-prioritised; the schedule escalates overdue cases.
 */
import { fileURLToPath } from 'node:url';
import { type PluginTestRelata, startPluginTestRelata } from '@relata/plugin-sdk/testing';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';

const HOUR_MS = 3_600_000;
let relata: PluginTestRelata;

interface CaseRow {
  id: string;
  createdAt: string;
  dueBy: string | null;
  escalated: boolean | null;
}

const readCase = async (id: string) =>
  (await relata.gql<{ case: CaseRow }>('query($id: ID!) { case(id: $id) { id createdAt dueBy escalated } }', { id }))
    .case;

async function openCase(priority: 'URGENT' | 'NORMAL'): Promise<CaseRow> {
  const { createCase } = await relata.gql<{ createCase: CaseRow }>(
    `mutation { createCase(data: { subject: "Printer on fire", priority: ${priority} }) { id createdAt dueBy escalated } }`,
  );
  return createCase;
}

const hoursAfterOpening = (row: CaseRow) => (Date.parse(row.dueBy ?? '') - Date.parse(row.createdAt)) / HOUR_MS;

beforeAll(async () => {
  relata = await startPluginTestRelata({ serverUrl: inject('testServerUrl') });
  await relata.install(fileURLToPath(new URL('..', import.meta.url)), { urgentHours: 2 });
});
afterAll(async () => {
  await relata?.close();
});

describe('sla-timer', () => {
  test('the install added the case object it requires, with its fields', async () => {
    const { object } = await relata.metadata<{ object: { fields: Array<{ name: string; type: string }> } }>(
      '{ object(name: "case") { fields { name type } } }',
    );
    expect(object.fields.filter((it) => ['subject', 'priority', 'dueBy', 'escalated'].includes(it.name))).toEqual([
      { name: 'subject', type: 'TEXT' },
      { name: 'priority', type: 'SELECT' },
      { name: 'dueBy', type: 'DATE_TIME' },
      { name: 'escalated', type: 'BOOLEAN' },
    ]);
  });

  test("an opened case is due after its priority's hours; a new priority moves it", async () => {
    const opened = await openCase('URGENT');
    const due = await relata.until('the due-by time', async () => {
      const row = await readCase(opened.id);
      return row.dueBy ? row : null;
    });
    expect(hoursAfterOpening(due)).toBe(2);
    await relata.gql('mutation($id: ID!) { updateCase(id: $id, data: { priority: LOW }) { id } }', { id: opened.id });
    const moved = await relata.until('the moved due-by time', async () => {
      const row = await readCase(opened.id);
      return hoursAfterOpening(row) === 72 ? row : null;
    });
    expect(moved.escalated).toBe(false);
  });

  test('a case opened with a due-by keeps it (imported history, an agreed date)', async () => {
    const agreed = '2026-03-01T12:00:00.000Z';
    const creates = async () =>
      (await relata.calls('sla-timer')).filter((call) => call.entry === 'hooks.case.afterCreate').length;
    const before = await creates();
    const { createCase } = await relata.gql<{ createCase: CaseRow }>(
      'mutation($d: DateTime!) { createCase(data: { subject: "Agreed date", priority: URGENT, dueBy: $d }) { id } }',
      { d: agreed },
    );
    // The plugin's call for this case is logged once its hook ran; the due-by is still the given one.
    await relata.until('the create hook', async () => (await creates()) > before);
    const calls = await relata.calls('sla-timer');
    expect(calls.filter((call) => call.outcome !== 'ok')).toEqual([]);
    expect(new Date((await readCase(createCase.id)).dueBy ?? '').toISOString()).toBe(agreed);
  });

  test('the schedule escalates the cases past their due-by time, and only those', async () => {
    const urgent = await openCase('URGENT');
    const normal = await openCase('NORMAL');
    await relata.until(
      'both due-by times',
      async () => (await readCase(urgent.id)).dueBy && (await readCase(normal.id)).dueBy,
    );
    await relata.runSchedule('sla-timer', 'escalate', new Date(Date.now() + 3 * HOUR_MS));
    expect((await readCase(urgent.id)).escalated).toBe(true);
    expect((await readCase(normal.id)).escalated).toBe(false);
    // Its own escalation writes reach none of its hooks: the schedule's call is the last one.
    const [last] = await relata.calls('sla-timer');
    expect(last).toMatchObject({ entry: 'schedules.escalate', outcome: 'ok' });
  });
});
