/**
 * A running Relata (worker on) with the operational template installed and its seed loaded,
 * three sales reps, a support agent and a sales manager, plus the queries the template tests ask
 * as one of them.
 */
import { createUser } from '@relata/runtime';
import { startTestServer, type TestServer } from '../support/test-server';
import { dataOf, installOperational, type TemplateInstall } from './operational-kit';

const PASSWORD = 'correct horse battery staple';

export interface Member {
  id: string;
  email: string;
}

export interface OperationalServer {
  server: TestServer;
  /** The states the install job was seen in, the last one final. */
  install: TemplateInstall[];
  reps: Member[];
  agent: Member;
  manager: Member;
  gql<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  tokenOf(member: Member): Promise<string>;
  /** totalCount of `plural` matching `filter`, as `token`'s user sees it. */
  count(plural: string, filter?: Record<string, unknown>, token?: string): Promise<number>;
  /** The first record of `plural` matching `filter` (its `fields`), or null. */
  first<T>(plural: string, fields: string, filter: Record<string, unknown>, token?: string): Promise<T | null>;
  notificationTitles(member: Member): Promise<string[]>;
  close(): Promise<void>;
}

const typeOf = (plural: string) =>
  plural === 'opportunities' ? 'Opportunity' : `${plural[0]!.toUpperCase()}${plural.slice(1, -1)}`;

export async function startOperational(): Promise<OperationalServer> {
  const server = await startTestServer({
    workspace: 'operational',
    activities: true,
    worker: true,
    // The schedule ticker never fires during a test: tests run the SLA sweep themselves, at a chosen time.
    schedules: { tickMs: 3_600_000 },
    // Each web visitor has their own address (the form's per-address limit is not what is tested).
    trustProxy: 1,
  });
  const install = await installOperational(server);
  const last = install.at(-1)!;
  if (last.status !== 'DONE') throw new Error(`the template install ended ${last.status}: ${last.error}`);
  const { db } = server.database.opened;
  const member = async (name: string, role: string): Promise<Member> => {
    const user = await createUser(db, {
      workspace: 'operational',
      email: `${name}@ops.test`,
      password: PASSWORD,
      role,
    });
    return { id: user.id, email: user.email };
  };
  const reps = [await member('rita', 'sales-rep'), await member('sam', 'sales-rep'), await member('tom', 'sales-rep')];
  const agent = await member('ada', 'support-agent');
  const manager = await member('max', 'sales-manager');

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
    dataOf(await server.gql<T>(query, variables, token), query.slice(0, 60));
  const tokenOf = async ({ email }: Member) => {
    const { body } = await server.signIn(email, PASSWORD);
    if (typeof body.token !== 'string') throw new Error(`sign-in of ${email} failed`);
    return body.token;
  };
  return {
    server,
    install,
    reps,
    agent,
    manager,
    gql,
    tokenOf,
    async count(plural, filter = {}, token) {
      const query = `query($f: ${typeOf(plural)}Filter) { ${plural}(filter: $f) { totalCount } }`;
      return (await gql<Record<string, { totalCount: number }>>(query, { f: filter }, token))[plural]!.totalCount;
    },
    async first<T>(plural: string, fields: string, filter: Record<string, unknown>, token?: string) {
      const query = `query($f: ${typeOf(plural)}Filter) { ${plural}(filter: $f, first: 1) { edges { node { ${fields} } } } }`;
      const data = await gql<Record<string, { edges: { node: T }[] }>>(query, { f: filter }, token);
      return data[plural]!.edges[0]?.node ?? null;
    },
    async notificationTitles(who) {
      const query = '{ notifications(first: 50) { title } }';
      return (await gql<{ notifications: { title: string }[] }>(query, {}, await tokenOf(who))).notifications.map(
        (n) => n.title,
      );
    },
    async close() {
      await server.close();
    },
  };
}
