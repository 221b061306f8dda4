import { z } from 'zod';
import type { FieldType } from './types';

/**
 * The formats of the text types that have one, as record writes check them (JavaScript) and as
 * a type conversion counts the stored values that break them (PostgreSQL regular expressions,
 * which read these sources the same way). One definition, so a converted column never holds a
 * value a write of its new type would refuse.
 */
export const PHONE_PATTERN = /^\+?(?=(?:\D*\d){3})[0-9 ().\-/]{3,40}$/;
export const EMAIL_PATTERN: RegExp = z.regexes.email;

/** `new URL` accepts exactly these (http or https, with a host); the SQL form mirrors it. */
export const HTTP_URL_SQL_PATTERN = '^https?://[^/?#@[:space:]]*@?[^/?#@:[:space:]]+';

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** The PostgreSQL pattern (matched case-insensitively) a stored value of `type` must match, if any. */
export function textFormatSqlPattern(type: FieldType): string | null {
  switch (type) {
    case 'EMAIL':
      return EMAIL_PATTERN.source;
    case 'PHONE':
      return PHONE_PATTERN.source;
    case 'URL':
      return HTTP_URL_SQL_PATTERN;
    default:
      return null;
  }
}
