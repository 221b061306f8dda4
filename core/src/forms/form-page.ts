import type { PublicFormDefinition } from './public-form';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A little type and spacing (inline: the page's CSP allows inline styles and nothing else). */
const STYLE = `<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;padding:24px;color:#111827}
main{max-width:520px;margin:0 auto}h1{font-size:22px}
label{font-weight:500}input,select,textarea{box-sizing:border-box;width:100%;padding:8px;margin-top:4px;border:1px solid #d1d5db;border-radius:6px;font:inherit}
input[type=checkbox]{width:auto}button{padding:8px 16px;border:0;border-radius:6px;background:#4f46e5;color:#fff;font:inherit;cursor:pointer}
</style>`;

const INPUT_TYPE: Record<string, string> = {
  NUMBER: 'number',
  RATING: 'number',
  DATE: 'date',
  DATE_TIME: 'datetime-local',
  EMAIL: 'email',
  PHONE: 'tel',
  URL: 'url',
  BOOLEAN: 'checkbox',
};

function control(field: PublicFormDefinition['fields'][number]): string {
  const name = escapeHtml(field.name);
  const required = field.required ? ' required' : '';
  if (field.options) {
    const options = field.options
      .map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`)
      .join('');
    return `<select id="${name}" name="${name}"${required}><option value=""></option>${options}</select>`;
  }
  if (field.type === 'RICH_TEXT') return `<textarea id="${name}" name="${name}"${required}></textarea>`;
  return `<input id="${name}" name="${name}" type="${INPUT_TYPE[field.type] ?? 'text'}"${required}>`;
}

/**
 * A minimal HTML page of the form: no script (the server's CSP allows none), a plain POST of
 * the fields, and the honeypot input hidden from people. Every admin-written text is escaped.
 */
export function formPage(definition: PublicFormDefinition): string {
  const fields = definition.fields
    .map(
      (f) =>
        `<p><label for="${escapeHtml(f.name)}">${escapeHtml(f.label)}${f.required ? ' *' : ''}</label><br>${control(f)}</p>`,
    )
    .join('\n');
  const honeypot = escapeHtml(definition.honeypot);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(definition.title)}</title>${STYLE}</head>
<body><main><h1>${escapeHtml(definition.title)}</h1>
<form method="post" action="${escapeHtml(definition.submitPath)}">
${fields}
<p hidden aria-hidden="true"><label for="${honeypot}">Leave this empty</label><input id="${honeypot}" name="${honeypot}" tabindex="-1" autocomplete="off"></p>
<p><button type="submit">Send</button></p>
</form></main></body></html>
`;
}

/** The page shown after a browser submitted the form. */
export function formMessagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${STYLE}</head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>
`;
}
