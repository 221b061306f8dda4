/**
 * Lead conversion in the operational template: the "Convert lead" button (a manual workflow) makes
 * the account or takes the one of the same name, makes the contact or takes the one with the
 * lead's email, opens an opportunity when the lead names one, links them all to the lead and marks
 * it converted, in one transaction: a failure leaves none of it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { until } from '../workflows/workflow-trigger-support';
import { type OperationalServer, startOperational } from './operational-server';

let ops: OperationalServer;
let convertId = '';
let ritaToken = '';

beforeAll(async () => {
  ops = await startOperational();
  ritaToken = await ops.tokenOf(ops.reps[0]!);
  const { manualWorkflows } = await ops.gql<{ manualWorkflows: { id: string; name: string }[] }>(
    '{ manualWorkflows(object: "lead") { id name } }',
    {},
    ritaToken,
  );
  convertId = manualWorkflows.find((w) => w.name === 'Convert lead')?.id ?? '';
}, 240_000);
afterAll(async () => {
  await ops?.close();
});

interface Lead {
  id: string;
  status: string;
  convertedAccount: { id: string; name: string; ownerId: string | null } | null;
  convertedContact: {
    id: string;
    email: string;
    name: { firstName: string; lastName: string };
    account: { id: string } | null;
  } | null;
  convertedOpportunity: {
    id: string;
    name: string;
    stage: string;
    account: { id: string } | null;
    contact: { id: string } | null;
  } | null;
}
const LEAD = `id status convertedAccount { id name ownerId }
  convertedContact { id email name { firstName lastName } account { id } }
  convertedOpportunity { id name stage account { id } contact { id } }`;

/** A lead Rita (a sales rep) creates, so it is hers. */
async function ritasLead(data: Record<string, unknown>): Promise<string> {
  const { createLead } = await ops.gql<{ createLead: { id: string } }>(
    'mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }',
    { d: data },
    ritaToken,
  );
  return createLead.id;
}

/** Rita presses "Convert lead" on the lead; answers its run's final status. */
async function convert(id: string): Promise<string> {
  const { runWorkflow } = await ops.gql<{ runWorkflow: { runId: string }[] }>(
    'mutation($w: ID!, $r: [ID!]!) { runWorkflow(workflowId: $w, recordIds: $r) { runId } }',
    { w: convertId, r: [id] },
    ritaToken,
  );
  const runId = runWorkflow[0]!.runId;
  const done = await until(
    `run ${runId} finished`,
    async () => {
      const { rows } = await ops.server.database.opened.db.query<{ status: string }>(
        'select status from relata.workflow_runs where id = $1',
        [runId],
      );
      const status = rows[0]?.status;
      return status === 'SUCCEEDED' || status === 'FAILED' ? status : null;
    },
    120_000,
  );
  return done;
}

const lead = async (id: string) =>
  (await ops.gql<{ lead: Lead }>(`query($id: ID!) { lead(id: $id) { ${LEAD} } }`, { id }, ritaToken)).lead;

describe('converting a lead', () => {
  test('the sales rep sees the button on a lead', () => {
    expect(convertId).not.toBe('');
  });

  test('a new company and person: account, contact and opportunity made, linked, the lead converted', async () => {
    const id = await ritasLead({
      firstName: 'Nora',
      lastName: 'Quist',
      email: 'nora@brandnew.example',
      company: 'Brand New Co',
      jobTitle: 'COO',
      source: 'REFERRAL',
      opportunityName: 'Brand New Co - pilot',
    });
    expect(await convert(id)).toBe('SUCCEEDED');
    const converted = await lead(id);
    expect(converted.status).toBe('CONVERTED');
    expect(converted.convertedAccount).toMatchObject({ name: 'Brand New Co', ownerId: ops.reps[0]!.id });
    expect(converted.convertedContact).toMatchObject({
      email: 'nora@brandnew.example',
      name: { firstName: 'Nora', lastName: 'Quist' },
      account: { id: converted.convertedAccount!.id },
    });
    expect(converted.convertedOpportunity).toMatchObject({
      name: 'Brand New Co - pilot',
      stage: 'PROSPECTING',
      account: { id: converted.convertedAccount!.id },
      contact: { id: converted.convertedContact!.id },
    });
    expect(await ops.count('accounts', { name: { eq: 'Brand New Co' } })).toBe(1);
    // Converting it again changes nothing.
    expect(await convert(id)).toBe('SUCCEEDED');
    expect(await ops.count('accounts', { name: { eq: 'Brand New Co' } })).toBe(1);
    expect(await ops.count('contacts', { email: { eq: 'nora@brandnew.example' } })).toBe(1);
  });

  test('an existing account (by name) and contact (by email) are taken, not doubled; no opportunity unless named', async () => {
    const contact = await ops.first<{ email: string; account: { id: string; name: string } }>(
      'contacts',
      'email account { id name }',
      { account: { id: { isNull: false } } },
    );
    const accounts = await ops.count('accounts');
    const contacts = await ops.count('contacts');
    const opportunities = await ops.count('opportunities');
    const id = await ritasLead({ lastName: 'Known', email: contact!.email, company: contact!.account.name });
    expect(await convert(id)).toBe('SUCCEEDED');
    const converted = await lead(id);
    expect(converted).toMatchObject({
      status: 'CONVERTED',
      convertedAccount: { id: contact!.account.id },
      convertedContact: { email: contact!.email },
      convertedOpportunity: null,
    });
    expect([await ops.count('accounts'), await ops.count('contacts'), await ops.count('opportunities')]).toEqual([
      accounts,
      contacts,
      opportunities,
    ]);
  });

  test('a conversion that fails half-way leaves nothing: no account, no contact, the lead as it was', async () => {
    // The account is made, then the contact cannot be (the lead's email, spoiled behind the API's
    // back, is no email): the run fails, and the account made before goes with it.
    const { db } = ops.server.database.opened;
    const id = await ritasLead({ lastName: 'Temp', email: 'halfway@nowhere.example', company: 'Halfway Ltd' });
    await db.query(`update ws_operational.leads set email = 'not an email' where id = $1`, [id]);
    const contacts = await ops.count('contacts');
    expect(await convert(id)).toBe('FAILED');
    const { rows } = await db.query<{ error: string }>(
      `select error from relata.workflow_runs where record_id = $1 and status = 'FAILED'`,
      [id],
    );
    expect(rows[0]?.error).toMatch(/email/i);
    // The run log names the step that failed, not the chain's first (where a retry starts again).
    expect(rows[0]?.error).toMatch(/^Step "create_contact" failed/);
    const logged = await db.query<{ step_key: string }>(
      `select distinct s.step_key from relata.workflow_step_runs s join relata.workflow_runs r on r.id = s.run_id
        where r.record_id = $1 and s.status = 'FAILED'`,
      [id],
    );
    expect(logged.rows).toEqual([{ step_key: 'create_contact' }]);
    expect(await ops.count('accounts', { name: { eq: 'Halfway Ltd' } })).toBe(0);
    expect(await ops.count('contacts')).toBe(contacts);
    expect(await lead(id)).toMatchObject({ status: 'NEW', convertedAccount: null, convertedContact: null });
  });
});
