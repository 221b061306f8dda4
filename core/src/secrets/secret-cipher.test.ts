import { describe, expect, test } from 'vitest';
import { createSecretCipher } from './secret-cipher';

const KEY = 'k'.repeat(32);
const WORKSPACE = '0190a000-0000-7000-8000-000000000001';
const OTHER_WORKSPACE = '0190a000-0000-7000-8000-000000000002';

describe('secret cipher (AES-256-GCM, HKDF key per workspace)', () => {
  const cipher = createSecretCipher(KEY);

  test('round-trips, and the stored form is neither the plaintext nor repeatable', () => {
    const first = cipher.encrypt(WORKSPACE, 'smtp.password', 'hunter2 hunter2');
    const second = cipher.encrypt(WORKSPACE, 'smtp.password', 'hunter2 hunter2');
    expect(first).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toContain('hunter2');
    expect(first).not.toBe(second);
    expect(cipher.decrypt(WORKSPACE, 'smtp.password', first)).toBe('hunter2 hunter2');
    expect(cipher.decrypt(WORKSPACE, 'smtp.password', second)).toBe('hunter2 hunter2');
  });

  test.each([
    ['another RELATA_SECRET', () => createSecretCipher('x'.repeat(32)).decrypt(WORKSPACE, 'a', stored())],
    ['another workspace', () => cipher.decrypt(OTHER_WORKSPACE, 'a', stored())],
    ['another name', () => cipher.decrypt(WORKSPACE, 'b', stored())],
    ['an altered value', () => cipher.decrypt(WORKSPACE, 'a', altered(stored()))],
    ['a value in no known format', () => cipher.decrypt(WORKSPACE, 'a', 'plain text')],
  ])('decrypting with %s fails clearly', (_case, decrypt) => {
    expect(decrypt).toThrow(/cannot be decrypted: it was stored under another RELATA_SECRET, or altered/);
  });

  test('a short master secret is refused', () => {
    expect(() => createSecretCipher('short')).toThrow(/at least 32 characters/);
  });
});

function stored(): string {
  return createSecretCipher(KEY).encrypt(WORKSPACE, 'a', 'value');
}

/** The stored value with the first character of its GCM tag changed (6 significant bits). */
function altered(value: string): string {
  const [version, iv, tag, body] = value.split('.') as [string, string, string, string];
  return [version, iv, `${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`, body].join('.');
}
