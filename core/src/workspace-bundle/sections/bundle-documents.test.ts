import { describe, expect, test } from 'vitest';
import { sampleSnapshot } from '../../metadata/test-snapshot';
import { KeyMap } from '../key-map';
import { bundleRefs } from './bundle-refs';
import { dashboardDocument, dashboardFromDocument, dashboardToDocument } from './dashboard-document';
import { formDocument, formFromDocument, formToDocument } from './form-document';
import { pluginDocument, pluginToDocument } from './plugin-document';
import { segmentDocument, segmentFromDocument, segmentToDocument } from './segment-document';
import { webhookDocument, webhookFromDocument, webhookToDocument } from './webhook-document';
import { workflowDocument, workflowFromDocument, workflowToDocument } from './workflow-document';

// The sample snapshot with keys that differ from the names: a file that held names instead of
// keys would not translate back.
const named = sampleSnapshot();
const snapshot = {
  ...named,
  objects: named.objects.map((o) => ({
    ...o,
    key: `${o.nameSingular}_k`,
    fields: o.fields.map((f) => ({ ...f, key: `${f.name}_k` })),
  })),
};
const company = snapshot.objects.find((o) => o.nameSingular === 'company')!;
const person = snapshot.objects.find((o) => o.nameSingular === 'person')!;
const fieldOf = (object: typeof company, name: string) => object.fields.find((f) => f.name === name)!.id;
const SEGMENT_ID = '0193a000-0000-7000-8000-000000000001';
const FORM_ID = '0193a000-0000-7000-8000-000000000002';
const USER_ID = '0193a000-0000-7000-8000-0000000000ff';
const refs = bundleRefs(
  new KeyMap(snapshot),
  [{ name: 'sales rep', key: 'sales_rep' }],
  { segment: [{ id: SEGMENT_ID, key: 'big_companies' }], form: [{ id: FORM_ID, key: 'web_to_lead' }] },
  [{ id: USER_ID, email: 'ada@example.com' }],
);
const site = { file: 'x/doc.yaml' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

const segment = {
  key: 'big_companies',
  name: 'bigCompanies',
  label: 'Big companies',
  description: null,
  objectId: company.id,
  filter: { or: [{ [`f:${fieldOf(company, 'size')}`]: { gt: 100 } }, { createdAt: { gt: '2026-01-01' } }] },
};
const workflow = {
  key: 'follow_up',
  name: 'Follow up',
  description: 'Tasks for new people',
  active: true,
  definition: {
    trigger: {
      type: 'RECORD_UPDATED',
      object: person.id,
      fields: [fieldOf(person, 'email')],
      condition: { [`#${fieldOf(person, 'company')}`]: { [`#${fieldOf(company, 'size')}`]: { gt: 5 } } },
    },
    steps: [
      {
        key: 'mark',
        type: 'update_records',
        settings: {
          object: company.id,
          recordId: `{{ record.#${fieldOf(person, 'company')}:id }}`,
          values: { [fieldOf(company, 'domain')]: `{{record.#${fieldOf(person, 'email')}}}` },
        },
        next: 'assign',
      },
      { key: 'assign', type: 'assign_owner', settings: { object: person.id, role: 'sales rep' } },
    ],
  },
};

describe.each([
  ['segment', segment, segmentDocument, segmentToDocument, segmentFromDocument],
  [
    'dashboard',
    {
      key: 'sales',
      name: 'sales',
      label: 'Sales',
      description: null,
      widgets: [
        {
          id: 'w1',
          title: 'Size by stage',
          kind: 'BAR',
          objectId: company.id,
          measure: { function: 'SUM', key: `f:${fieldOf(company, 'size')}` },
          groupBy: { key: `f:${fieldOf(company, 'stage')}`, bucket: null },
          filter: { [`f:${fieldOf(company, 'domain')}`]: { isNull: false } },
          segmentId: SEGMENT_ID,
          layout: { x: 0, y: 0, w: 6, h: 4 },
        },
      ],
    },
    dashboardDocument,
    dashboardToDocument,
    dashboardFromDocument,
  ],
  [
    'form',
    {
      key: 'web_to_lead',
      name: 'Web to lead',
      title: 'Contact us',
      objectId: person.id,
      fields: [{ fieldId: fieldOf(person, 'email'), label: 'Your e-mail', required: true }],
      role: 'sales rep',
      successMessage: 'Thanks',
      active: true,
    },
    formDocument,
    formToDocument,
    formFromDocument,
  ],
  [
    'webhook',
    {
      key: 'crm_sync',
      name: 'CRM sync',
      objectId: person.id,
      events: ['CREATED', 'UPDATED'],
      fields: [fieldOf(person, 'email')],
      filter: { [`#${fieldOf(person, 'email')}`]: { like: '%@example.com' } },
      role: 'sales rep',
      url: 'https://hooks.example.com/crm',
      active: false,
    },
    webhookDocument,
    webhookToDocument,
    webhookFromDocument,
  ],
  ['workflow', workflow, workflowDocument, workflowToDocument, workflowFromDocument],
] as const)('%s document', (_kind, row, schema, toDocument, fromDocument) => {
  // The translators are typed per kind; the table holds one of each.
  const to = toDocument as (row: unknown, refs: unknown, site: unknown) => unknown;
  // As the section reads a file: its schema first (a bad shape never reaches the translator).
  const from = (raw: unknown, r: unknown, s: unknown) =>
    (fromDocument as (doc: unknown, refs: unknown, site: unknown) => unknown)(schema.parse(raw), r, s);

  test('holds keys, never an id, and reads back to the same row', () => {
    const document = to(row, refs, site);
    expect(JSON.stringify(document)).not.toMatch(UUID);
    expect(JSON.parse(JSON.stringify(from(JSON.parse(JSON.stringify(document)), refs, site)))).toEqual(row);
  });

  test('an unknown object key is refused, naming the file and the path', () => {
    const document = JSON.parse(
      JSON.stringify(to(row, refs, site))
        .replaceAll('"person_k"', '"ghost"')
        .replaceAll('"company_k"', '"ghost"'),
    );
    expect(() => from(document, refs, site)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => from(document, refs, site)).toThrow(/^x\/doc\.yaml at [\w.[\]]*object: there is no object "ghost"/);
  });
});

describe('field tokens', () => {
  test('the workflow file writes fields as {object.field} inside expressions and conditions', () => {
    const document = workflowToDocument(workflow, refs, site);
    expect(document.definition.trigger).toMatchObject({
      object: 'person_k',
      fields: ['{person_k.email_k}'],
      condition: { '#{person_k.company_k}': { '#{company_k.size_k}': { gt: 5 } } },
    });
    expect(document.definition.steps[0]!.settings).toEqual({
      object: 'company_k',
      recordId: '{{ record.#{person_k.company_k}:id }}',
      values: { '{company_k.domain_k}': '{{record.#{person_k.email_k}}}' },
    });
    expect(document.definition.steps[1]!.settings).toEqual({ object: 'person_k', role: 'sales_rep' });
  });

  test('an unknown field key names the path where it sits', () => {
    const document = JSON.parse(
      JSON.stringify(workflowToDocument(workflow, refs, site)).replace('email_k}}}', 'gone}}}'),
    );
    expect(() => workflowFromDocument(workflowDocument.parse(document), refs, site)).toThrow(
      /^x\/doc\.yaml at definition\.steps\[0\]\.settings\.values\.\{company_k\.domain_k\}: there is no field "gone" of person_k/,
    );
  });

  test("a template is never read as a token; a member's user id is written as their email", () => {
    const row = {
      ...workflow,
      definition: {
        trigger: { type: 'MANUAL', object: person.id },
        steps: [
          { key: 'tell', type: 'notify_user', settings: { userId: USER_ID, title: '{{record.name}} {person.email}' } },
        ],
      },
    };
    const document = workflowToDocument(row, refs, site);
    expect(document.definition.steps[0]!.settings).toEqual({
      userId: 'ada@example.com',
      title: '{{record.name}} {person.email}',
    });
    expect(workflowFromDocument(workflowDocument.parse(document), refs, site)).toEqual(row);
    const stranger = {
      ...row,
      definition: {
        ...row.definition,
        steps: [
          { ...row.definition.steps[0]!, settings: { userId: '0193a000-0000-7000-8000-0000000000ee', title: 't' } },
        ],
      },
    };
    expect(() => workflowToDocument(stranger, refs, site)).toThrow(
      /^x\/doc\.yaml at definition\.steps\[0\]\.settings\.userId: names a user who is not a member/,
    );
  });

  test('a role the workspace lacks is refused on the role path', () => {
    const document = formToDocument(
      {
        key: 'f',
        name: 'f',
        title: 't',
        objectId: person.id,
        fields: [],
        role: 'sales rep',
        successMessage: '',
        active: true,
      },
      refs,
      site,
    );
    expect(() =>
      formFromDocument(
        { ...document, fields: [{ field: 'email_k', label: null, required: false }], role: 'boss' },
        refs,
        site,
      ),
    ).toThrow(/^x\/doc\.yaml at role: there is no role "boss"/);
  });
});

describe('plugin document', () => {
  test('holds the ordinary settings only, whatever the row holds', () => {
    const manifest = {
      settings: {
        type: 'object',
        properties: { region: { type: 'string' }, apiKey: { type: 'string', secret: true } },
      },
    };
    const document = pluginToDocument({
      name: 'sms',
      version: '1.2.0',
      integrity: 'sha512-abc',
      enabled: true,
      settings: { region: 'eu', apiKey: 'sk_live_never', dropped: 1 },
      manifest,
    });
    expect(document).toEqual({
      name: 'sms',
      version: '1.2.0',
      integrity: 'sha512-abc',
      enabled: true,
      settings: { region: 'eu' },
    });
    expect(pluginDocument.parse(document)).toEqual(document);
  });
});
