import { type OpenedDatabase, openDatabase, type RelataInstance, startRelata } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { triggerSuite, until } from './workflow-trigger-support';

/** A clock the test sets; each node's reads are counted, so the test knows both nodes ticked. */
function controlledClock(start: string) {
  const clock = { at: new Date(start), reads: [0, 0] };
  const reader = (node: 0 | 1) => () => {
    clock.reads[node]! += 1;
    return clock.at;
  };
  return { clock, reader };
}

const { clock, reader } = controlledClock('2027-01-15T07:58:00Z'); // a Friday, 08:58 in Paris
let server: TestServer;
let secondDb: OpenedDatabase;
let second: RelataInstance;
const suite = triggerSuite(() => server);

/** Waits until both nodes have ticked `n` more times on the current clock. */
async function ticks(n: number) {
  const [a, b] = clock.reads as [number, number];
  await until('both nodes to tick', async () => clock.reads[0]! >= a + n && clock.reads[1]! >= b + n);
}

const dealTitles = async () =>
  (await suite.db().query<{ title: string }>('select title from ws_schedules.deals order by created_at')).rows.map(
    (row) => row.title,
  );

beforeAll(async () => {
  server = await startTestServer({ workspace: 'schedules', worker: true, schedules: { now: reader(0), tickMs: 100 } });
  secondDb = await openDatabase({ databaseUrl: server.database.databaseUrl, dataDir: '' });
  second = await startRelata({
    opened: secondDb,
    port: 0,
    worker: { concurrency: 2, schedules: { now: reader(1), tickMs: 100 } },
  });
  await suite.createObject('deal', 'deals', { title: 'TEXT' });
});
afterAll(async () => {
  await second?.close();
  await secondDb?.close();
  await server?.close();
});

describe('schedule trigger', () => {
  test('fires at 09:00 in its time zone, once across two worker nodes, and runs its steps', async () => {
    const id = await suite.activeWorkflow('Weekday standup', {
      trigger: { type: 'SCHEDULE', cron: '0 9 * * 1-5', timeZone: 'Europe/Paris' },
      steps: [{ key: 'make', type: 'create_record', settings: { object: 'deal', values: { title: 'Standup' } } }],
    });
    await ticks(3);
    expect(await suite.runsOf(id)).toEqual([]);

    clock.at = new Date('2027-01-15T08:00:20Z'); // 09:00:20 in Paris (UTC+1 in winter)
    await until('the run to succeed', async () => (await suite.runsOf(id)).some((r) => r.status === 'SUCCEEDED'));
    await ticks(5);
    const runs = await suite.runsOf(id);
    expect(runs.map((r) => [r.trigger_key, r.status])).toEqual([['schedule:2027-01-15T08:00:00.000Z', 'SUCCEEDED']]);
    expect(runs[0]!.input.trigger).toEqual({ firedAt: '2027-01-15T08:00:00.000Z' });
    expect(await dealTitles()).toEqual(['Standup']);

    // 09:59 in Paris: not a fire time, and 09:00 already fired.
    clock.at = new Date('2027-01-15T08:59:00Z');
    await ticks(3);
    // Saturday 09:00 in Paris: not a weekday.
    clock.at = new Date('2027-01-16T08:00:10Z');
    await ticks(3);
    expect(await suite.runsOf(id)).toHaveLength(1);

    // Monday 09:00 in Paris fires again.
    clock.at = new Date('2027-01-18T08:00:05Z');
    await until(
      'Monday run',
      async () => (await suite.runsOf(id)).filter((r) => r.status === 'SUCCEEDED').length === 2,
    );
    await ticks(3);
    expect((await suite.runsOf(id)).map((r) => r.trigger_key)).toEqual([
      'schedule:2027-01-15T08:00:00.000Z',
      'schedule:2027-01-18T08:00:00.000Z',
    ]);
    expect(await dealTitles()).toEqual(['Standup', 'Standup']);
  });

  test('a deactivated schedule starts no run', async () => {
    // The clock is set first: a tick between activation and setting it would fire the earlier minute.
    clock.at = new Date('2027-01-18T09:30:00Z');
    const id = await suite.activeWorkflow('Every minute', {
      trigger: { type: 'SCHEDULE', cron: '* * * * *' },
      steps: [],
    });
    await until('a run', async () => (await suite.runsOf(id)).length === 1);
    await suite.metadata('mutation($id: ID!) { deactivateWorkflow(id: $id) { active } }', { id });
    clock.at = new Date('2027-01-18T09:31:00Z');
    await ticks(3);
    expect((await suite.runsOf(id)).map((r) => [r.trigger_key, r.status])).toEqual([
      ['schedule:2027-01-18T09:30:00.000Z', 'SUCCEEDED'],
    ]);
  });
});
