import { gql } from './graphql-client';

/** One object the portal shows a contact (their cases), as `/metadata` answers it. */
export interface PortalObjectSettings {
  object: string;
  contactField: string;
  statusField: string | null;
  allowCreate: boolean;
  createFields: string[];
}

/** The customer portal's configuration. */
export interface PortalSettings {
  enabled: boolean;
  contactObject: string | null;
  objects: PortalObjectSettings[];
}

/** An invite sent (or its link, when no mail transport is configured). */
export interface SentPortalInvite {
  mailed: boolean;
  link: string | null;
  expiresAt: string;
}

const SETTINGS = 'enabled contactObject objects { object contactField statusField allowCreate createFields }';

export async function fetchPortalSettings(): Promise<PortalSettings> {
  return (await gql<{ portalSettings: PortalSettings }>('/metadata', `query { portalSettings { ${SETTINGS} } }`))
    .portalSettings;
}

export async function savePortalSettings(input: PortalSettings): Promise<PortalSettings> {
  const data = await gql<{ updatePortalSettings: PortalSettings }>(
    '/metadata',
    `mutation ($input: PortalSettingsInput!) { updatePortalSettings(input: $input) { ${SETTINGS} } }`,
    { input },
  );
  return data.updatePortalSettings;
}

/** Invites the person of a contact record to the portal (a one-time link to choose a password). */
export async function invitePortalUser(email: string, recordId: string): Promise<SentPortalInvite> {
  const data = await gql<{ invitePortalUser: SentPortalInvite }>(
    '/metadata',
    'mutation ($email: String!, $id: ID!) { invitePortalUser(email: $email, recordId: $id) { mailed link expiresAt } }',
    { email, id: recordId },
  );
  return data.invitePortalUser;
}
