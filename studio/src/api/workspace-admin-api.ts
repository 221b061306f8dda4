import { gql } from './graphql-client';

export interface WorkspaceMember {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  lastSignInAt: string | null;
}

export interface PendingInvite {
  email: string;
  role: string;
  expiresAt: string;
}

export interface SentInvite extends PendingInvite {
  mailed: boolean;
  link: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const MEMBER = 'id email name role active lastSignInAt';
const KEY = 'id name role prefix createdAt expiresAt revokedAt lastUsedAt';

export async function listMembers(): Promise<{ members: WorkspaceMember[]; invites: PendingInvite[] }> {
  return gql('/metadata', `query { members { ${MEMBER} } invites { email role expiresAt } }`);
}

export async function inviteMember(email: string, role: string): Promise<SentInvite> {
  const data = await gql<{ inviteMember: SentInvite & { role?: string } }>(
    '/metadata',
    'mutation ($email: String!, $role: String!) { inviteMember(email: $email, role: $role) { email expiresAt mailed link } }',
    { email, role },
  );
  return { ...data.inviteMember, role };
}

export async function setMemberRole(email: string, role: string): Promise<WorkspaceMember> {
  const data = await gql<{ setMemberRole: WorkspaceMember }>(
    '/metadata',
    `mutation ($email: String!, $role: String!) { setMemberRole(email: $email, role: $role) { ${MEMBER} } }`,
    { email, role },
  );
  return data.setMemberRole;
}

export async function deactivateMember(email: string): Promise<WorkspaceMember> {
  const data = await gql<{ deactivateMember: WorkspaceMember }>(
    '/metadata',
    `mutation ($email: String!) { deactivateMember(email: $email) { ${MEMBER} } }`,
    { email },
  );
  return data.deactivateMember;
}

export async function listApiKeys(): Promise<ApiKey[]> {
  return (await gql<{ apiKeys: ApiKey[] }>('/metadata', `query { apiKeys { ${KEY} } }`)).apiKeys;
}

export async function createApiKey(input: {
  name: string;
  role: string;
  expiresInDays: number | null;
}): Promise<{ apiKey: ApiKey; key: string }> {
  const data = await gql<{ createApiKey: { apiKey: ApiKey; key: string } }>(
    '/metadata',
    `mutation ($name: String!, $role: String!, $expiresInDays: Int) {
      createApiKey(name: $name, role: $role, expiresInDays: $expiresInDays) { key apiKey { ${KEY} } } }`,
    input,
  );
  return data.createApiKey;
}

export async function revokeApiKey(id: string): Promise<ApiKey> {
  const data = await gql<{ revokeApiKey: ApiKey }>(
    '/metadata',
    `mutation ($id: ID!) { revokeApiKey(id: $id) { ${KEY} } }`,
    { id },
  );
  return data.revokeApiKey;
}
