/**
 * The operational template as its tests read and install it: the folder through core's template
 * reader, the install as the studio asks for it (`installTemplate` on /metadata, then polling the
 * background job), the bundle's plan and export through /metadata.
 */
import { fileURLToPath } from 'node:url';
import {
  type BundleFile,
  readSeedTable,
  readTemplateFolder,
  seedDateShift,
  shiftSeedDate,
  type TemplateFolder,
} from '@relata/core';
import { buildPlugin } from '@relata/plugin-sdk/build';
import type { GqlResult, TestServer } from '../support/test-server';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../examples/operational/', import.meta.url));

/** The template folder as the installer reads it (manifest validated, bundle files sorted). */
export const readTemplate = (): Promise<TemplateFolder> => readTemplateFolder(TEMPLATE_DIR);

/** A whole cell that is a date or a date-time: what the install moves (every date field of the seed). */
const DATE_CELL = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A seed CSV as the installer loads it today, as records by header (field keys): its dates moved
 * from the manifest's seedDatesRelativeTo to today, as the install moves them.
 */
export async function readSeed(file: string): Promise<Record<string, string>[]> {
  const table = await readSeedTable(TEMPLATE_DIR, file);
  const shift = seedDateShift((await readTemplate()).manifest.seedDatesRelativeTo, new Date());
  const cell = (value: string) => (DATE_CELL.test(value) ? shiftSeedDate(value, shift) : value);
  return table.rows.map((row) => Object.fromEntries(table.headers.map((h, i) => [h, cell(row[i] ?? '')])));
}

export function dataOf<T>(result: GqlResult<T>, what: string): T {
  if (result.errors?.length || !result.data) throw new Error(`${what}: ${JSON.stringify(result.errors)}`);
  return result.data;
}

type Plan = { steps: { section: string; kind: string; target: string }[]; kept: string[] };

export async function planBundle(server: TestServer, files: BundleFile[]): Promise<Plan> {
  const result = await server.metadataGql<{ planWorkspaceBundle: Plan }>(
    'query($files: [BundleFileInput!]!) { planWorkspaceBundle(files: $files) { steps { section kind target } kept } }',
    { files },
  );
  return dataOf(result, 'plan').planWorkspaceBundle;
}

export async function exportBundle(server: TestServer): Promise<BundleFile[]> {
  const result = await server.metadataGql<{ exportWorkspace: { files: BundleFile[] } }>(
    '{ exportWorkspace { files { path content } } }',
  );
  return dataOf(result, 'export').exportWorkspace.files;
}

export interface TemplateInstall {
  id: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  phase: string;
  label: string;
  done: number;
  total: number;
  error: string | null;
}
const INSTALL = 'id status phase label done total error';

/**
 * Installs the template into the server's workspace as the studio does, and answers every state
 * the job was seen in. The first-party plugins are built first, as `pnpm build:plugins` does.
 */
export async function installOperational(server: TestServer): Promise<TemplateInstall[]> {
  for (const { package: name } of (await readTemplate()).manifest.plugins) {
    await buildPlugin(fileURLToPath(new URL(`../../plugins/${name}`, import.meta.url)));
  }
  const started = dataOf(
    await server.metadataGql<{ installTemplate: TemplateInstall }>(
      `mutation { installTemplate(name: "operational") { ${INSTALL} } }`,
    ),
    'installTemplate',
  ).installTemplate;
  const seen: TemplateInstall[] = [started];
  while (seen.at(-1)!.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { templateInstall } = dataOf(
      await server.metadataGql<{ templateInstall: TemplateInstall }>(
        `query($id: ID!) { templateInstall(id: $id) { ${INSTALL} } }`,
        { id: started.id },
      ),
      'templateInstall',
    );
    seen.push(templateInstall);
  }
  return seen;
}
