import { createPortalSettingsStore, type PortalObjectSettings, type PortalSettings } from '../portal';
import { loadSnapshot } from '../workspace';
import type { MetadataBuilder } from './builder';

/** `portalSettings` and `updatePortalSettings` of `/metadata` (admins only): the customer portal's configuration. */
export function addPortalSettingsFields(builder: MetadataBuilder) {
  const ObjectRef = builder.objectRef<PortalObjectSettings>('PortalObjectSettings').implement({
    description: 'An object the portal shows a contact (their cases): the records whose contact relation is them.',
    fields: (t) => ({
      object: t.exposeString('object'),
      contactField: t.exposeString('contactField', { description: 'Its many-to-one relation to the contact object.' }),
      statusField: t.exposeString('statusField', { nullable: true }),
      allowCreate: t.exposeBoolean('allowCreate'),
      createFields: t.exposeStringList('createFields', { description: 'Fields a contact fills opening one.' }),
    }),
  });
  const SettingsRef = builder.objectRef<PortalSettings>('PortalSettings').implement({
    description: 'The customer portal served at /portal/.',
    fields: (t) => ({
      enabled: t.exposeBoolean('enabled'),
      contactObject: t.exposeString('contactObject', {
        nullable: true,
        description: 'Singular API name of the object portal users are linked to.',
      }),
      objects: t.field({ type: [ObjectRef], resolve: (s) => s.objects }),
    }),
  });
  const ObjectInput = builder.inputType('PortalObjectSettingsInput', {
    fields: (t) => ({
      object: t.string({ required: true }),
      contactField: t.string({ required: true }),
      statusField: t.string(),
      allowCreate: t.boolean({ required: true }),
      createFields: t.stringList(),
    }),
  });
  const SettingsInput = builder.inputType('PortalSettingsInput', {
    description: 'Replaces the portal settings; every field named must be portal-visible.',
    fields: (t) => ({
      enabled: t.boolean({ required: true }),
      contactObject: t.string(),
      objects: t.field({ type: [ObjectInput], required: true }),
    }),
  });
  builder.queryFields((t) => ({
    portalSettings: t.field({
      type: SettingsRef,
      resolve: async (_root, _args, ctx) =>
        createPortalSettingsStore(ctx.db).get(await loadSnapshot(ctx.db, ctx.workspaceId)),
    }),
  }));
  builder.mutationFields((t) => ({
    updatePortalSettings: t.field({
      type: SettingsRef,
      args: { input: t.arg({ type: SettingsInput, required: true }) },
      resolve: async (_root, args, ctx) =>
        createPortalSettingsStore(ctx.db).set(await loadSnapshot(ctx.db, ctx.workspaceId), {
          enabled: args.input.enabled,
          contactObject: args.input.contactObject ?? null,
          objects: args.input.objects.map((o) => ({
            ...o,
            statusField: o.statusField ?? null,
            createFields: o.createFields ?? [],
          })),
        }),
    }),
  }));
}
