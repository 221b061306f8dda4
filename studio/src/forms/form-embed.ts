import type { FieldMeta } from '../api/metadata-types';

/** What a visitor cannot fill in one input (the server refuses these on forms too). */
const NOT_ON_FORMS = new Set<string>(['CURRENCY', 'JSON', 'ADDRESS', 'FULL_NAME', 'RELATION', 'FORMULA', 'ROLLUP']);

export const formFieldsOf = (fields: readonly FieldMeta[]) => fields.filter((f) => !NOT_ON_FORMS.has(f.type));

/** The public address of a form on this server. */
export const formUrl = (origin: string, path: string) => `${origin.replace(/\/+$/, '')}${path}`;

/** The HTML an admin pastes into a web page: the form's own page in an iframe (it runs no script). */
export function embedSnippet(origin: string, path: string, title: string): string {
  const safeTitle = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<iframe src="${formUrl(origin, path)}" title="${safeTitle}" style="width:100%;min-height:480px;border:0" loading="lazy"></iframe>`;
}
