import { OUTBOUND_CHANNELS, type SentMessage, sendMessage } from '../messages';
import { objectPermission } from '../query';
import type { DataBuilder } from './data-builder';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestAccess, requestPermissions } from './root-context';

/** Right-hand side of Message-IDs when the runtime names none: unique per workspace, never a real host. */
const messageDomainOf = (ctx: DataRequestContext) => ctx.messageDomain ?? `${ctx.workspace.slug}.relata.invalid`;

/**
 * `sendMessage`: an agent's email, SMS or portal reply from a record's timeline or the inbox (see
 * `core/src/messages/send-message.ts`). Only in schemas of roles that may create messages; every
 * read it makes (the answered message, the targets) passes the agent's rights.
 */
export function addMessageFields(builder: DataBuilder, env: RootFieldEnv) {
  const object = env.snapshot.objects.find((o) => o.nameSingular === 'message');
  if (!object || (env.permissions && !objectPermission(env.permissions, object)?.create)) return;
  const Channel = builder.enumType('OutboundChannel', { values: OUTBOUND_CHANNELS });
  const Sent = builder.objectRef<SentMessage>('SentMessage').implement({
    description: 'The stored outbound message; its delivery runs on the job queue.',
    fields: (t) => ({
      id: t.exposeID('id'),
      threadKey: t.exposeString('threadKey'),
      externalId: t.exposeString('externalId', { description: 'The generated Message-ID (without brackets).' }),
      answered: t.exposeInt('answered', { description: 'Inbound messages of the thread this marked answered.' }),
    }),
  });
  const Target = builder.inputType('SendMessageTarget', {
    fields: (t) => ({ object: t.string({ required: true }), id: t.id({ required: true }) }),
  });
  const Input = builder.inputType('SendMessageInput', {
    fields: (t) => ({
      channel: t.field({ type: Channel, required: true }),
      to: t.string({ description: 'Addresses (comma-separated) or an E.164 number; default: the answered sender.' }),
      subject: t.string({ description: "Default for a reply: 'Re: ' and the answered subject." }),
      body: t.string({ required: true, description: 'Rich text (HTML, sanitised).' }),
      replyTo: t.id({ description: 'The message this answers: same thread, its inbound messages marked answered.' }),
      targets: t.field({ type: [Target], description: 'Records to link it to (a contact, a case).' }),
    }),
  });
  builder.mutationFields((t) => ({
    sendMessage: t.field({
      type: Sent,
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: (_root, args, ctx) => {
        const { targets, replyTo, ...rest } = args.input;
        const input = Object.fromEntries(Object.entries(rest).filter(([, v]) => v != null));
        return sendMessage(
          {
            db: ctx.db,
            snapshot: ctx.snapshot,
            actor: ctx.actor,
            via: ctx.via,
            access: { ...requestAccess(env, ctx), permissions: requestPermissions(env, ctx) },
            events: ctx.events,
            hooks: ctx.hooks,
            messageDomain: messageDomainOf(ctx),
          },
          {
            ...input,
            ...(replyTo ? { replyTo: String(replyTo) } : {}),
            ...(targets ? { targets: targets.map((r) => ({ object: r.object, id: String(r.id) })) } : {}),
          },
        );
      },
    }),
  }));
}
