import { gql } from '../api/graphql-client';

export const UNKNOWN_SENDER_RULES = [
  { value: 'KEEP_UNLINKED', label: 'Keep it unlinked (it waits in the inbox)' },
  { value: 'CREATE_CONTACT', label: 'Create a contact from the From header' },
] as const;

/** The workspace's inbound-email webhook as `/metadata` describes it (the secret is never read back). */
export interface InboundEmail {
  path: string;
  hasSecret: boolean;
  signatureHeader: string;
  timestampHeader: string;
  contactObjectId: string | null;
  emailFieldId: string | null;
  unknownSender: string;
}

const FIELDS = 'path hasSecret signatureHeader timestampHeader contactObjectId emailFieldId unknownSender';

export async function fetchInboundEmail(): Promise<InboundEmail> {
  return (await gql<{ inboundEmail: InboundEmail }>('/metadata', `query InboundEmail { inboundEmail { ${FIELDS} } }`))
    .inboundEmail;
}

export async function saveInboundEmail(input: {
  contactObjectId: string | null;
  emailFieldId: string | null;
  unknownSender: string;
}): Promise<InboundEmail> {
  const data = await gql<{ updateInboundEmail: InboundEmail }>(
    '/metadata',
    `mutation SaveInboundEmail($i: InboundEmailInput!) { updateInboundEmail(input: $i) { ${FIELDS} } }`,
    { i: input },
  );
  return data.updateInboundEmail;
}

/** A new secret, answered once. */
export async function rotateInboundEmailSecret(): Promise<{ secret: string; inboundEmail: InboundEmail }> {
  const data = await gql<{ rotateInboundEmailSecret: { secret: string; inboundEmail: InboundEmail } }>(
    '/metadata',
    `mutation RotateInboundEmail { rotateInboundEmailSecret { secret inboundEmail { ${FIELDS} } } }`,
  );
  return data.rotateInboundEmailSecret;
}
