/** A phone number in E.164: `+`, a country code that does not start with 0, at most 15 digits. */
export const E164 = /^\+[1-9][0-9]{5,14}$/;

/**
 * A number as people write it (`+44 20 7946 0958`, `0044 (20) 7946-0958`) in E.164, or null when
 * it is not one: spaces, dots, dashes, slashes and brackets drop, a leading `00` reads as `+`. A
 * number without its country code stays null: guessing the country could match the wrong person.
 */
export function toE164(written: string): string | null {
  const compact = written.replace(/[\s().\-/]/g, '').replace(/^00/, '+');
  return E164.test(compact) ? compact : null;
}

/** SQL of a stored number normalised like `toE164` (without the check), to compare with an E.164 number. */
export const e164Sql = (column: string) =>
  `regexp_replace(regexp_replace(${column}, '[\\s().\\-/]', '', 'g'), '^00', '+')`;
