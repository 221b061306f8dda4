import { createFormService, type FormInfo } from '../forms';
import type { MetadataBuilder } from './builder';

/** Public forms on `/metadata`: built from an object's fields, served at `path` to anyone. */
export function addFormFields(builder: MetadataBuilder) {
  const FormFieldRef = builder.objectRef<FormInfo['fields'][number]>('FormField').implement({
    fields: (t) => ({
      field: t.exposeString('field'),
      label: t.exposeString('label', { nullable: true, description: "Null: the field's own label." }),
      required: t.exposeBoolean('required'),
    }),
  });
  const FormRef = builder.objectRef<FormInfo>('Form').implement({
    description: 'A public form: anyone may submit it; the record is created as its role and FORM workflows start.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      title: t.exposeString('title'),
      object: t.exposeString('object'),
      fields: t.field({ type: [FormFieldRef], resolve: (f) => f.fields }),
      role: t.exposeString('role'),
      successMessage: t.exposeString('successMessage'),
      active: t.exposeBoolean('active'),
      path: t.exposeString('path', { description: 'GET: the definition (JSON) or a page (HTML); POST: submit.' }),
      createdAt: t.exposeString('createdAt'),
      updatedAt: t.exposeString('updatedAt'),
    }),
  });
  const FormFieldInput = builder.inputType('FormFieldInput', {
    fields: (t) => ({
      field: t.string({ required: true, description: 'API name of the field.' }),
      label: t.string(),
      required: t.boolean(),
    }),
  });
  const input = (name: string, required: boolean) =>
    builder.inputType(name, {
      fields: (t) => ({
        name: t.string({ required }),
        title: t.string({ required }),
        object: t.string({ required }),
        fields: t.field({ type: [FormFieldInput], required }),
        role: t.string({ required, description: 'The role the records are created as.' }),
        successMessage: t.string(),
        active: t.boolean(),
      }),
    });
  const CreateInput = input('CreateFormInput', true);
  const UpdateInput = input('UpdateFormInput', false);
  const given = (value: object) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
  const forms = (db: Parameters<typeof createFormService>[0]['db']) => createFormService({ db });

  builder.queryFields((t) => ({
    forms: t.field({ type: [FormRef], resolve: (_r, _a, ctx) => forms(ctx.db).list(ctx.workspaceId) }),
    form: t.field({
      type: FormRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => forms(ctx.db).get(ctx.workspaceId, String(args.id)),
    }),
  }));
  builder.mutationFields((t) => ({
    createForm: t.field({
      type: FormRef,
      args: { input: t.arg({ type: CreateInput, required: true }) },
      resolve: (_r, args, ctx) =>
        forms(ctx.db).create(
          ctx.workspaceId,
          { ...given(args.input), fields: args.input.fields?.map(given) },
          ctx.actor,
        ),
    }),
    updateForm: t.field({
      type: FormRef,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateInput, required: true }) },
      resolve: (_r, args, ctx) =>
        forms(ctx.db).update(ctx.workspaceId, String(args.id), {
          ...given(args.input),
          ...(args.input.fields && { fields: args.input.fields.map(given) }),
        }),
    }),
    deleteForm: t.field({
      type: FormRef,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => forms(ctx.db).delete(ctx.workspaceId, String(args.id)),
    }),
  }));
}
