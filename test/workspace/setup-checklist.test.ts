import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

/** The first-run checklist on `/metadata`: each item ticks itself from what the workspace holds. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ workspace: 'fresh', activities: true });
});
afterAll(async () => {
  await server?.close();
});

async function checklist(): Promise<Record<string, boolean>> {
  const { data, errors } = await server.metadataGql<{ workspaceSetup: Record<string, boolean> }>(
    '{ workspaceSetup { invitedTeam importedData shapedDataModel triedWorkflow } }',
  );
  expect(errors).toBeUndefined();
  return data!.workspaceSetup;
}

async function metadata(query: string, variables: Record<string, unknown>): Promise<void> {
  const { errors } = await server.metadataGql(query, variables);
  expect(errors).toBeUndefined();
}

describe('workspaceSetup', () => {
  test('a new workspace with only the standard objects has nothing ticked', async () => {
    await expect(checklist()).resolves.toEqual({
      invitedTeam: false,
      importedData: false,
      shapedDataModel: false,
      triedWorkflow: false,
    });
  });

  test('an object of its own, an invite and a workflow tick their items', async () => {
    await metadata('mutation($i: CreateObjectInput!) { createObject(input: $i) { applied } }', {
      i: { nameSingular: 'project', namePlural: 'projects', labelSingular: 'Project', labelPlural: 'Projects' },
    });
    await expect(checklist()).resolves.toMatchObject({ shapedDataModel: true, invitedTeam: false });
    await metadata('mutation { inviteMember(email: "rep@fresh.test", role: "member") { email } }', {});
    await expect(checklist()).resolves.toMatchObject({ invitedTeam: true, triedWorkflow: false });
    await metadata('mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }', {
      i: { name: 'First try', definition: { trigger: { type: 'RECORD_CREATED', object: 'project' }, steps: [] } },
    });
    await expect(checklist()).resolves.toMatchObject({ triedWorkflow: true, importedData: false });
  });

  test('members who are not admins cannot read it', async () => {
    const { errors } = await server.metadataGql('{ workspaceSetup { invitedTeam } }', {}, null);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
