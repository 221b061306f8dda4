import { gql } from '../api/graphql-client';

/**
 * An inbound channel's webhook as `/metadata` names it: `inbound<Channel>` to read it,
 * `updateInbound<Channel>` and `rotateInbound<Channel>Secret`, the sender's address field under
 * `addressKey`. Email and SMS differ only in these names and words.
 */
export interface InboundChannel {
  typeName: 'InboundEmail' | 'InboundSms';
  addressKey: 'emailFieldId' | 'phoneFieldId';
  /** Prefix of the section's data-test names (`inbound-sms-url`). */
  testId: 'inbound-email' | 'inbound-sms';
  title: string;
  /** What arrives, plural ("emails"): "No secret yet: emails are refused." */
  noun: string;
  /** Field types a sender's address can be matched on. */
  addressTypes: readonly string[];
  addressLabel: string;
  unknownLabel: string;
  unknownSenderRules: ReadonlyArray<{ value: 'KEEP_UNLINKED' | 'CREATE_CONTACT'; label: string }>;
}

export const INBOUND_EMAIL: InboundChannel = {
  typeName: 'InboundEmail',
  addressKey: 'emailFieldId',
  testId: 'inbound-email',
  title: 'Inbound email',
  noun: 'emails',
  addressTypes: ['EMAIL', 'TEXT'],
  addressLabel: 'By their address in',
  unknownLabel: 'An email from an unknown address',
  unknownSenderRules: [
    { value: 'KEEP_UNLINKED', label: 'Keep it unlinked (it waits in the inbox)' },
    { value: 'CREATE_CONTACT', label: 'Create a contact from the From header' },
  ],
};

export const INBOUND_SMS: InboundChannel = {
  typeName: 'InboundSms',
  addressKey: 'phoneFieldId',
  testId: 'inbound-sms',
  title: 'Inbound SMS',
  noun: 'texts',
  addressTypes: ['PHONE', 'TEXT'],
  addressLabel: 'By their number in',
  unknownLabel: 'A text from an unknown number',
  unknownSenderRules: [
    { value: 'KEEP_UNLINKED', label: 'Keep it unlinked (it waits in the inbox)' },
    { value: 'CREATE_CONTACT', label: 'Create a contact with the number' },
  ],
};

/** A channel's webhook settings (the secret is never read back). */
export interface InboundSettings {
  path: string;
  hasSecret: boolean;
  signatureHeader: string;
  timestampHeader: string;
  contactObjectId: string | null;
  addressFieldId: string | null;
  unknownSender: string;
}

const fields = (c: InboundChannel) =>
  `path hasSecret signatureHeader timestampHeader contactObjectId addressFieldId: ${c.addressKey} unknownSender`;
const queryName = (c: InboundChannel) => c.typeName.charAt(0).toLowerCase() + c.typeName.slice(1);

export async function fetchInbound(channel: InboundChannel): Promise<InboundSettings> {
  const name = queryName(channel);
  const data = await gql<Record<string, InboundSettings>>('/metadata', `query { ${name} { ${fields(channel)} } }`);
  return data[name]!;
}

export async function saveInbound(
  channel: InboundChannel,
  input: { contactObjectId: string | null; addressFieldId: string | null; unknownSender: string },
): Promise<InboundSettings> {
  const { addressFieldId, ...rest } = input;
  const data = await gql<{ update: InboundSettings }>(
    '/metadata',
    `mutation($i: ${channel.typeName}Input!) { update: update${channel.typeName}(input: $i) { ${fields(channel)} } }`,
    { i: { ...rest, [channel.addressKey]: addressFieldId } },
  );
  return data.update;
}

/** A new secret, answered once. */
export async function rotateInboundSecret(
  channel: InboundChannel,
): Promise<{ secret: string; settings: InboundSettings }> {
  const data = await gql<{ rotate: { secret: string; settings: InboundSettings } }>(
    '/metadata',
    `mutation { rotate: rotate${channel.typeName}Secret { secret settings: ${queryName(channel)} { ${fields(channel)} } } }`,
  );
  return data.rotate;
}
