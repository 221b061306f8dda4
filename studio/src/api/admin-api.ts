import { gql } from './graphql-client';

/** A portal account as `/metadata` lists it. */
export interface PortalUser {
  id: string;
  email: string;
  /** Singular API name of the linked record's object. */
  object: string;
  recordId: string;
  isActive: boolean;
  createdAt: string;
}

export interface NewPortalUser {
  email: string;
  /** Left out: the server generates one and returns it once. */
  password?: string;
  object: string;
  recordId: string;
}

/** A workspace secret: its name only, the value is write-only. */
export interface SecretInfo {
  name: string;
  updatedAt: string;
}

const PORTAL_USER = 'id email object recordId isActive createdAt';

export async function listPortalUsers(): Promise<PortalUser[]> {
  const data = await gql<{ portalUsers: PortalUser[] }>('/metadata', `query { portalUsers { ${PORTAL_USER} } }`);
  return data.portalUsers;
}

/** Creates a portal user; `password` is the generated one (null when the admin gave one). */
export async function createPortalUser(
  input: NewPortalUser,
): Promise<{ portalUser: PortalUser; password: string | null }> {
  const data = await gql<{ createPortalUser: { portalUser: PortalUser; password: string | null } }>(
    '/metadata',
    `mutation ($input: CreatePortalUserInput!) {
      createPortalUser(input: $input) { password portalUser { ${PORTAL_USER} } } }`,
    { input },
  );
  return data.createPortalUser;
}

export async function deactivatePortalUser(email: string): Promise<PortalUser> {
  const data = await gql<{ deactivatePortalUser: PortalUser }>(
    '/metadata',
    `mutation ($email: String!) { deactivatePortalUser(email: $email) { ${PORTAL_USER} } }`,
    { email },
  );
  return data.deactivatePortalUser;
}

export async function listSecrets(): Promise<SecretInfo[]> {
  const data = await gql<{ secrets: SecretInfo[] }>('/metadata', 'query { secrets { name updatedAt } }');
  return data.secrets;
}

export async function setSecret(name: string, value: string): Promise<SecretInfo> {
  const data = await gql<{ setSecret: SecretInfo }>(
    '/metadata',
    'mutation ($name: String!, $value: String!) { setSecret(name: $name, value: $value) { name updatedAt } }',
    { name, value },
  );
  return data.setSecret;
}

export async function deleteSecret(name: string): Promise<void> {
  await gql('/metadata', 'mutation ($name: String!) { deleteSecret(name: $name) { name } }', { name });
}
