import { gql } from '../api/graphql-client';

/** One file of a workspace bundle: its path in the bundle (`objects/deal.yaml`) and its text. */
export interface BundleFile {
  path: string;
  content: string;
}

/** One step of a bundle's plan, as `/metadata` answers it. */
export interface BundlePlanStep {
  section: string;
  kind: 'create' | 'update' | 'rename' | 'delete';
  target: string;
  sql: string[];
  summary: string[];
  impact: { affectedRows: number | null; droppedRows: number | null };
  warnings: string[];
}

export interface BundlePlan {
  steps: BundlePlanStep[];
  kept: string[];
  metadataVersion: number;
}

const PLAN = `steps { section kind target sql summary impact { affectedRows droppedRows } warnings } kept metadataVersion`;

/** The workspace's configuration as files (relata.yaml first). */
export async function exportBundle(): Promise<BundleFile[]> {
  const data = await gql<{ exportWorkspace: { files: BundleFile[] } }>(
    '/metadata',
    'query { exportWorkspace { files { path content } } }',
  );
  return data.exportWorkspace.files;
}

/** What applying `files` would do; changes nothing. */
export async function planBundle(files: BundleFile[], prune: boolean): Promise<BundlePlan> {
  const data = await gql<{ planWorkspaceBundle: BundlePlan }>(
    '/metadata',
    `query Plan($files: [BundleFileInput!]!, $prune: Boolean) { planWorkspaceBundle(files: $files, prune: $prune) { ${PLAN} } }`,
    { files, prune },
  );
  return data.planWorkspaceBundle;
}

/** How far an apply is (`workspaceBundleProgress`): steps done of total, the one running. */
export interface BundleApplyProgress {
  status: 'RUNNING' | 'DONE' | 'FAILED';
  done: number;
  total: number;
  label: string;
  /** Why it failed: the error, or that the process running it ended midway. */
  error: string | null;
}

/**
 * Applies `files` in one transaction (all or nothing) and answers what was done; its steps are
 * counted under `progressId` (a uuid the caller chose) for `bundleProgress` while it runs.
 */
export async function applyBundle(files: BundleFile[], prune: boolean, progressId: string): Promise<BundlePlan> {
  const data = await gql<{ applyWorkspaceBundle: BundlePlan }>(
    '/metadata',
    `mutation Apply($files: [BundleFileInput!]!, $prune: Boolean, $id: ID) { applyWorkspaceBundle(files: $files, prune: $prune, progressId: $id) { ${PLAN} } }`,
    { files, prune, id: progressId },
  );
  return data.applyWorkspaceBundle;
}

/** The progress of the apply started with `progressId`; null until it has begun. */
export async function bundleProgress(progressId: string): Promise<BundleApplyProgress | null> {
  const data = await gql<{ workspaceBundleProgress: BundleApplyProgress | null }>(
    '/metadata',
    'query Progress($id: ID!) { workspaceBundleProgress(id: $id) { status done total label error } }',
    { id: progressId },
  );
  return data.workspaceBundleProgress;
}
