import type { TestServer } from '../support/test-server';

type Values = Record<string, unknown>;

/** The answer of a portal auth endpoint: HTTP status and JSON body. */
export interface RestAnswer {
  status: number;
  body: Values & { token?: string; error?: { code?: string } };
}

/** POSTs JSON to a REST endpoint of `server` (`/portal/auth/sign-in`...), with `token` as bearer if given. */
export async function post(server: TestServer, path: string, body: Values, token?: string): Promise<RestAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as RestAnswer['body'] };
}

async function metadata(server: TestServer, query: string, variables?: Values): Promise<Values> {
  const result = await server.metadataGql(query, variables);
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data as Values;
}

async function createObject(server: TestServer, singular: string, plural: string, fields: string[]) {
  await metadata(
    server,
    `mutation { createObject(input: { nameSingular: "${singular}", namePlural: "${plural}",
       labelSingular: "${singular}", labelPlural: "${plural}" }) { applied } }`,
  );
  for (const field of fields)
    await metadata(server, `mutation { createField(object: "${singular}", input: ${field}) { applied } }`);
}

/** Creates a record as the admin and returns its id. */
async function insert(server: TestServer, object: string, data: Values): Promise<string> {
  const mutation = `create${object[0]!.toUpperCase()}${object.slice(1)}`;
  const result = await server.gql<Record<string, { id: string }>>(
    `mutation($data: ${object[0]!.toUpperCase()}${object.slice(1)}CreateInput!) { ${mutation}(data: $data) { id } }`,
    { data },
  );
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.data![mutation]!.id;
}

export type PortalIds = Record<'acme' | 'bolt' | 'ann' | 'bob' | 'zed' | 'annTicket' | 'bobTicket' | 'deal', string>;

/**
 * A customer-portal model. Portal-visible: `name` of company and person, `email` of person,
 * `title` of ticket, and the relations `person.company` (inverse `people`) and `ticket.contact`
 * (inverse `tickets`). Hidden: `company.revenue`, `person.secret`, `ticket.internalNote`, and the
 * whole `deal` object (its relation to company is not portal-visible).
 * Ann and Bob work at Acme, Zed at Bolt; Ann and Bob have a ticket each; Acme has a deal.
 */
export async function seedPortalModel(server: TestServer): Promise<PortalIds> {
  await createObject(server, 'company', 'companies', [
    '{ name: "name", label: "Name", type: TEXT, portalVisible: true }',
    '{ name: "revenue", label: "Revenue", type: NUMBER }',
  ]);
  await createObject(server, 'person', 'people', [
    '{ name: "name", label: "Name", type: TEXT, portalVisible: true }',
    '{ name: "email", label: "Email", type: EMAIL, portalVisible: true }',
    '{ name: "secret", label: "Secret", type: TEXT }',
    `{ name: "company", label: "Company", type: RELATION, portalVisible: true,
       relation: { target: "company", kind: MANY_TO_ONE, inverseName: "people" } }`,
  ]);
  await createObject(server, 'ticket', 'tickets', [
    '{ name: "title", label: "Title", type: TEXT, portalVisible: true }',
    '{ name: "internalNote", label: "Internal note", type: TEXT }',
    `{ name: "contact", label: "Contact", type: RELATION, portalVisible: true,
       relation: { target: "person", kind: MANY_TO_ONE, inverseName: "tickets" } }`,
  ]);
  await createObject(server, 'deal', 'deals', [
    '{ name: "title", label: "Title", type: TEXT, portalVisible: true }',
    '{ name: "company", label: "Company", type: RELATION, relation: { target: "company", kind: MANY_TO_ONE, inverseName: "deals" } }',
  ]);
  const acme = await insert(server, 'company', { name: 'Acme', revenue: 1000 });
  const bolt = await insert(server, 'company', { name: 'Bolt', revenue: 5 });
  const ann = await insert(server, 'person', { name: 'Ann', email: 'ann@acme.io', secret: 'a', companyId: acme });
  const bob = await insert(server, 'person', { name: 'Bob', email: 'bob@acme.io', secret: 'b', companyId: acme });
  const zed = await insert(server, 'person', { name: 'Zed', email: 'zed@bolt.io', secret: 'z', companyId: bolt });
  const annTicket = await insert(server, 'ticket', { title: 'Ann asks', internalNote: 'vip', contactId: ann });
  const bobTicket = await insert(server, 'ticket', { title: 'Bob asks', internalNote: 'slow', contactId: bob });
  const deal = await insert(server, 'deal', { title: 'Acme deal', companyId: acme });
  return { acme, bolt, ann, bob, zed, annTicket, bobTicket, deal };
}

/** Creates a portal user through `/metadata` (as the admin); returns the GraphQL answer. */
export function createPortalUser(server: TestServer, input: Values) {
  return server.metadataGql<{ createPortalUser: { password: string | null; portalUser: Values } }>(
    `mutation($input: CreatePortalUserInput!) {
       createPortalUser(input: $input) { password portalUser { id email object recordId isActive } }
     }`,
    { input },
  );
}

/** Signs a portal user in and returns its token (throws when sign-in fails). */
export async function portalSignIn(server: TestServer, email: string, password: string, workspace = 'demo') {
  const answer = await post(server, '/portal/auth/sign-in', { workspace, email, password });
  if (typeof answer.body.token !== 'string') throw new Error(`portal sign-in failed: ${JSON.stringify(answer)}`);
  return answer.body.token;
}

/** Sends a request to the portal API (`/portal/api/...`) with `token` as bearer; answers status and JSON body. */
export async function portalApi(
  server: TestServer,
  method: 'GET' | 'POST',
  path: string,
  token?: string | null,
  body?: Values,
): Promise<RestAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}/portal/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as RestAnswer['body'] };
}

/** The portal settings `configurePortal` saves: tickets of person contacts, opened with title and details. */
export const PORTAL_SETTINGS = {
  enabled: true,
  contactObject: 'person',
  objects: [
    {
      object: 'ticket',
      contactField: 'contact',
      statusField: 'status',
      allowCreate: true,
      createFields: ['title', 'details'],
    },
  ],
};

/**
 * Turns the portal model into a portal: a `status` SELECT and a `details` field on tickets (both
 * portal-visible), and the portal settings showing tickets of person contacts, which may open new
 * ones filling title and details.
 */
export async function configurePortal(server: TestServer): Promise<void> {
  await metadata(
    server,
    `mutation { createField(object: "ticket", input: { name: "status", label: "Status", type: SELECT, portalVisible: true,
       options: [{ value: "OPEN", label: "Open", color: "blue", position: 0 },
                 { value: "CLOSED", label: "Closed", color: "gray", position: 1 }] }) { applied } }`,
  );
  await metadata(
    server,
    'mutation { createField(object: "ticket", input: { name: "details", label: "Details", type: TEXT, portalVisible: true }) { applied } }',
  );
  await metadata(server, `mutation($input: PortalSettingsInput!) { updatePortalSettings(input: $input) { enabled } }`, {
    input: PORTAL_SETTINGS,
  });
}
