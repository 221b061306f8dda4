/**
 * A plugin's actions as workflow step types and its schedules on the job queue, in a running
 * server with a worker: the action is listed with its inputs and runs in the sandbox; the minute
 * tick starts the schedules whose cron matches and no others; a disabled plugin's schedule is skipped;
 * a plugin disabled while a call runs lets that call finish and refuses the next.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { enqueueJobs } from '@relata/core';
import { PLUGIN_SCHEDULE_TASK, PLUGIN_SCHEDULE_TICK_TASK } from '@relata/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queuedJobs } from '../support/queued-jobs';
import { startTestServer, type TestServer } from '../support/test-server';
import { base64, pluginTarball } from './plugin-tarball';

let server: TestServer;
/** Answers once the test releases it: a call that is still running while the plugin is disabled. */
const held: ServerResponse[] = [];
const slow = createServer((_request, response) => {
  held.push(response);
});

const manifest = {
  name: 'nightly',
  version: '1.0.0',
  engine: '^1',
  permissions: { http: ['slow.example.com'] },
  contributes: {
    objects: [
      {
        nameSingular: 'beat',
        namePlural: 'beats',
        labelSingular: 'Beat',
        labelPlural: 'Beats',
        fields: [{ name: 'label', label: 'Label', type: 'TEXT' }],
      },
    ],
    actions: [
      { name: 'wait', input: { type: 'object', properties: { url: { type: 'string' } } } },
      {
        name: 'shout',
        title: 'Shout',
        input: { type: 'object', properties: { text: { type: 'string', title: 'Text' } }, required: ['text'] },
      },
      { name: 'stamp', input: { type: 'object', properties: { label: { type: 'string' } } } },
    ],
    schedules: [{ name: 'atThree', cron: '0 3 * * *' }],
  },
};
const BUNDLE = `module.exports = {
  actions: {
    shout: (input) => ({ shouted: input.text.toUpperCase() }),
    wait: async (input, ctx) => (await ctx.http.fetch({ url: input.url })).body,
    stamp: async (input, ctx) => ({ id: (await ctx.records.create('beat', { label: input.label })).id }),
  },
  schedules: { atThree: async (input, ctx) => { await ctx.records.create('beat', { label: input.dueAt }); } },
};`;

async function metadata<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
  const result = await server.metadataGql<T>(query, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function beats(): Promise<string[]> {
  const { data } = await server.gql<{ beats: { nodes: Array<{ label: string }> } }>(
    '{ beats(orderBy: [{ label: AscNullsLast }]) { nodes { label } } }',
  );
  return data?.beats.nodes.map((it) => it.label) ?? [];
}

async function activeWorkflow(name: string, definition: unknown): Promise<void> {
  const { createWorkflow } = await metadata<{ createWorkflow: { id: string } }>(
    'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
    { i: { name, definition } },
  );
  await metadata('mutation($id: ID!) { activateWorkflow(id: $id) { active } }', { id: createWorkflow.id });
}

async function createBeat(label: string): Promise<string> {
  const { data } = await server.gql<{ createBeat: { id: string } }>(
    'mutation($l: String) { createBeat(data: { label: $l }) { id } }',
    { l: label },
  );
  return data!.createBeat.id;
}

/** What the graphile-worker crontab enqueues each minute, for a chosen minute. */
async function tick(ts: string): Promise<void> {
  await server.database.opened.db.transaction((tx) =>
    enqueueJobs(tx, [{ task: PLUGIN_SCHEDULE_TICK_TASK, payload: { _cron: { ts } } }]),
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let tries = 0; tries < 300; tries++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never saw ${what}`);
}

beforeAll(async () => {
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const port = (slow.address() as AddressInfo).port;
  server = await startTestServer({
    workspace: 'pluginjobs',
    worker: true,
    outbound: { allowLoopbackPorts: [port], resolve: async () => ['127.0.0.1'] },
  });
  await metadata('mutation($t: String!) { installPlugin(tarball: $t, approve: true) { applied } }', {
    t: base64(await pluginTarball(manifest, BUNDLE)),
  });
});
afterAll(async () => {
  await server?.close();
  slow.close();
});

describe('plugin actions and schedules', () => {
  test('an action is a step type with its inputs, and runs in the sandbox', async () => {
    const { actions } = server.instance.services.plugins;
    expect(await actions.list(server.workspace.id)).toEqual([
      {
        name: 'nightly.wait',
        label: 'nightly: wait',
        description: '',
        inputs: [{ name: 'url', label: 'url', optional: true }],
      },
      {
        name: 'nightly.shout',
        label: 'Shout',
        description: '',
        inputs: [{ name: 'text', label: 'Text', optional: false }],
      },
      {
        name: 'nightly.stamp',
        label: 'nightly: stamp',
        description: '',
        inputs: [{ name: 'label', label: 'label', optional: true }],
      },
    ]);
    const signal = new AbortController().signal;
    expect(await actions.run(server.workspace.id, 'nightly.shout', { text: 'hi' }, signal)).toEqual({ shouted: 'HI' });
    await expect(actions.run(server.workspace.id, 'nightly.whisper', {}, signal)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  test('the minute tick runs the schedules due then, once, and none of a disabled plugin', async () => {
    await tick('2026-12-06T03:01:00.000Z');
    await tick('2026-12-06T03:00:00.000Z');
    await until('the schedule', async () => (await beats()).length === 1);
    expect(await beats()).toEqual(['2026-12-06T03:00:00.000Z']);

    await metadata('mutation { setPluginEnabled(name: "nightly", enabled: false) { enabled } }');
    await tick('2026-12-07T03:00:00.000Z');
    const db = server.database.opened.db;
    await until('the ticks and schedules to be worked', async () => {
      const left = [
        ...(await queuedJobs(db, PLUGIN_SCHEDULE_TICK_TASK)),
        ...(await queuedJobs(db, PLUGIN_SCHEDULE_TASK)),
      ];
      return left.length === 0;
    });
    await metadata('mutation { setPluginEnabled(name: "nightly", enabled: true) { enabled } }');
    await tick('2026-12-08T03:00:00.000Z');
    await until('the next schedule', async () => (await beats()).length === 2);
    expect(await beats()).toEqual(['2026-12-06T03:00:00.000Z', '2026-12-08T03:00:00.000Z']);
  });

  test('a plugin disabled mid-call lets that call finish and refuses the next', async () => {
    const { actions } = server.instance.services.plugins;
    const url = `http://slow.example.com:${(slow.address() as AddressInfo).port}/`;
    const signal = new AbortController().signal;
    const running = actions.run(server.workspace.id, 'nightly.wait', { url }, signal);
    await until('the call to be waiting on its fetch', async () => held.length === 1);
    await metadata('mutation { setPluginEnabled(name: "nightly", enabled: false) { enabled } }');
    held[0]!.end('done');
    expect(await running).toBe('done');
    await expect(actions.run(server.workspace.id, 'nightly.wait', { url }, signal)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('No enabled plugin offers the action nightly.wait'),
    });
    await metadata('mutation { setPluginEnabled(name: "nightly", enabled: true) { enabled } }');
  });

  test('a workflow step runs a plugin action; its output is the step output later steps see', async () => {
    const definition = {
      trigger: { type: 'RECORD_CREATED', object: 'beat' },
      steps: [{ key: 'shout', type: 'plugin:nightly.shout', settings: { text: 'beat {{ record.label }}' } }],
    };
    await activeWorkflow('Shout beats', definition);
    const beat = await createBeat('one');
    const db = server.database.opened.db;
    const output = await until('the plugin step', async () => {
      const { rows } = await db.query<{ status: string; output: unknown }>(
        `select s.status, s.output from relata.workflow_step_runs s join relata.workflow_runs r on r.id = s.run_id
         where r.record_id = $1 and s.step_key = 'shout'`,
        [beat],
      );
      return rows.find((row) => row.status === 'SUCCEEDED')?.output;
    });
    expect(output).toEqual({ shouted: 'BEAT ONE' });
  });

  test('a plugin step of a workflow running as a role acts with the plugin grants, not the role', async () => {
    // The role reads and writes nothing: the step still creates a beat, the plugin's own object.
    await metadata('mutation { createRole(input: { name: "onlooker", label: "Onlooker" }) { applied } }');
    const definition = {
      trigger: { type: 'RECORD_CREATED', object: 'beat', condition: { label: { eq: 'stamp me' } } },
      runAs: 'onlooker',
      steps: [{ key: 'stamp', type: 'plugin:nightly.stamp', settings: { label: 'stamped {{ record.id }}' } }],
    };
    await activeWorkflow('Stamp as onlooker', definition);
    const trigger = await createBeat('stamp me');
    const db = server.database.opened.db;
    const step = await until('the stamp step', async () => {
      const { rows } = await db.query<{ status: string; output: { id: string } | null; error: string | null }>(
        `select s.status, s.output, s.error from relata.workflow_step_runs s
         join relata.workflow_runs r on r.id = s.run_id where r.record_id = $1 and s.step_key = 'stamp'`,
        [trigger],
      );
      return rows[0];
    });
    expect(step).toMatchObject({ status: 'SUCCEEDED', error: null });
    const { rows } = await db.query<{ label: string; actor_kind: string; via: string }>(
      `select b.label, a.actor_kind, a.via from ws_pluginjobs.beats b join relata.audit_log a on a.record_id = b.id
       where b.id = $1`,
      [step.output!.id],
    );
    // The role cannot read beats: the run saw the trigger record as its id only.
    expect(rows).toEqual([{ label: `stamped ${trigger}`, actor_kind: 'plugin', via: 'plugin' }]);
  });
});
