import { formFieldSettings } from '../../forms';
import { systemEntity } from '../../system';
import { type FormDocument, type FormValues, formDocument, formFromDocument, formToDocument } from './form-document';
import { rowSection } from './row-section';
import { inFile } from './section-refs';
import { storedRows } from './stored-rows';

const rows = storedRows<FormValues & { id: string }, FormValues>(systemEntity.Form);

/** `forms/<key>.yaml`: public forms; planned before workflows, whose FORM triggers name them. */
export const formsSection = rowSection<FormValues & { id: string }, FormDocument, FormValues>({
  name: 'forms',
  folder: 'forms',
  noun: 'form',
  schema: formDocument,
  referencedAs: 'form',
  ...rows,
  toDocument: formToDocument,
  fromDocument: formFromDocument,
  async check(ctx, values, site) {
    const object = ctx.after.objects.find((o) => o.id === values.objectId)!;
    // The form service's own check: each field exists once and is a type a visitor can fill.
    const fields = await inFile(site, () =>
      formFieldSettings(
        object,
        values.fields.map((f) => ({ field: f.fieldId, label: f.label, required: f.required })),
      ),
    );
    return { values: { ...values, fields }, warnings: [] };
  },
});
