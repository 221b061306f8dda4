import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFormulaKit, type FormulaKit, refusal } from './formula-kit';

let f: FormulaKit;

beforeAll(async () => {
  f = await createFormulaKit('formula_meta');
  await f.formula('opportunity', 'companyRating', 'company.rating * 10', 'NUMBER');
});
afterAll(() => f?.kit.close());

const fieldOf = async (object: string, name: string) => {
  const data = await f.adminData(`{ opportunities(first: 1) { totalCount } }`);
  expect(data).toBeDefined();
  const { rows } = await f.kit.test.opened.db.query<{ settings: Record<string, unknown> }>(
    `select f.settings from relata.fields f join relata.objects o on o.id = f.object_id
      where o.workspace_id = $1 and o.name_singular = $2 and f.name = $3`,
    [f.kit.workspaceId, object, name],
  );
  return rows[0]?.settings;
};

describe('creating a FORMULA field', () => {
  test('a dry run plans no DDL and changes nothing; the answer prints the formula', async () => {
    const change = await f.metadata.createField(
      f.kit.workspaceId,
      'opportunity',
      { name: 'isWon', label: 'Won', type: 'FORMULA', formula: { expression: "stage='WON'", resultType: 'BOOLEAN' } },
      { dryRun: true },
    );
    expect(change.applied).toBe(false);
    expect(change.plan).toEqual([]);
    expect(change.field?.settings.formula?.resultType).toBe('BOOLEAN');
    expect(await fieldOf('opportunity', 'isWon')).toBeUndefined();
  });

  test('the expression is stored by field ids, never by names', async () => {
    const settings = await fieldOf('opportunity', 'companyRating');
    const stored = JSON.stringify(settings);
    expect(stored).not.toContain('rating');
    expect(stored).not.toContain('"company"');
    expect(stored).toContain(
      f.kit.snapshot.objects.find((o) => o.nameSingular === 'company')!.fields.find((x) => x.name === 'rating')!.id,
    );
  });

  test.each([
    [{ expression: 'company.ratng * 10', resultType: 'NUMBER' }, 'input.formula.expression', 8],
    [{ expression: 'title +', resultType: 'TEXT' }, 'input.formula.expression', 7],
    [{ expression: 'title', resultType: 'NUMBER' }, 'input.formula.expression', 0],
    [{ expression: 'title', resultType: 'MONEY' }, 'input.formula.resultType', undefined],
  ])('%j is refused at %s', async (formula, field, position) => {
    const error = await refusal(
      f.metadata.createField(f.kit.workspaceId, 'opportunity', { name: 'bad', label: 'Bad', type: 'FORMULA', formula }),
    );
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.field).toBe(field);
    expect(error.details.position).toBe(position);
  });

  test.each([
    [{}, 'input.formula'],
    [{ formula: { expression: 'title', resultType: 'TEXT' }, required: true }, 'input.required'],
    [{ formula: { expression: 'title', resultType: 'TEXT' }, defaultValue: 'x' }, 'input.defaultValue'],
    [{ formula: { expression: 'title', resultType: 'TEXT' }, indexed: true }, 'input.indexed'],
  ])('%j is refused at %s', async (extra, field) => {
    const error = await refusal(
      f.metadata.createField(f.kit.workspaceId, 'opportunity', {
        name: 'bad',
        label: 'Bad',
        type: 'FORMULA',
        ...extra,
      }),
    );
    expect(error.details.field).toBe(field);
  });

  test('a formula setting on another type is refused', async () => {
    const error = await refusal(
      f.metadata.createField(f.kit.workspaceId, 'opportunity', {
        name: 'bad',
        label: 'Bad',
        type: 'TEXT',
        formula: { expression: 'title', resultType: 'TEXT' },
      }),
    );
    expect(error.details.field).toBe('input.formula');
  });
});

describe('what a formula reads follows it by id', () => {
  test('renaming a field it reads carries through: same values, new name in the expression', async () => {
    await f.metadata.updateField(f.kit.workspaceId, 'company', 'rating', { name: 'stars' });
    const data = await f.adminData(
      `{ opportunities(orderBy: [{ title: AscNullsLast }]) { nodes { title companyRating } } }`,
    );
    expect(data.opportunities).toEqual({
      nodes: [
        { title: 'Bolt deal', companyRating: 20 },
        { title: 'Mine', companyRating: 50 },
        { title: 'Theirs', companyRating: 50 },
      ],
    });
    const snapshot = await f.metadata.updateField(f.kit.workspaceId, 'opportunity', 'companyRating', {
      label: 'Company stars',
    });
    expect(snapshot.field?.settings.formula).toBeDefined();
    await f.metadata.updateField(f.kit.workspaceId, 'company', 'stars', { name: 'rating' });
  });

  test('deleting or retyping a field it reads is refused with the formula named, a dry run included', async () => {
    for (const run of [
      () => f.metadata.deleteField(f.kit.workspaceId, 'company', 'rating', { dryRun: true }),
      () => f.metadata.deleteField(f.kit.workspaceId, 'company', 'rating'),
      () => f.metadata.updateField(f.kit.workspaceId, 'company', 'rating', { type: 'TEXT' }),
      () => f.metadata.deleteField(f.kit.workspaceId, 'opportunity', 'company'),
    ]) {
      const error = await refusal(run());
      expect(error.message).toContain('formula field "companyRating"');
      expect(error.code).toBe('CONFLICT');
      expect(error.details.dependents).toEqual(
        expect.arrayContaining([{ kind: 'FORMULA', name: 'companyRating', object: 'opportunity', path: 'formula' }]),
      );
    }
  });

  test('a formula cannot be changed to read itself through another formula', async () => {
    await f.formula('opportunity', 'twice', 'companyRating * 2', 'NUMBER');
    const error = await refusal(
      f.metadata.updateField(f.kit.workspaceId, 'opportunity', 'companyRating', {
        formula: { expression: 'twice + 1', resultType: 'NUMBER' },
      }),
    );
    expect(error.message).toContain('"twice" reads this formula itself');
    expect(error.details.position).toBe(0);
  });

  test('a formula field cannot change type, and deleting one drops nothing', async () => {
    const retype = await refusal(f.metadata.updateField(f.kit.workspaceId, 'opportunity', 'twice', { type: 'NUMBER' }));
    expect(retype.details.field).toBe('input.type');
    const deleted = await f.metadata.deleteField(f.kit.workspaceId, 'opportunity', 'twice');
    expect(deleted.plan).toEqual([]);
    expect(deleted.applied).toBe(true);
  });

  test('changing the result type of a formula another formula reads is refused', async () => {
    await f.formula('opportunity', 'ratingText', 'text(companyRating)', 'TEXT');
    const error = await refusal(
      f.metadata.updateField(f.kit.workspaceId, 'opportunity', 'companyRating', {
        formula: { expression: "concat(company.rating, '*')", resultType: 'TEXT' },
      }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.details.dependents).toEqual([
      { kind: 'FORMULA', name: 'ratingText', object: 'opportunity', path: 'formula' },
    ]);
  });
});
