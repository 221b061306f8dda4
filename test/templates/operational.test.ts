/**
 * The operational CRM template (examples/operational) installed into a workspace of a running
 * Relata (worker on): it installs, installing again changes nothing, its export is its bundle,
 * and on its seed data the dashboards show the figures the CSVs give, the web form assigns leads
 * round robin, a stage change gives the owner a follow-up task, an overdue case escalates, and
 * the roles see what a commercial CRM would let them see.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { until } from '../workflows/workflow-trigger-support';
import { dashboardWidgets, expectedSales, expectedService, expectPoints } from './operational-figures';
import {
  dataOf,
  exportBundle,
  installOperational,
  planBundle,
  readSeed,
  readTemplate,
  TEMPLATE_DIR,
} from './operational-kit';
import { type OperationalServer, startOperational } from './operational-server';

const run = promisify(execFile);
let ops: OperationalServer;
beforeAll(async () => {
  ops = await startOperational();
}, 240_000);
afterAll(async () => {
  await ops?.close();
});

/** Each seeded object's API plural, by its key in the bundle. */
const PLURALS: Record<string, string> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
  product: 'products',
  quote: 'quotes',
  quoteLine: 'quoteLines',
  campaign: 'campaigns',
  campaignMember: 'campaignMembers',
  article: 'articles',
  case: 'cases',
};
const SLA_DEFAULTS = { urgentHours: 4, highHours: 8, normalHours: 24, lowHours: 72 };

/**
 * The workspace's export as the template's files. The template leaves the workspace settings (its
 * name, currency) to the admin, so its relata.yaml lists every section but that one; the plugin's
 * file carries the integrity of the package the installer ships, so it is compared on its own.
 */
async function exportedTemplateFiles() {
  const exported = await exportBundle(ops.server);
  const manifest = exported.find((f) => f.path === 'relata.yaml')!;
  expect(manifest.content).toContain('\n  - settings\n');
  return exported
    .filter((f) => !f.path.startsWith('settings/') && !f.path.startsWith('plugins/'))
    .map((f) => (f === manifest ? { ...f, content: f.content.replace('\n  - settings\n', '\n') } : f))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

describe('installing the operational template', () => {
  test('the install job runs to the end, and every seed row is loaded with its relations matched', async () => {
    expect(ops.install.at(-1)).toMatchObject({ status: 'DONE', phase: 'done', error: null });
    for (const entry of (await readTemplate()).manifest.seed) {
      const plural = PLURALS[entry.object]!;
      expect(await ops.count(plural), entry.file).toBe((await readSeed(entry.file)).length);
    }
    expect(await ops.count('contacts', { account: { id: { isNull: false } } })).toBe(150);
    expect(await ops.count('opportunities', { account: { id: { isNull: false } } })).toBe(90);
    expect(await ops.count('quoteLines', { product: { code: { isNull: false } } })).toBe(54);
    // The quote total is the roll-up of its lines' formula (quantity x price less the discount).
    const lines = await readSeed('seed/quote-lines.csv');
    const first = lines[0]!.quote!;
    const expected = lines
      .filter((l) => l.quote === first)
      .reduce(
        (sum, l) => sum + Math.round(Number(l.quantity) * Number(l.unitPrice) * (100 - Number(l.discount))) / 100,
        0,
      );
    const { quotes } = await ops.gql<{ quotes: { edges: { node: { total: number; lineCount: number } }[] } }>(
      'query($n: String!) { quotes(filter: { number: { eq: $n } }) { edges { node { total lineCount } } } }',
      { n: first },
    );
    expect(Number(quotes.edges[0]!.node.total)).toBeCloseTo(expected, 2);
    expect(quotes.edges[0]!.node.lineCount).toBe(lines.filter((l) => l.quote === first).length);
  });

  test('the seed CSVs are what the generator writes, byte for byte', async () => {
    const out = await mkdtemp(join(tmpdir(), 'relata-ops-seed-'));
    try {
      await run(process.execPath, [join(TEMPLATE_DIR, 'seed', 'generate.mjs'), out]);
      const { seed } = (await readTemplate()).manifest;
      expect((await readdir(out)).sort()).toEqual(seed.map((e) => e.file.replace('seed/', '')).sort());
      for (const entry of seed) {
        const fresh = await readFile(join(out, entry.file.replace('seed/', '')));
        expect(fresh.equals(await readFile(join(TEMPLATE_DIR, entry.file))), entry.file).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  test('the SLA timer is installed from plugins/, enabled, with the hours its bundle file pins', async () => {
    const { plugins } = dataOf(
      await ops.server.metadataGql<{ plugins: { name: string; enabled: boolean; settings: Record<string, number> }[] }>(
        '{ plugins { name enabled settings } }',
      ),
      'plugins',
    );
    expect(plugins).toEqual([{ name: 'sla-timer', enabled: true, settings: SLA_DEFAULTS }]);
    const file = (await exportBundle(ops.server)).find((f) => f.path === 'plugins/sla-timer.yaml')!;
    expect(file.content).toContain('settings:\n  highHours: 8\n  lowHours: 72\n  normalHours: 24\n  urgentHours: 4\n');
    const pinned = (await readTemplate()).bundle.find((f) => f.path === 'plugins/sla-timer.yaml')!;
    const withoutIntegrity = (content: string) => content.replace(/^integrity: .*$/m, '');
    expect(withoutIntegrity(file.content)).toBe(withoutIntegrity(pinned.content));
  });

  test('its export is its bundle, file for file, plus the workspace settings it leaves alone', async () => {
    // Both sorted by path (the reader's order; an export lists relata.yaml first).
    const { bundle } = await readTemplate();
    expect(await exportedTemplateFiles()).toEqual(bundle.filter((f) => !f.path.startsWith('plugins/')));
  });

  test('installing it again changes nothing', async () => {
    const { bundle } = await readTemplate();
    const before = await exportBundle(ops.server);
    // The plugin's file as the installer takes it: on the integrity of the package it installed.
    const installed = before.find((f) => f.path === 'plugins/sla-timer.yaml')!.content.match(/^integrity: .*$/m)![0];
    const shipped = bundle.map((f) => ({ ...f, content: f.content.replace(/^integrity: .*$/m, installed) }));
    expect((await planBundle(ops.server, shipped)).steps).toEqual([]);
    const again = await installOperational(ops.server);
    expect(again.at(-1)).toMatchObject({ status: 'DONE', error: null });
    expect(await exportBundle(ops.server)).toEqual(before);
    expect(await ops.count('accounts')).toBe(60);
    expect(await ops.count('cases')).toBe(40);
  });
});

describe('dashboards on the seed data', () => {
  test('sales: won this quarter, open and weighted pipeline, pipeline by stage, forecast by month', async () => {
    const opportunities = await readSeed('seed/opportunities.csv');
    expectPoints(
      await dashboardWidgets(ops, 'sales'),
      expectedSales(opportunities, await readSeed('seed/leads.csv'), new Date()),
    );
  });

  test('service: open cases, SLA breaches, resolution time, open cases by priority', async () => {
    expectPoints(await dashboardWidgets(ops, 'service'), expectedService(await readSeed('seed/cases.csv'), new Date()));
  });
});

const HOUR_MS = 3_600_000;

describe('workflows on the seed data', () => {
  test('leads from the web form go to the sales reps in turn, each told', async () => {
    const { forms } = dataOf(
      await ops.server.metadataGql<{ forms: { id: string; name: string }[] }>('{ forms { id name } }'),
      'forms',
    );
    const form = forms.find((f) => f.name === 'Web to lead')!;
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${ops.server.url}/forms/${form.id}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-forwarded-for': `203.0.113.${10 + i}`,
        },
        body: JSON.stringify({
          lastName: `Visitor ${i}`,
          email: `visitor${i}@prospect.example`,
          company: 'Prospect Inc',
        }),
      });
      expect(response.status).toBe(201);
      // One at a time: the turn order is the order the runs commit in.
      const lead = await until(`lead ${i} assigned`, () =>
        ops
          .first<{ ownerId: string | null; source: string }>('leads', 'ownerId source', {
            email: { eq: `visitor${i}@prospect.example` },
          })
          .then((l) => (l?.ownerId ? l : null)),
      );
      expect(lead.source).toBe('WEB');
      owners.push(lead.ownerId!);
    }
    // The role's members take turns in the order of their ids.
    const turn = ops.reps.map((r) => r.id).sort();
    expect(owners).toEqual([...turn, ...turn]);
    for (const rep of ops.reps) {
      const told = (await ops.notificationTitles(rep)).filter((t) => t.startsWith('New web lead: '));
      expect(told, rep.email).toHaveLength(2);
    }
  });

  test('an opportunity moving to another open stage gives its owner a follow-up task due in two days', async () => {
    const [rita] = ops.reps;
    const opportunity = (await ops.first<{ id: string; name: string }>('opportunities', 'id name', {
      stage: { eq: 'PROSPECTING' },
    }))!;
    // Reassigning it is no stage change: no task for that.
    await ops.gql('mutation($id: ID!, $o: ID!) { updateOpportunity(id: $id, data: { ownerId: $o }) { id } }', {
      id: opportunity.id,
      o: rita!.id,
    });
    await ops.gql('mutation($id: ID!) { updateOpportunity(id: $id, data: { stage: QUALIFICATION }) { id } }', {
      id: opportunity.id,
    });
    const title = `Follow up: ${opportunity.name} is now in QUALIFICATION`;
    const task = await until('the follow-up task', () =>
      ops.first<{ title: string; dueDate: string; ownerId: string }>('tasks', 'title dueDate ownerId', {
        title: { eq: title },
      }),
    );
    expect(task.ownerId).toBe(rita!.id);
    expect(task.dueDate).toBe(new Date(Date.now() + 2 * 24 * HOUR_MS).toISOString().slice(0, 10));
    // The rep sees the task among their own.
    expect(await ops.count('tasks', { title: { eq: title } }, await ops.tokenOf(rita!))).toBe(1);
  });

  test('an overdue high-priority case escalates: the SLA sweep marks it, the workflow makes it urgent and tells its owner', async () => {
    const { createCase } = await ops.gql<{ createCase: { id: string; createdAt: string } }>(
      'mutation($o: ID!) { createCase(data: { number: "CS-9001", subject: "Production line down", priority: HIGH, ownerId: $o }) { id createdAt } }',
      { o: ops.agent.id },
    );
    const { createCase: unassigned } = await ops.gql<{ createCase: { id: string } }>(
      'mutation { createCase(data: { number: "CS-9002", subject: "Label printer offline", priority: HIGH }) { id } }',
    );
    const read = () =>
      ops.first<{ priority: string; dueBy: string | null; escalated: boolean | null }>(
        'cases',
        'priority dueBy escalated',
        { id: { eq: createCase.id } },
      );
    const due = await until('the SLA due-by', () => read().then((c) => (c?.dueBy ? c : null)));
    expect(Date.parse(due.dueBy!) - Date.parse(createCase.createdAt)).toBe(8 * HOUR_MS);
    await until('the unassigned due-by', () =>
      ops.first<{ dueBy: string | null }>('cases', 'dueBy', { id: { eq: unassigned.id } }).then((c) => c?.dueBy),
    );
    const { plugins } = dataOf(
      await ops.server.metadataGql<{ plugins: { id: string; name: string }[] }>('{ plugins { id name } }'),
      'plugins',
    );
    const services = ops.server.instance.services;
    // The sweep as the job queue runs it, one hour after the case fell due.
    await services.plugins.runner.call(
      await services.workspaces.snapshotOf(ops.server.workspace.id),
      plugins[0]!.id,
      'schedules.escalate',
      {
        schedule: 'escalate',
        dueAt: new Date(Date.parse(createCase.createdAt) + 9 * HOUR_MS).toISOString(),
      },
    );
    await until('the urgent priority', () => read().then((c) => c?.priority === 'URGENT'));
    await until('the owner told', async () =>
      (await ops.notificationTitles(ops.agent)).includes('Case CS-9001 breached its SLA and is now urgent'),
    );
    // The unassigned case swept with it is raised without a notification; no escalation run fails.
    await until('the unassigned case raised', () =>
      ops
        .first<{ priority: string }>('cases', 'priority', { id: { eq: unassigned.id } })
        .then((c) => c?.priority === 'URGENT'),
    );
    const runs = async () =>
      (
        await ops.server.database.opened.db.query<{ status: string }>(
          `select r.status from relata.workflow_runs r join relata.workflows w on w.id = r.workflow_id
           where w.workspace_id = $1 and w.key = 'case_escalation'`,
          [ops.server.workspace.id],
        )
      ).rows.map((r) => r.status);
    await until('both escalation runs finished', async () => {
      const statuses = await runs();
      return statuses.length === 2 && !statuses.includes('RUNNING');
    });
    expect(await runs()).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect((await ops.notificationTitles(ops.agent)).filter((t) => t.includes('breached its SLA'))).toEqual([
      'Case CS-9001 breached its SLA and is now urgent',
    ]);
    // Urgent restarts the clock at the urgent target, counted from the opening.
    const restarted = await until('the urgent due-by', () =>
      read().then((c) => c && Date.parse(c.dueBy ?? '') - Date.parse(createCase.createdAt) === 4 * HOUR_MS && c),
    );
    expect(restarted.priority).toBe('URGENT');
  });
});
