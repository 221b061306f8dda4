import type { TestServer } from '../support/test-server';

/** Polls `probe` until it gives a truthy value (a run finishing on the worker). */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `/metadata` and `/graphql` calls that throw on GraphQL errors. */
export function apiOf(server: TestServer) {
  const checked = async <T>(result: Promise<{ data?: T | null; errors?: unknown[] }>) => {
    const answer = await result;
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data!;
  };
  return {
    metadata: <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
      checked(server.metadataGql<T>(query, variables)),
    data: <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
      checked(server.gql<T>(query, variables, token)),
  };
}

/** Creates an object with fields through `/metadata`. */
export async function createObject(
  server: TestServer,
  names: { singular: string; plural: string },
  fields: { name: string; label: string; type: string }[],
) {
  const { metadata } = apiOf(server);
  await metadata('mutation($i: CreateObjectInput!) { createObject(input: $i) { applied } }', {
    i: {
      nameSingular: names.singular,
      namePlural: names.plural,
      labelSingular: names.singular,
      labelPlural: names.plural,
    },
  });
  for (const field of fields) {
    await metadata('mutation($o: String!, $i: CreateFieldInput!) { createField(object: $o, input: $i) { applied } }', {
      o: names.singular,
      i: field,
    });
  }
}

/** Creates and activates a workflow; returns its id. */
export async function activeWorkflow(server: TestServer, name: string, definition: unknown): Promise<string> {
  const { metadata } = apiOf(server);
  const { createWorkflow } = await metadata<{ createWorkflow: { id: string } }>(
    'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
    { i: { name, definition } },
  );
  await metadata('mutation($id: ID!) { activateWorkflow(id: $id) { active } }', { id: createWorkflow.id });
  return createWorkflow.id;
}

/** The runs a record started, oldest first. */
export async function runsOfRecord(server: TestServer, recordId: string) {
  const { rows } = await server.database.opened.db.query<{ id: string; status: string; error: string | null }>(
    'select id, status, error from relata.workflow_runs where record_id = $1 order by started_at',
    [recordId],
  );
  return rows;
}

/** Waits for the record's only run to end and returns it. */
export async function finishedRun(server: TestServer, recordId: string, ms = 30_000) {
  return until(
    'the run to end',
    async () => (await runsOfRecord(server, recordId)).find((r) => ['SUCCEEDED', 'FAILED'].includes(r.status)),
    ms,
  );
}

/** The step log of a run, in order. */
export async function stepLogOf(server: TestServer, runId: string) {
  const { rows } = await server.database.opened.db.query<{
    step_key: string;
    iteration: string;
    attempt: number;
    status: string;
    error: string | null;
    input: Record<string, unknown> | null;
    output: Record<string, unknown> | null;
  }>(
    `select step_key, iteration, attempt, status, error, input, output from relata.workflow_step_runs
     where run_id = $1 order by started_at, attempt`,
    [runId],
  );
  return rows;
}
