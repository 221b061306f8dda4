import DOMPurify from 'dompurify';

/**
 * The tags and attributes RICH_TEXT may hold; the same allowlist the server applies on write
 * (core/src/records/rich-text-html.ts). Sanitising again here is defence in depth: a value
 * written before the server sanitised, or by a bug, still cannot run script in the studio.
 */
const ALLOWED_TAGS = [
  'p',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'strike',
  'ul',
  'ol',
  'li',
  'blockquote',
  'code',
  'pre',
  'hr',
  'a',
];
const ALLOWED_ATTR = ['href', 'target', 'rel', 'start'];
const SAFE_URL = /^(?:https?:|mailto:)/i;

/** Rich-text HTML reduced to the allowlist, ready for `v-html`. */
export function safeHtml(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOWED_URI_REGEXP: SAFE_URL });
}

// Block ends become spaces so "<p>a</p><p>b</p>" reads "a b", not "ab".
const BLOCK_END = /<\/(?:p|h[1-4]|li|blockquote|pre)>|<br\s*\/?>/gi;

/** One line of text from rich-text HTML, for table cells, cards and previews. */
export function plainText(html: string): string {
  const doc = new DOMParser().parseFromString(safeHtml(html.replace(BLOCK_END, '$& ')), 'text/html');
  return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * A link address as typed, made absolute: `example.com` -> `https://example.com`.
 * '' means "no link"; null means the address is not one a link may have (e.g. `javascript:`).
 */
export function normaliseLinkUrl(input: string): string | null {
  const text = input.trim();
  if (!text) return '';
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  return SAFE_URL.test(withScheme) ? withScheme : null;
}
