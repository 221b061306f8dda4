import { gql } from '../api/graphql-client';

/** One field of a public form, by API name. */
export interface FormFieldSetting {
  field: string;
  label: string | null;
  required: boolean;
}

/** A public form as `/metadata` serves it. */
export interface PublicForm {
  id: string;
  name: string;
  title: string;
  object: string;
  fields: FormFieldSetting[];
  role: string;
  successMessage: string;
  active: boolean;
  /** Served at this path: GET the page or definition, POST to submit. */
  path: string;
}

export type FormDraft = Omit<PublicForm, 'id' | 'path'>;

const FORM = 'id name title object fields { field label required } role successMessage active path';

export async function listForms(): Promise<PublicForm[]> {
  return (await gql<{ forms: PublicForm[] }>('/metadata', `query { forms { ${FORM} } }`)).forms;
}

export async function saveForm(id: string | null, draft: FormDraft): Promise<PublicForm> {
  if (id === null) {
    const data = await gql<{ createForm: PublicForm }>(
      '/metadata',
      `mutation ($i: CreateFormInput!) { createForm(input: $i) { ${FORM} } }`,
      { i: draft },
    );
    return data.createForm;
  }
  const data = await gql<{ updateForm: PublicForm }>(
    '/metadata',
    `mutation ($id: ID!, $i: UpdateFormInput!) { updateForm(id: $id, input: $i) { ${FORM} } }`,
    { id, i: draft },
  );
  return data.updateForm;
}

export async function deleteForm(id: string): Promise<void> {
  await gql('/metadata', 'mutation ($id: ID!) { deleteForm(id: $id) { id } }', { id });
}
