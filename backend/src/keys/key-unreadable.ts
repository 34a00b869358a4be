import { HttpProblem, problemTypeBase } from '../platform/problem';
import { SecretDecryptionError } from './envelope-encryption';

/** Safe to show: names no key material, only what an operator or admin can do about it. */
export const keyUnreadableMessage =
  'The stored key cannot be decrypted with the configured key-encryption key; restore KEY_ENCRYPTION_KEYS or add the key again.';

/** A stored key that no key of the ring opens, however deep inside another error it was thrown. */
export function isKeyUnreadable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current instanceof SecretDecryptionError) return true;
  }
  return false;
}

/**
 * 409, not 500: the service works, but its state (the key ring against the stored keys) must be put right
 * before this connection can be used, and retrying the same request will not help.
 */
export function keyUnreadable(): HttpProblem {
  return new HttpProblem({
    status: 409,
    type: `${problemTypeBase}key-unreadable`,
    title: 'Stored key cannot be decrypted',
    detail: keyUnreadableMessage,
  });
}
