import { type AddressObject, simpleParser } from 'mailparser';
import { badInput } from '../errors';
import { sanitizeRichText } from '../metadata';
import { splitQuotedHtml, splitQuotedText } from './quoted-reply';

/** What an attachment is, kept in the message: Relata has no file store, so the bytes are dropped. */
export interface AttachmentInfo {
  name: string;
  type: string;
  size: number;
}

export interface ParsedEmail {
  /** The Message-ID, without angle brackets. */
  messageId: string;
  /** Message-IDs this mail answers (In-Reply-To first, then References newest first), without brackets. */
  replyTo: string[];
  subject: string;
  from: { address: string; name: string };
  to: string[];
  date: Date | null;
  /** The new text as sanitised rich text. */
  html: string;
  /** The quoted earlier mail as sanitised rich text ('' when none). */
  quotedHtml: string;
  attachments: AttachmentInfo[];
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, '');

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((group) => group.value);

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Plain text as paragraphs (blank lines) with line breaks inside, ready for the sanitiser. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}

/** The ids a reply points at, nearest first: In-Reply-To, then References from the newest. */
function replyIds(inReplyTo: string | undefined, references: string[] | string | undefined): string[] {
  const refs = (Array.isArray(references) ? references : references ? references.split(/\s+/) : []).map(bare);
  const ids = [...(inReplyTo ? inReplyTo.split(/\s+/).map(bare) : []), ...refs.reverse()];
  return [...new Set(ids.filter((id) => id !== ''))];
}

/**
 * Parses a raw RFC 5322 message (as relays forward it, `message/rfc822`) with mailparser:
 * multipart/alternative prefers the HTML part, charsets are decoded (ISO-8859-1, windows-1252,
 * Shift_JIS, ...), the HTML goes through the rich-text sanitiser, the quoted earlier mail is
 * split off, and attachments are described (name, type, size), not kept.
 * @throws BAD_USER_INPUT when the message has no Message-ID or no From address
 */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  // A full HTML document: its head (title, styles) is not part of what the sender wrote.
  const html = typeof mail.html === 'string' ? mail.html.replace(/<head[\s\S]*?<\/head>/i, '') : '';
  const messageId = mail.messageId ? bare(mail.messageId) : '';
  if (!messageId) throw badInput('body.message-id', 'The email has no Message-ID header; it cannot be stored once.');
  const from = addresses(mail.from)[0];
  if (!from?.address) throw badInput('body.from', 'The email has no From address.');
  const split =
    html.trim() !== ''
      ? splitQuotedHtml(html)
      : (({ fresh, quoted }) => ({ fresh: textToHtml(fresh), quoted: textToHtml(quoted) }))(
          splitQuotedText(mail.text ?? ''),
        );
  return {
    messageId,
    replyTo: replyIds(mail.inReplyTo, mail.references),
    subject: (mail.subject ?? '').slice(0, 998),
    from: { address: from.address.toLowerCase(), name: from.name ?? '' },
    to: addresses(mail.to).flatMap((a) => (a.address ? [a.address.toLowerCase()] : [])),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    html: sanitizeRichText(split.fresh).trim(),
    quotedHtml: sanitizeRichText(split.quoted).trim(),
    attachments: mail.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.related)
      .map((a) => ({ name: a.filename ?? 'unnamed', type: a.contentType, size: a.size })),
  };
}
