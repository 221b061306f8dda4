import { createUser } from '@relata/runtime';
import { type GqlResult, startTestServer, type TestServer } from '../support/test-server';

/**
 * The analytical blocks' world, built through the real HTTP API (workspace `shop`):
 * - `customer` (name, region EAST|WEST), roll-ups `orderCount` (count of orders) and `spent` (sum of total);
 * - `order` (placedAt DATE_TIME, total NUMBER, customer MANY_TO_ONE, inverse `orders`);
 * Customers c0..c9 have the orders of RECENCY_DAYS / FREQUENCY / MONETARY below (the latest order
 * carries the whole amount, the others 0), c10 has none, c11 one order 400 days ago; c1 also has a
 * soft-deleted order of 5000 placed yesterday. Role `rep` reads EAST customers only and not `spent`.
 */
export interface AnalyticsWorld {
  server: TestServer;
  /** Customer ids c0..c11 by name. */
  customers: Record<string, string>;
  rep: { token: string };
  meta<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  data<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  close(): Promise<void>;
}

/** Days since c<i>'s latest order. */
export const RECENCY_DAYS = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10];
/** Orders of c<i> (all within the year). */
export const FREQUENCY = [5, 1, 2, 8, 3, 9, 4, 6, 7, 10];
/** Total spent by c<i>. */
export const MONETARY = [100, 900, 300, 200, 1000, 50, 700, 400, 600, 800];
/** c<i>'s region: even EAST, odd WEST (c10 EAST, c11 WEST). */
export const regionOf = (i: number) => (i % 2 === 0 ? 'EAST' : 'WEST');

const DAY = 86_400_000;
export const daysAgo = (days: number, now = Date.now()) => new Date(now - days * DAY).toISOString();

const MODEL = [
  'mutation { createObject(input: { nameSingular: "customer", namePlural: "customers", labelSingular: "Customer", labelPlural: "Customers" }) { applied } }',
  'mutation { createField(object: "customer", input: { name: "name", label: "Name", type: TEXT }) { applied } }',
  `mutation { createField(object: "customer", input: { name: "region", label: "Region", type: SELECT,
     options: [{ value: "EAST", label: "East" }, { value: "WEST", label: "West" }] }) { applied } }`,
  'mutation { createObject(input: { nameSingular: "order", namePlural: "orders", labelSingular: "Order", labelPlural: "Orders" }) { applied } }',
  'mutation { createField(object: "order", input: { name: "placedAt", label: "Placed at", type: DATE_TIME }) { applied } }',
  'mutation { createField(object: "order", input: { name: "total", label: "Total", type: NUMBER, scale: 2 }) { applied } }',
  `mutation { createField(object: "order", input: { name: "customer", label: "Customer", type: RELATION,
     relation: { target: "customer", kind: MANY_TO_ONE, inverseName: "orders", onDelete: SET_NULL } }) { applied } }`,
  'mutation { createField(object: "customer", input: { name: "orderCount", label: "Orders", type: ROLLUP, rollup: { relation: "orders", function: COUNT } }) { applied } }',
  'mutation { createField(object: "customer", input: { name: "spent", label: "Spent", type: ROLLUP, rollup: { relation: "orders", function: SUM, field: "total" } }) { applied } }',
  'mutation { createRole(input: { name: "rep", label: "Rep" }) { applied } }',
  `mutation { setObjectPermission(role: "rep", object: "customer", input: { canRead: true,
     recordScope: CONDITION, recordCondition: { region: { eq: "EAST" } } }) { applied } }`,
  'mutation { setFieldPermission(role: "rep", object: "customer", field: "spent", canRead: false, canWrite: false) { applied } }',
  'mutation { setObjectPermission(role: "rep", object: "order", input: { canRead: true, recordScope: ALL }) { applied } }',
];

function dataOf<T>(result: GqlResult<T>, what: string): T {
  if (result.errors?.length || !result.data) throw new Error(`${what} failed: ${JSON.stringify(result)}`);
  return result.data;
}

/** Orders of customer `i` as create inputs, relative to `now`. */
function ordersOf(i: number, id: string, now: number) {
  if (i === 11) return [{ customerId: id, placedAt: daysAgo(400, now), total: 70 }];
  if (i >= 10) return [];
  return Array.from({ length: FREQUENCY[i] as number }, (_, k) => ({
    customerId: id,
    placedAt: daysAgo((RECENCY_DAYS[i] as number) + k, now),
    total: k === 0 ? (MONETARY[i] as number) : 0,
  }));
}

/** A fresh server (workspace `shop`) holding the world. */
export async function createAnalyticsWorld(extraModel: string[] = []): Promise<AnalyticsWorld> {
  return buildAnalyticsWorld(await startTestServer({ workspace: 'shop' }), extraModel);
}

/** Builds the world in `server`'s workspace (an empty one) through its HTTP API. */
export async function buildAnalyticsWorld(server: TestServer, extraModel: string[] = []): Promise<AnalyticsWorld> {
  const meta = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await server.metadataGql<T>(query, variables), query.slice(0, 80));
  const data = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
    dataOf(await server.gql<T>(query, variables, token), query.slice(0, 80));
  for (const document of [...MODEL, ...extraModel]) await meta(document);

  const names = Array.from({ length: 12 }, (_, i) => `c${i}`);
  const created = await data<{ createCustomers: { id: string; name: string }[] }>(
    'mutation($d: [CustomerCreateInput!]!) { createCustomers(data: $d) { id name } }',
    { d: names.map((name, i) => ({ name, region: regionOf(i) })) },
  );
  const customers: Record<string, string> = Object.create(null);
  for (const c of created.createCustomers) customers[c.name] = c.id;
  const now = Date.now();
  const orders = names.flatMap((name, i) => ordersOf(i, customers[name] as string, now));
  await data('mutation($d: [OrderCreateInput!]!) { createOrders(data: $d) { id } }', { d: orders });
  const gone = await data<{ createOrder: { id: string } }>(
    'mutation($d: OrderCreateInput!) { createOrder(data: $d) { id } }',
    { d: { customerId: customers.c1, placedAt: daysAgo(1, now), total: 5000 } },
  );
  await data('mutation($id: ID!) { deleteOrder(id: $id) { id } }', { id: gone.createOrder.id });

  const { db } = server.database.opened;
  const password = 'rep password long enough';
  await createUser(db, { workspace: server.workspace.slug, email: 'rep@shop.test', password, role: 'rep' });
  const signedIn = await server.signIn('rep@shop.test', password, server.workspace.slug);
  if (typeof signedIn.body.token !== 'string') throw new Error(`rep sign-in failed: ${JSON.stringify(signedIn)}`);
  return { server, customers, rep: { token: signedIn.body.token }, meta, data, close: () => server.close() };
}
