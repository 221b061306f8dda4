import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The studio import enqueues change jobs as the record service does: only when an after-hook
 * (here an active workflow triggered by created companies) is interested in the object. Without
 * one, the jobs would carry every imported record to no consumer.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workspace: 'imports' });
  const created = await server.metadataGql(
    'mutation { createObject(input: { nameSingular: "company", namePlural: "companies", labelSingular: "Company", labelPlural: "Companies" }) { applied } }',
  );
  expect(created.errors).toBeUndefined();
  const field = await server.metadataGql(
    'mutation { createField(object: "company", input: { name: "name", label: "Name", type: TEXT }) { applied } }',
  );
  expect(field.errors).toBeUndefined();
});
afterAll(() => server?.close());

const changeJobs = async () => {
  const { rows } = await server.database.opened.db.query<{ n: number }>(
    "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'record:changed'",
  );
  return rows[0]?.n ?? 0;
};

async function importCompanies(names: string[]): Promise<void> {
  const params = new URLSearchParams({ object: 'company', mapping: JSON.stringify([{ field: 'name' }]) });
  const response = await fetch(`${server.url}/import/run?${params}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/csv' },
    body: ['Name', ...names].join('\n'),
  });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain(`"created":${names.length}`);
}

test('no change jobs while nothing listens to the object; change jobs once a workflow does', async () => {
  // The node learns which objects workflows listen to on the first write it sees of a workspace
  // version (until then it enqueues, to miss nothing): import until it knows, then none are queued.
  let before = 0;
  await vi.waitFor(
    async () => {
      before = await changeJobs();
      await importCompanies(['Quiet one', 'Quiet two']);
      expect(await changeJobs()).toBe(before);
    },
    { timeout: 30_000, interval: 100 },
  );

  const workflow = await server.metadataGql<{ createWorkflow: { id: string } }>(
    'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
    {
      i: { name: 'On new company', definition: { trigger: { type: 'RECORD_CREATED', object: 'company' }, steps: [] } },
    },
  );
  expect(workflow.errors).toBeUndefined();
  const active = await server.metadataGql('mutation($id: ID!) { activateWorkflow(id: $id) { id } }', {
    id: workflow.data?.createWorkflow.id,
  });
  expect(active.errors).toBeUndefined();
  await importCompanies(['Heard one', 'Heard two']);
  expect(await changeJobs()).toBeGreaterThan(before);
});
