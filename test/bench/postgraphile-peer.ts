import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from './baseline-server';
import type { GraphqlRequest } from './queries';

const SERVER = fileURLToPath(new URL('./postgraphile/server.mjs', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** The peer server, with the CPU its process has used so far. */
export interface PeerServer extends RunningServer {
  /** User + system CPU of the PostGraphile process in ms (from /proc; null where there is none). */
  cpuMs(): number | null;
}

/** CPU ms of process `pid` from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms on Linux). */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * PostGraphile v5 (Amber preset) over the workspace schema, in a child process: it brings its own
 * graphql 16 (see postgraphile/package.json), and a pool of the same size as the other servers'.
 */
export async function startPostgraphilePeer(
  databaseUrl: string,
  schema: string,
  poolSize: number,
): Promise<PeerServer> {
  const child = spawn(process.execPath, [SERVER, databaseUrl, schema, String(poolSize)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`PostGraphile did not start: ${output.slice(-300)}`)),
      START_TIMEOUT_MS,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostGraphile exited with ${code}: ${output.slice(-300)}`));
    });
  });
  return {
    url,
    cpuMs: () => processCpuMs(child.pid),
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** The board query as PostGraphile's Amber schema names it (same rows, same order: no null amounts). */
export const postgraphileBoardRequest = (first = 50): GraphqlRequest => ({
  operationName: 'OpportunityBoard',
  query: /* GraphQL */ `
    query OpportunityBoard($first: Int) {
      allOpportunities(condition: { stage: "WON" }, orderBy: [AMOUNT_AMOUNT_DESC], first: $first) {
        totalCount
        edges {
          node {
            rowId
            title
            stage
            closeDate
            amountAmount
            amountCurrencyCode
            companyByCompanyId {
              rowId
              name
              domain
              peopleByCompanyId(first: 3, orderBy: [EMAIL_ASC]) {
                edges { node { rowId email fullNameFirstName fullNameLastName } }
              }
            }
          }
        }
      }
    }
  `,
  variables: { first },
});

export const postgraphileCompanyListRequest = (): GraphqlRequest => ({
  operationName: 'CompanyList',
  query: /* GraphQL */ `
    query CompanyList {
      allCompanies(first: 20, orderBy: [NAME_ASC]) {
        edges { node { rowId name domain employees version } }
      }
    }
  `,
  variables: {},
});

type Json = Record<string, unknown>;
const edges = (connection: unknown) => ((connection as { edges?: { node: Json }[] })?.edges ?? []).map((e) => e.node);

/** What both answers must agree on: the count, and each row's id with its company and people ids in order. */
export function boardShape(answer: unknown, postgraphile: boolean): unknown {
  const data = (answer as { data?: Json }).data ?? {};
  const root = (postgraphile ? data.allOpportunities : data.opportunities) as Json | undefined;
  const id = (node: Json | null | undefined) => (node ? (postgraphile ? node.rowId : node.id) : null);
  return {
    totalCount: root?.totalCount,
    rows: edges(root).map((node) => {
      const company = (postgraphile ? node.companyByCompanyId : node.company) as Json | null;
      const people = company ? edges(postgraphile ? company.peopleByCompanyId : company.people) : [];
      return [id(node), id(company), people.map(id)];
    }),
  };
}

/** The company list's ids in order. */
export function listShape(answer: unknown, postgraphile: boolean): unknown {
  const data = (answer as { data?: Json }).data ?? {};
  return edges(postgraphile ? data.allCompanies : data.companies).map((node) => (postgraphile ? node.rowId : node.id));
}
