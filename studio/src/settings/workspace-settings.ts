import { ref } from 'vue';
import { gql } from '../api/graphql-client';

/** Date formats the workspace may choose (core/src/workspace/workspace-settings.ts). */
export const DATE_FORMATS = [
  'MMM D, YYYY',
  'D MMM YYYY',
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface WorkspaceSettings {
  name: string;
  defaultCurrency: string;
  timeZone: string;
  dateFormat: DateFormat;
  logo: string | null;
}

/** Until the workspace's own are loaded: what a new workspace has. */
const DEFAULTS: WorkspaceSettings = {
  name: '',
  defaultCurrency: 'USD',
  timeZone: 'UTC',
  dateFormat: 'MMM D, YYYY',
  logo: null,
};

const current = ref<WorkspaceSettings>({ ...DEFAULTS });

/** The signed-in workspace's settings; every money and date display reads them (records/format.ts). */
export const workspaceSettings = current;

const SELECTION = 'name defaultCurrency timeZone dateFormat logo';

/** Loads the settings (any member may read them on /graphql). */
export async function loadWorkspaceSettings(): Promise<void> {
  const data = await gql<{ workspaceSettings: WorkspaceSettings }>(
    '/graphql',
    `query WorkspaceSettings { workspaceSettings { ${SELECTION} } }`,
  );
  current.value = data.workspaceSettings;
}

/** Saves changed settings (admins, on /metadata) and applies them at once. */
export async function saveWorkspaceSettings(input: Partial<WorkspaceSettings>): Promise<WorkspaceSettings> {
  const data = await gql<{ updateWorkspaceSettings: WorkspaceSettings }>(
    '/metadata',
    `mutation SaveWorkspaceSettings($input: WorkspaceSettingsInput!) { updateWorkspaceSettings(input: $input) { ${SELECTION} } }`,
    { input },
  );
  current.value = data.updateWorkspaceSettings;
  return current.value;
}

/** Back to the defaults (on sign-out), so the next workspace does not show this one's. */
export function clearWorkspaceSettings(): void {
  current.value = { ...DEFAULTS };
}
