import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSecretCipher,
  createSecretStore,
  createTemplateService,
  installStandardObjects,
  type TemplateService,
  type Workspace,
} from '@relata/core';
import type { MetadataFixture } from '../metadata/fixture';

/** The folder holding the test templates (`mini`). */
export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

/** A copy of the fixture templates in a temp folder, to edit (a version 2, a broken manifest) without touching them. */
export function copyFixtures(): string {
  const root = mkdtempSync(join(tmpdir(), 'relata-templates-'));
  cpSync(FIXTURES, root, { recursive: true });
  return root;
}

/** Rewrites `file` under `root` through `edit`, which must change it. */
export function editFile(root: string, file: string, edit: (content: string) => string): void {
  const path = join(root, ...file.split('/'));
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(path, after);
}

export function templateService(fx: MetadataFixture): TemplateService {
  const secrets = createSecretStore({ db: fx.db, cipher: createSecretCipher('template-test-secret-0123456789abcdef') });
  // The runtime's PgDatabase: it has the pool and ORM the bulk import drives.
  return createTemplateService({ db: fx.test.opened.db, secrets });
}

/** A workspace as `relata workspace create` makes it (with the standard objects). */
export async function freshWorkspace(fx: MetadataFixture, slug: string): Promise<Workspace> {
  const workspace = await fx.workspace(slug);
  await installStandardObjects(fx.db, workspace.id);
  return workspace;
}
