/**
 * Where the quoted earlier mail begins in a reply, so the timeline shows the new text and keeps
 * the quote collapsible. Mail clients mark it differently: Gmail's `gmail_quote` block, Apple
 * Mail's and Thunderbird's `<blockquote type="cite">`, Outlook's "Original Message" separator or
 * its `divRplyFwdMsg` header block; in plain text, an "On ... wrote:" line or `>`-prefixed lines.
 */
const HTML_QUOTE_STARTS = [
  /<div[^>]*class=["']?[^"'>]*gmail_quote/i,
  /<blockquote[^>]*type=["']?cite/i,
  /<div[^>]*id=["']?(divRplyFwdMsg|appendonsend)/i,
  /<div[^>]*class=["']?[^"'>]*(moz-cite-prefix|yahoo_quoted)/i,
  /-{3,}\s*Original Message\s*-{3,}/i,
];

/** An attribution line ("On Mon, 1 Dec 2026, Ann <ann@example.com> wrote:"), possibly wrapped once. */
const ATTRIBUTION = /^(On\s.+wrote:|Le\s.+a\s+écrit\s*:|Am\s.+schrieb.*:)\s*$/;

export interface SplitReply {
  /** What the sender wrote this time. */
  fresh: string;
  /** The quoted earlier mail (empty when there is none). */
  quoted: string;
}

/** Splits reply HTML at the earliest quote marker (the attribution line just before it stays with the quote). */
export function splitQuotedHtml(html: string): SplitReply {
  let at = -1;
  for (const marker of HTML_QUOTE_STARTS) {
    const index = html.search(marker);
    if (index !== -1 && (at === -1 || index < at)) at = index;
  }
  if (at <= 0) return { fresh: at === 0 ? '' : html, quoted: at === 0 ? html : '' };
  // "On ... wrote:" written as text right before a cite blockquote belongs to the quote.
  const before = html.slice(0, at);
  const attribution =
    /(<div[^>]*>|<p[^>]*>|<br\s*\/?>)?\s*(On\s[^<]{5,400}wrote:)\s*(<\/div>|<\/p>|<br\s*\/?>)?\s*$/i.exec(before);
  const cut = attribution ? attribution.index : at;
  return { fresh: html.slice(0, cut), quoted: html.slice(cut) };
}

/** Splits a plain-text reply at its attribution line or its first run of `>` lines that reaches the end. */
export function splitQuotedText(text: string): SplitReply {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]!.trim()}` : line;
    const attribution = ATTRIBUTION.test(line) ? 1 : ATTRIBUTION.test(joined) ? 2 : 0;
    const quoteFollows = (from: number) => lines.slice(from).some((l) => l.startsWith('>'));
    if (attribution > 0 && quoteFollows(i + attribution)) return cutAt(lines, i);
    if (line.startsWith('>') && lines.slice(i).every((l) => l.startsWith('>') || l.trim() === ''))
      return cutAt(lines, i);
    if (/^-{3,}\s*Original Message\s*-{3,}$/i.test(line)) return cutAt(lines, i);
  }
  return { fresh: text, quoted: '' };
}

const cutAt = (lines: string[], index: number): SplitReply => ({
  fresh: lines.slice(0, index).join('\n').trimEnd(),
  quoted: lines.slice(index).join('\n'),
});
