export type { SecretCipher } from './secret-cipher';
export { createSecretCipher } from './secret-cipher';
export type { SecretInfo, SecretStore } from './secret-store';
export { createSecretStore } from './secret-store';
