import type { TestServer } from '../support/test-server';

/** Helpers of the workflow-trigger suites: GraphQL calls that fail the test on errors, and polling. */
export function triggerSuite(server: () => TestServer) {
  const check = <T>(result: { data?: T | null; errors?: unknown[] }) => {
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  const metadata = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    check(await server().metadataGql<T>(query, variables));
  const data = async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string | null,
  ) => check(await server().gql<T>(query, variables, token));

  return {
    metadata,
    data,
    db: () => server().database.opened.db,
    /** Creates an object with the given fields (name -> type). */
    async createObject(singular: string, plural: string, fields: Record<string, string>) {
      await metadata('mutation($i: CreateObjectInput!) { createObject(input: $i) { applied } }', {
        i: { nameSingular: singular, namePlural: plural, labelSingular: singular, labelPlural: plural },
      });
      for (const [name, type] of Object.entries(fields)) {
        await metadata(
          `mutation($i: CreateFieldInput!) { createField(object: "${singular}", input: $i) { applied } }`,
          {
            i: { name, label: name, type },
          },
        );
      }
    },
    /** Creates a workflow from a definition and activates it; answers its id. */
    async activeWorkflow(name: string, definition: unknown): Promise<string> {
      const { createWorkflow } = await metadata<{ createWorkflow: { id: string } }>(
        'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
        { i: { name, definition } },
      );
      await metadata('mutation($id: ID!) { activateWorkflow(id: $id) { active } }', { id: createWorkflow.id });
      return createWorkflow.id;
    },
    /** The runs of a workflow, oldest first. */
    async runsOf(workflowId: string) {
      const { rows } = await server().database.opened.db.query<{
        id: string;
        status: string;
        trigger_key: string;
        record_id: string | null;
        input: Record<string, unknown>;
      }>(
        'select id, status, trigger_key, record_id, input from relata.workflow_runs where workflow_id = $1 order by started_at',
        [workflowId],
      );
      return rows;
    },
  };
}

/** Polls `probe` until it answers something truthy (every 50 ms, up to `ms`). */
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
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
