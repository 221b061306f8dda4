import { describe, expect, test } from 'vitest';
import { changedPaths, mergeDocument, withoutAdminChanges } from './document-merge';

const field = (key: string, label: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: key,
  label,
  ...extra,
});
const object = (fields: unknown[], extra: Record<string, unknown> = {}) => ({
  key: 'deal',
  labelSingular: 'Deal',
  ...extra,
  fields,
});

describe('mergeDocument', () => {
  test('a change on one side wins; both sides change different keys and items: both kept', () => {
    const base = object([field('title', 'Title'), field('amount', 'Amount')]);
    const mine = object([field('title', 'Deal title'), field('amount', 'Amount'), field('mine', 'Mine')]);
    const theirs = object([field('title', 'Title'), field('amount', 'Value'), field('stage', 'Stage')], {
      icon: 'cash',
    });
    const { merged, conflicts } = mergeDocument('objects/deal.yaml', {
      mineBase: base,
      mine,
      theirsBase: base,
      theirs,
    });
    expect(conflicts).toEqual([]);
    expect(merged).toEqual({
      key: 'deal',
      labelSingular: 'Deal',
      icon: 'cash',
      fields: [field('title', 'Deal title'), field('amount', 'Value'), field('stage', 'Stage'), field('mine', 'Mine')],
    });
  });

  test('the same scalar changed differently on both sides is a conflict with file and path; prefer resolves it', () => {
    const base = object([field('title', 'Title')]);
    const sides = {
      mineBase: base,
      mine: object([field('title', 'Name')]),
      theirsBase: base,
      theirs: object([field('title', 'Subject')]),
    };
    const { merged, conflicts } = mergeDocument('objects/deal.yaml', sides);
    expect(conflicts).toEqual([
      { file: 'objects/deal.yaml', path: 'fields[title].label', mine: 'Name', theirs: 'Subject' },
    ]);
    expect(merged).toEqual(sides.mine);
    expect(mergeDocument('objects/deal.yaml', sides, 'template')).toEqual({ merged: sides.theirs, conflicts: [] });
    expect(mergeDocument('objects/deal.yaml', sides, 'mine')).toEqual({ merged: sides.mine, conflicts: [] });
  });

  test('equal changes on both sides are no conflict; removals follow the side that removed', () => {
    const base = object([field('a', 'A'), field('b', 'B')]);
    const sameChange = mergeDocument('f', {
      mineBase: base,
      mine: object([field('a', 'X'), field('b', 'B')]),
      theirsBase: base,
      theirs: object([field('a', 'X')]),
    });
    expect(sameChange).toEqual({ merged: object([field('a', 'X')]), conflicts: [] });
    // The template removed b, the admin edited it: a conflict (keeping the edit or the removal).
    const editedRemoved = mergeDocument('f', {
      mineBase: base,
      mine: object([field('a', 'A'), field('b', 'Bee')]),
      theirsBase: base,
      theirs: object([field('a', 'A')]),
    });
    expect(editedRemoved.conflicts).toEqual([
      { file: 'f', path: 'fields[b]', mine: field('b', 'Bee'), theirs: undefined },
    ]);
  });

  test('each side is measured against its own base (the export writes defaults the template files leave out)', () => {
    const { merged, conflicts } = mergeDocument('f', {
      mineBase: { label: 'A', color: 'gray' },
      mine: { label: 'Mine', color: 'gray' },
      theirsBase: { label: 'A' },
      theirs: { label: 'A', color: 'red' },
    });
    expect(conflicts).toEqual([]);
    expect(merged).toEqual({ label: 'Mine', color: 'red' });
  });

  test('a file only the template adds is taken; one the template removes and the admin left is removed', () => {
    expect(
      mergeDocument('f', { mineBase: undefined, mine: undefined, theirsBase: undefined, theirs: { a: 1 } }).merged,
    ).toEqual({ a: 1 });
    expect(
      mergeDocument('f', { mineBase: { a: 1 }, mine: { a: 1 }, theirsBase: { a: 1 }, theirs: undefined }).merged,
    ).toBeUndefined();
  });
});

describe('changedPaths', () => {
  test('leaf paths, list items by key', () => {
    expect(changedPaths(object([field('a', 'A')]), object([field('a', 'B'), field('c', 'C')]))).toEqual([
      'fields[a].label',
      'fields[c]',
    ]);
    expect(changedPaths({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe('withoutAdminChanges', () => {
  test("the workspace after an upgrade, with the admin's edits back at the template's values", () => {
    const sides = {
      mineBase: object([field('a', 'A'), field('b', 'B')]),
      mine: object([field('a', 'Mine'), field('b', 'Bee'), field('x', 'Added')]),
      theirsBase: object([field('a', 'A'), field('b', 'B')]),
      theirs: object([field('a', 'A'), field('b', 'Theirs')]),
    };
    const workspace = object([field('a', 'Mine'), field('b', 'Bee'), field('x', 'Added')]);
    expect(withoutAdminChanges(sides, workspace)).toEqual(object([field('a', 'A'), field('b', 'Theirs')]));
  });
});
