/**
 * The objects and fields a plugin requires (`relata.requires`, a metadata bundle's objects): the
 * install plan lists what the workspace lacks of them, approving adds it in the transaction that
 * records the installation (a refused grant leaves nothing behind), an existing field of another
 * type is refused naming the manifest key, what exists is reused, and an uninstall that removes
 * the plugin's data leaves them to the workspace.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { apiOf } from '../workflows/workflow-test-kit';
import { base64, pluginTarball } from './plugin-tarball';

let server: TestServer;

const lead = (fields: Array<Record<string, unknown>>) => ({
  nameSingular: 'lead',
  namePlural: 'leads',
  labelSingular: 'Lead',
  labelPlural: 'Leads',
  fields,
});
const NAME = { name: 'name', label: 'Name', type: 'TEXT' };
const SCORE = { name: 'score', label: 'Score', type: 'NUMBER' };

/** A plugin scoring leads: it requires `lead` and owns a `scoreRun` object of its own. */
const scorer = (name: string, requires: Array<Record<string, unknown>>, read: unknown[] = ['lead']) => ({
  name,
  version: '1.0.0',
  engine: '^1',
  permissions: { read, write: [{ object: 'lead', fields: ['score'] }] },
  requires: { objects: requires },
  contributes: {
    objects: [
      {
        nameSingular: `${name.replaceAll('-', '')}Run`,
        namePlural: `${name.replaceAll('-', '')}Runs`,
        labelSingular: 'Run',
        labelPlural: 'Runs',
        fields: [{ name: 'note', label: 'Note', type: 'TEXT' }],
      },
    ],
  },
});
const BUNDLE = 'module.exports = {};';

async function install(manifest: ReturnType<typeof scorer>, approve: boolean) {
  const answer = await server.metadataGql<{ installPlugin: Record<string, unknown> }>(
    `mutation($t: String!, $a: Boolean) { installPlugin(tarball: $t, approve: $a) { applied metadataAdds metadataPlan } }`,
    { t: base64(await pluginTarball(manifest, BUNDLE)), a: approve },
  );
  return answer;
}

const leadFields = async () =>
  (
    await apiOf(server).metadata<{ object: { fields: Array<{ name: string; type: string }> } | null }>(
      '{ object(name: "lead") { fields { name type } } }',
    )
  ).object?.fields.map((it) => `${it.name}:${it.type}`) ?? null;

beforeAll(async () => {
  server = await startTestServer({ workspace: 'pluginreq' });
});
afterAll(async () => {
  await server?.close();
});

describe('the objects and fields a plugin requires', () => {
  test('the plan lists what the workspace lacks; approving adds it with the installation', async () => {
    const shown = await install(scorer('lead-score', [lead([NAME, SCORE])]), false);
    expect(shown.data?.installPlugin).toMatchObject({
      applied: false,
      metadataAdds: ['new object Lead (lead): name, score', 'new object Run (leadscoreRun): note'],
    });
    expect(await leadFields()).toBeNull();
    const installed = await install(scorer('lead-score', [lead([NAME, SCORE])]), true);
    expect(installed.data?.installPlugin).toMatchObject({ applied: true });
    expect(await leadFields()).toEqual(expect.arrayContaining(['name:TEXT', 'score:NUMBER']));
  });

  test('a second plugin requiring the same lead reuses it and adds only the field it lacks', async () => {
    const other = scorer('lead-grade', [lead([NAME, SCORE, { name: 'grade', label: 'Grade', type: 'TEXT' }])]);
    const shown = await install(other, false);
    expect(shown.data?.installPlugin).toMatchObject({
      metadataAdds: ['new fields on Lead (lead): grade', 'new object Run (leadgradeRun): note'],
    });
  });

  test('a required field the workspace has with another type is refused, naming the manifest key', async () => {
    const answer = await install(scorer('lead-text', [lead([{ ...SCORE, type: 'TEXT' }])]), true);
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'relata.requires.objects.lead.fields.score.type',
    });
    expect(answer.errors?.[0]?.message).toContain('is a NUMBER field; the plugin needs TEXT');
  });

  test('a grant refused after the metadata was planned leaves none of it behind', async () => {
    const stage = { name: 'stage', label: 'Stage', type: 'TEXT' };
    const answer = await install(
      scorer('lead-stage', [lead([NAME, SCORE, stage])], [{ object: 'lead', fields: ['stage', 'nowhere'] }]),
      true,
    );
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'relata.permissions.read[0].fields[1]',
    });
    expect(await leadFields()).not.toContain('stage:TEXT');
    expect(
      (await apiOf(server).metadata<{ object: null }>('{ object(name: "leadstageRun") { id } }')).object,
    ).toBeNull();
  });

  test('an uninstall that removes its data removes its own object and leaves the required lead', async () => {
    await apiOf(server).metadata('mutation { uninstallPlugin(name: "lead-score", removeData: true) }');
    expect(await leadFields()).toEqual(expect.arrayContaining(['name:TEXT', 'score:NUMBER']));
    expect(
      (await apiOf(server).metadata<{ object: null }>('{ object(name: "leadscoreRun") { id } }')).object,
    ).toBeNull();
  });
});
