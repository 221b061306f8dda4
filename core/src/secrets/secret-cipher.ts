import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ErrorCode, RelataError } from '../errors';

/** Format tag of stored values, so the scheme can change without guessing. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Fixed HKDF salt: separates these keys from anything else derived from the same secret. */
const HKDF_SALT = 'relata/secrets/aes-256-gcm';

/** Encrypts and decrypts secret values of one installation (one RELATA_SECRET). */
export interface SecretCipher {
  /** `v1.<iv>.<tag>.<ciphertext>` (base64url): a fresh random IV each call. */
  encrypt(workspaceId: string, name: string, plaintext: string): string;
  /**
   * @throws INTERNAL when the value was stored under another RELATA_SECRET or was altered
   * (the GCM tag does not match)
   */
  decrypt(workspaceId: string, name: string, stored: string): string;
}

/**
 * AES-256-GCM with a key per workspace derived by HKDF-SHA256 from the installation secret.
 * The workspace id and the secret's name are authenticated data, so a stored value copied to
 * another name or workspace fails to decrypt instead of answering for it.
 */
export function createSecretCipher(masterSecret: string): SecretCipher {
  if (masterSecret.length < 32) throw new Error('The secrets key needs a RELATA_SECRET of at least 32 characters.');
  const keys = new Map<string, Buffer>();
  const keyOf = (workspaceId: string) => {
    let key = keys.get(workspaceId);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', masterSecret, HKDF_SALT, `workspace:${workspaceId}`, 32));
      keys.set(workspaceId, key);
    }
    return key;
  };
  const aad = (workspaceId: string, name: string) => Buffer.from(`${workspaceId}\u0000${name}`, 'utf8');

  return {
    encrypt(workspaceId, name, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyOf(workspaceId), iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(workspaceId, name));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(workspaceId, name, stored) {
      const [version, iv, tag, body] = stored.split('.');
      const unreadable = () =>
        new RelataError(
          ErrorCode.INTERNAL,
          `Secret "${name}" cannot be decrypted: it was stored under another RELATA_SECRET, or altered. Restore that RELATA_SECRET or set the secret again.`,
        );
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) throw unreadable();
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyOf(workspaceId), Buffer.from(iv, 'base64url'), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(aad(workspaceId, name));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw unreadable();
      }
    },
  };
}
