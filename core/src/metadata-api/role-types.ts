import type { ObjectGrantDescription, RoleChange, RoleDescription } from '../roles';
import type { MetadataBuilder } from './builder';

/** Output and input types of the role part of `/metadata`. */
export function defineRoleTypes(builder: MetadataBuilder) {
  const DefaultAccessEnum = builder.enumType('DefaultAccess', {
    description: 'Rights on objects without a grant of their own (ALL is the built-in admin only).',
    values: { NONE: { value: 'none' }, READ: { value: 'read' }, CRUD: { value: 'crud' }, ALL: { value: 'all' } },
  });
  const RecordScopeEnum = builder.enumType('RecordScope', {
    values: { ALL: { value: 'all' }, OWN: { value: 'own' }, CONDITION: { value: 'condition' } },
  });
  const FieldPermissionRef = builder.objectRef<ObjectGrantDescription['fields'][number]>('FieldPermission').implement({
    fields: (t) => ({
      field: t.exposeString('field'),
      canRead: t.exposeBoolean('canRead'),
      canWrite: t.exposeBoolean('canWrite'),
    }),
  });
  const ObjectPermissionRef = builder.objectRef<ObjectGrantDescription>('ObjectPermission').implement({
    fields: (t) => ({
      object: t.exposeString('object'),
      explicit: t.exposeBoolean('explicit', { description: 'false: the role default applies.' }),
      canRead: t.exposeBoolean('canRead'),
      canCreate: t.exposeBoolean('canCreate'),
      canUpdate: t.exposeBoolean('canUpdate'),
      canDelete: t.exposeBoolean('canDelete'),
      recordScope: t.field({ type: RecordScopeEnum, resolve: (o) => o.recordScope }),
      recordCondition: t.field({ type: 'JSON', nullable: true, resolve: (o) => o.recordCondition }),
      fields: t.field({ type: [FieldPermissionRef], description: 'Explicit field rules.', resolve: (o) => o.fields }),
    }),
  });
  const RoleRef = builder.objectRef<RoleDescription>('Role').implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      label: t.exposeString('label'),
      description: t.exposeString('description', { nullable: true }),
      isBuiltin: t.exposeBoolean('isBuiltin'),
      defaultAccess: t.field({ type: DefaultAccessEnum, resolve: (r) => r.defaultAccess }),
      statementTimeoutMs: t.exposeInt('statementTimeoutMs', {
        nullable: true,
        description:
          "How long one statement of the role's API keys may run; null: the server's RELATA_STATEMENT_TIMEOUT_MS.",
      }),
      objects: t.field({ type: [ObjectPermissionRef], resolve: (r) => r.objects }),
    }),
  });
  const RoleChangeRef = builder.objectRef<RoleChange>('RoleChange').implement({
    fields: (t) => ({
      applied: t.exposeBoolean('applied'),
      role: t.field({ type: RoleRef, nullable: true, resolve: (c) => c.role }),
      metadataVersion: t.exposeInt('metadataVersion'),
    }),
  });
  const CreateRoleInput = builder.inputType('CreateRoleInput', {
    fields: (t) => ({
      name: t.string({ required: true, description: 'a-z, 0-9 and -; what members and API keys hold.' }),
      label: t.string({ required: true }),
      description: t.string(),
      defaultAccess: t.field({ type: DefaultAccessEnum, description: 'Default NONE.' }),
      statementTimeoutMs: t.int({ description: 'API keys of the role: ms one statement may run (100 to 3600000).' }),
    }),
  });
  const UpdateRoleInput = builder.inputType('UpdateRoleInput', {
    fields: (t) => ({
      label: t.string(),
      description: t.string(),
      defaultAccess: t.field({ type: DefaultAccessEnum }),
      statementTimeoutMs: t.int({ description: "null: back to the server's timeout." }),
    }),
  });
  const ObjectPermissionInput = builder.inputType('ObjectPermissionInput', {
    fields: (t) => ({
      canRead: t.boolean(),
      canCreate: t.boolean(),
      canUpdate: t.boolean(),
      canDelete: t.boolean(),
      recordScope: t.field({ type: RecordScopeEnum }),
      recordCondition: t.field({
        type: 'JSON',
        description: 'With CONDITION: a data API filter; { "$user": "id" } stands for the acting user id.',
      }),
    }),
  });
  return { RoleRef, RoleChangeRef, CreateRoleInput, UpdateRoleInput, ObjectPermissionInput };
}
