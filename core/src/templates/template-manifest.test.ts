import { describe, expect, test } from 'vitest';
import { isRelataError } from '../errors';
import { parseTemplateManifest } from './template-manifest';

const VALID = `format: 1
name: ops-crm
title: Operational CRM
version: 3
summary: One sentence.
description: A paragraph.
plugins:
  - package: sla-timer
seed:
  - object: account
    file: seed/accounts.csv.gz
    match:
      parentAccount: name
`;

const problem = (content: string, folder?: string) => {
  try {
    parseTemplateManifest(content, folder);
  } catch (error) {
    if (!isRelataError(error)) throw error;
    return { code: error.code, file: error.details.file, field: error.details.field, message: error.message };
  }
  throw new Error('expected the manifest to be refused');
};

describe('parseTemplateManifest', () => {
  test('reads a full manifest; plugins and seed default to none', () => {
    expect(parseTemplateManifest(VALID, 'ops-crm')).toMatchObject({
      name: 'ops-crm',
      version: 3,
      plugins: [{ package: 'sla-timer' }],
      seed: [{ object: 'account', file: 'seed/accounts.csv.gz', match: { parentAccount: 'name' } }],
    });
    const bare = VALID.slice(0, VALID.indexOf('plugins:'));
    expect(parseTemplateManifest(bare)).toMatchObject({ plugins: [], seed: [] });
  });

  test('every problem names template.yaml and the path in it', () => {
    expect(problem(VALID.replace('version: 3', 'version: 0'))).toMatchObject({
      file: 'template.yaml',
      field: 'version',
    });
    expect(problem(`${VALID}colour: red\n`).message).toContain('unknown key(s) colour');
    expect(problem(VALID.replace('seed/accounts.csv.gz', '../accounts.csv'))).toMatchObject({ field: 'seed[0].file' });
    expect(problem(VALID.replace('seed/accounts.csv.gz', 'seed/accounts.xlsx'))).toMatchObject({
      field: 'seed[0].file',
    });
    expect(problem(VALID.replace('name: ops-crm', 'name: Ops CRM'))).toMatchObject({ field: 'name' });
    expect(problem(VALID, 'other')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(problem('format: 1\n  bad: [')).toMatchObject({ file: 'template.yaml' });
  });
});
