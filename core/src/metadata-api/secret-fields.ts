import type { SecretInfo, SecretStore } from '../secrets';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

/** The request's secret store (the runtime provides it). */
export function secretStore(ctx: MetadataRequestContext): SecretStore {
  if (ctx.secrets) return ctx.secrets;
  // A host wiring error, not a client's: reported as an internal error.
  throw new Error('secrets is missing from the metadata request context');
}

/**
 * `secrets`, `setSecret` and `deleteSecret` of `/metadata` (admins only). Write-only: no field
 * anywhere returns a secret's value.
 */
export function addSecretFields(builder: MetadataBuilder) {
  const SecretRef = builder.objectRef<SecretInfo>('Secret').implement({
    description: 'A workspace secret (SMTP password, webhook secret...): its name only, never its value.',
    fields: (t) => ({
      name: t.exposeString('name'),
      updatedAt: t.exposeString('updatedAt'),
    }),
  });
  builder.queryFields((t) => ({
    secrets: t.field({ type: [SecretRef], resolve: (_root, _args, ctx) => secretStore(ctx).list(ctx.workspaceId) }),
  }));
  builder.mutationFields((t) => ({
    setSecret: t.field({
      type: SecretRef,
      description: 'Creates or replaces a secret; the value is stored encrypted and can never be read back.',
      args: { name: t.arg.string({ required: true }), value: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => secretStore(ctx).set(ctx.workspaceId, args.name, args.value, ctx.actor),
    }),
    deleteSecret: t.field({
      type: SecretRef,
      args: { name: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => secretStore(ctx).delete(ctx.workspaceId, args.name),
    }),
  }));
}
