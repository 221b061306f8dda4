/**
 * A select option renamed in a bundle (its key kept, a new value) carries into every place that
 * holds option values, in the same transaction (issue 15): segments, dashboard widget filters,
 * workflow trigger conditions and step filters/values (draft and published version), webhook
 * filters, formula literals, and the WHERE of a partial index.
 */
import { createRequire } from 'node:module';
import {
  buildMetadataSchema,
  compileConditionMatch,
  createIndexService,
  type FilterInput,
  loadSnapshot,
  type MetadataRequestContext,
  recordsInSegment,
  UNRESTRICTED,
  type Workspace,
} from '@relata/core';
import { describe, expect, test } from 'vitest';
import { buildRichModel, bundleSuite, edited } from './bundle-fixture';
import { ADMIN, configServices } from './config-fixture';

// Pothos builds the schema with graphql's CommonJS build (see test/metadata/metadata-api.test.ts).
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const suite = bundleSuite();
const WON_DEAL = '0190a000-0000-7000-8000-00000000d001';
const OPEN_DEAL = '0190a000-0000-7000-8000-00000000d002';

/** buildRichModel plus one of each place holding the option value WON of deal.stage. */
async function configured(slug: string) {
  const { fx } = suite;
  const ws = await fx.workspace(slug);
  await buildRichModel(fx.db, fx.metadata, ws);
  const s = configServices(fx);
  await fx.db.query(
    `insert into "${ws.schemaName}"."deals" (id, title, amount, stage) values ($1, 'A', 100, 'WON'), ($2, 'B', 50, 'OPEN')`,
    [WON_DEAL, OPEN_DEAL],
  );
  await fx.metadata.createField(ws.id, 'deal', {
    name: 'wonValue',
    label: 'Won value',
    type: 'FORMULA',
    formula: { expression: "if(stage = 'WON', amount, 0)", resultType: 'NUMBER' },
  });
  await createIndexService({ db: fx.db }).create(ws.id, 'deal', {
    name: 'wonByAmount',
    keys: [{ field: 'amount' }],
    filter: { stage: { in: ['WON', 'OPEN'] } },
  });
  const snapshot = await loadSnapshot(fx.db, ws.id);
  const segment = await s.segments.create(
    snapshot,
    { object: 'deal', name: 'wonDeals', label: 'Won deals', filter: { stage: { eq: 'WON' } } },
    ADMIN,
  );
  const dashboard = await s.dashboards.create(
    snapshot,
    {
      name: 'wins',
      label: 'Wins',
      widgets: [
        {
          id: 'won-total',
          title: 'Won total',
          kind: 'NUMBER',
          object: 'deal',
          measure: { function: 'SUM', field: 'amount' },
          filter: { stage: { in: ['WON'] } },
          layout: { x: 0, y: 0, w: 3, h: 2 },
        },
      ],
    },
    ADMIN,
  );
  await s.webhooks.create(
    ws.id,
    {
      name: 'Wins out',
      object: 'deal',
      events: ['UPDATED'],
      filter: { stage: { eq: 'WON' } },
      role: 'admin',
      url: 'https://hooks.example.com/wins',
    },
    ADMIN,
  );
  const definition = {
    trigger: { type: 'RECORD_UPDATED', object: 'deal', fields: ['stage'], condition: { stage: { eq: 'WON' } } },
    steps: [
      {
        key: 'check',
        type: 'condition',
        // Expressions compare with the value: a `when:` branch and a `{{ }}` template follow the rename.
        settings: {
          branches: [{ when: "record.stage == 'WON' and includes(['WON', 'LOST'], record.stage)", next: 'close' }],
        },
      },
      {
        key: 'close',
        type: 'update_records',
        settings: {
          object: 'deal',
          filter: { stage: { eq: 'OPEN' } },
          values: { stage: 'WON', title: "Closed {{ record.stage != 'WON' ? record.title : 'after a \\'WON\\'' }}" },
        },
      },
    ],
  };
  const workflow = await s.workflows.create(ws.id, { name: 'Close the rest', definition }, ADMIN);
  await s.workflows.activate(ws.id, workflow.id, ADMIN);

  // A draft edited after publishing: both the draft and the version name the value.
  await s.workflows.update(
    ws.id,
    workflow.id,
    { definition: { ...definition, steps: [definition.steps[0]!, { ...definition.steps[1]!, name: 'Close' }] } },
    ADMIN,
  );
  return { ws, s, segment, dashboard, workflow };
}

/** Each place reads CLOSED_WON now, and still works on it. */
async function expectCarried({ ws, s, segment, dashboard, workflow }: Awaited<ReturnType<typeof configured>>) {
  const { fx } = suite;
  const snapshot = await loadSnapshot(fx.db, ws.id);
  const deal = snapshot.objects.find((o) => o.nameSingular === 'deal')!;
  // Segment: its members are the won deal's.
  expect(await recordsInSegment(fx.db, s.segments, snapshot, segment.id, [WON_DEAL, OPEN_DEAL])).toEqual(
    new Set([WON_DEAL]),
  );
  // Widget: OK, and its filter matches the won deal.
  const widget = (await s.dashboards.get(snapshot, UNRESTRICTED, dashboard.id)).widgets[0]!;
  expect(widget.state).toBe('OK');
  const matches = async (filter: unknown) => {
    const query = compileConditionMatch(snapshot, deal, filter as FilterInput, [WON_DEAL, OPEN_DEAL], 'filter');
    return (await fx.db.query<{ id: string }>(query.text, query.params)).rows.map((r) => r.id);
  };
  expect(await matches(widget.definition!.filter)).toEqual([WON_DEAL]);
  // Formula: computes on the renamed value.
  expect(await matches({ wonValue: { gt: 0 } })).toEqual([WON_DEAL]);
  // Webhook: its filter reads the new value.
  const hook = (await s.webhooks.list(ws.id)).find((w) => w.name === 'Wins out')!;
  expect(await matches(hook.filter)).toEqual([WON_DEAL]);
  // Workflow: the draft and the published version both name the new value.
  const versions = await fx.db.query<{ definition: unknown }>(
    'select definition from relata.workflow_versions where workflow_id = $1 union all select draft from relata.workflows where id = $1',
    [workflow.id],
  );
  expect(versions.rows.length).toBeGreaterThanOrEqual(2);
  const stored = JSON.stringify(versions.rows.map((r) => r.definition));
  expect(stored).toContain('"CLOSED_WON"');
  expect(stored).not.toContain('"WON"');
  expect(stored).toContain(" == 'CLOSED_WON' and includes(['CLOSED_WON', 'LOST'], ");
  // A literal that is not compared with the field stays as written.
  expect(stored).toContain("!= 'CLOSED_WON' ? ");
  expect(stored).toContain("'after a \\\\'WON\\\\''");
  const shown = await s.workflows.get(ws.id, workflow.id);
  expect(JSON.stringify(shown)).not.toContain('"WON"');
  expect(JSON.stringify(shown)).toContain("record.stage == 'CLOSED_WON'");
}

/** The partial index's definition as PostgreSQL holds it. */
async function indexDefinition(ws: Workspace): Promise<string> {
  const { rows } = await suite.fx.db.query<{ indexdef: string }>(
    'select indexdef from pg_indexes where schemaname = $1 and indexname = $2',
    [ws.schemaName, 'deals__won_by_amount'],
  );
  return rows[0]!.indexdef;
}

describe('select option renames in a bundle', () => {
  test('segments, widgets, workflows, webhooks, formulas and partial indexes follow the new value', async () => {
    const { bundles } = suite;
    const config = await configured('opt_carry');
    const { ws } = config;
    const files = await bundles.exportWorkspace(ws.id);
    // The export after the rename: WON is CLOSED_WON under its key, wherever a file names it.
    const won = (c: string) => c.replaceAll(': WON', ': CLOSED_WON').replaceAll('- WON', '- CLOSED_WON');
    let renamed = edited(files, 'objects/deal.yaml', (c) =>
      won(c)
        .replace('      - value: CLOSED_WON\n', '      - value: CLOSED_WON\n        key: WON\n')
        .replace("stage = 'WON'", "stage = 'CLOSED_WON'"),
    );
    renamed = edited(renamed, 'objects/company.yaml', won);
    for (const path of ['segments/wonDeals.yaml', 'dashboards/wins.yaml', 'webhooks/wins_out.yaml']) {
      renamed = edited(renamed, path, won);
    }
    renamed = edited(renamed, 'workflows/close_the_rest.yaml', (c) =>
      won(c).replaceAll("= 'WON'", "= 'CLOSED_WON'").replace("['WON',", "['CLOSED_WON',"),
    );

    const plan = await bundles.plan(ws.id, renamed);
    const stage = plan.steps.find((step) => step.target === 'field deal.stage')!;
    expect(stage.summary).toContain(
      'Renamed option values follow into formula deal.wonValue, segment “wonDeals”, dashboard “wins”, webhook “Wins out”, workflow draft “Close the rest”, workflow version “Close the rest v1”.',
    );
    const index = plan.steps.find((step) => step.target === 'index deal.wonByAmount')!;
    expect(index.sql.join('\n')).toContain("'CLOSED_WON'");

    await bundles.apply(ws.id, renamed);
    expect(await bundles.exportWorkspace(ws.id)).toEqual(renamed);
    expect((await bundles.plan(ws.id, renamed)).steps).toEqual([]);

    await expectCarried(config);
    // Partial index: rebuilt on the new value.
    expect(await indexDefinition(ws)).toMatch(/'CLOSED_WON'(?!.*'WON')/);
  });

  test("/metadata's renameFrom carries the same places in the field's own change, and rebuilds the partial index", async () => {
    const { fx } = suite;
    const config = await configured('opt_carry_api');
    const input = `{ options: [
      { value: "OPEN", label: "Open" }, { value: "CLOSED_WON", label: "Won", renameFrom: "WON" }, { value: "LOST", label: "Lost" }
    ] }`;
    const updateField = (dryRun: boolean) =>
      graphql({
        schema: buildMetadataSchema(),
        source: `mutation { updateField(object: "deal", name: "stage", input: ${input}, dryRun: ${dryRun}) { plan summary } }`,
        contextValue: {
          db: fx.db,
          workspaceId: config.ws.id,
          actor: { kind: 'system', id: null, role: 'admin' },
          metadata: fx.metadata,
        } satisfies MetadataRequestContext,
      });
    // The dry run lists the partial index's rebuild with its SQL, and changes nothing.
    const planned = await updateField(true);
    expect(planned.errors).toBeUndefined();
    const dry = planned.data!.updateField as { plan: string[]; summary: string[] };
    const rebuild = dry.plan.filter((sql) => sql.includes('deals__won_by_amount'));
    expect(rebuild).toEqual([
      expect.stringMatching(/^drop index if exists .*"deals__won_by_amount"$/),
      expect.stringMatching(/^create index "deals__won_by_amount" on .*'CLOSED_WON'/),
    ]);
    expect(dry.summary).toContain('Partial index deal.wonByAmount is rebuilt on the renamed option values.');
    expect(await indexDefinition(config.ws)).toMatch(/'WON'(?!.*'CLOSED_WON')/);

    const result = await updateField(false);
    expect(result.errors).toBeUndefined();
    expect((result.data!.updateField as { plan: string[] }).plan.slice(-2)).toEqual(rebuild);
    expect((result.data!.updateField as { summary: string[] }).summary).toContain(
      'Renamed option values follow into formula deal.wonValue, segment “wonDeals”, dashboard “wins”, webhook “Wins out”, workflow draft “Close the rest”, workflow version “Close the rest v1”.',
    );
    await expectCarried(config);
    expect(await indexDefinition(config.ws)).toMatch(/'CLOSED_WON'(?!.*'WON')/);
  });
});
