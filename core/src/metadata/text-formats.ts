import { z } from 'zod';
import type { FieldType } from './types';

/** Phone numbers: digits, spaces and `+ ( ) . - /`, at least three digits. */
export const PHONE_PATTERN = /^\+?(?=(?:\D*\d){3})[0-9 ().\-/]{3,40}$/;

/** Only http(s) URLs with a host: `javascript:`, `data:` and the like never reach a stored link. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const FORMATS: Partial<Record<FieldType, { accepts: (value: string) => boolean; what: string }>> = {
  EMAIL: { accepts: (value) => z.regexes.email.test(value), what: 'email addresses such as ada@example.com' },
  URL: { accepts: isHttpUrl, what: 'http(s) URLs such as https://example.com' },
  PHONE: { accepts: (value) => PHONE_PATTERN.test(value), what: 'phone numbers' },
};

/**
 * The format a text type holds its values to, the one the record service validates writes
 * with; a conversion into that type checks the values already stored with the same test.
 */
export const textFormatOf = (type: FieldType) => FORMATS[type] ?? null;
