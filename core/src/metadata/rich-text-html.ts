import sanitizeHtml from 'sanitize-html';

/**
 * What RICH_TEXT may hold: the formatting the studio's editor produces (headings, emphasis,
 * lists, quotes, code, links) and nothing that runs. Everything else is dropped on write, so
 * no client (GraphQL, import, plugin, workflow) can store script that a browser would run.
 */
const RICH_TEXT_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
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
  ],
  allowedAttributes: { a: ['href', 'target', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Text of dropped elements stays, except where it is code or styling rather than prose.
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
  transformTags: {
    // A link opened from a record must not get a handle on the studio's window.
    a: (tagName, attribs) => {
      const { target, ...rest } = attribs;
      return {
        tagName,
        attribs: { ...rest, ...(target ? { target: '_blank' } : {}), rel: 'noopener noreferrer nofollow' },
      };
    },
  },
};

/** The allowlisted form of rich-text HTML: unknown tags, attributes, `on*` handlers and script URLs removed. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, RICH_TEXT_POLICY);
}
