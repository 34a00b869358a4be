import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Wraps and unwraps data keys. Implementations throw `KeyUnwrapError` when the wrapped key cannot be
 * recovered (wrong key, tampered data, wrong associated data) and any other error for infrastructure
 * failures, so callers can tell "this record is unreadable" from "try again later".
 */
export interface KeyEncryptionKey {
  /** Stable id stored beside each wrapped data key, so the right key unwraps it after rotation. */
  readonly id: string;
  /** Returns the wrapped data key as base64. */
  wrap(dataKey: Buffer, associatedData: Buffer): Promise<string>;
  unwrap(wrappedDataKey: string, associatedData: Buffer): Promise<Buffer>;
}

export interface KeyRing {
  /** New secrets and re-wraps use this key. */
  readonly current: KeyEncryptionKey;
  find(id: string): KeyEncryptionKey | undefined;
}

/** Thrown when a data key cannot be unwrapped; the message never carries key material. */
export class KeyUnwrapError extends Error {
  override readonly name = 'KeyUnwrapError';
}

const keyLength = 32;
const ivLength = 12;
const authTagLength = 16;
const idPattern = /^[A-Za-z0-9_.-]{1,64}$/;
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
const base64UrlPattern = /^[A-Za-z0-9_-]*={0,2}$/;

export function createLocalKeyEncryptionKey(id: string, secret: Buffer): KeyEncryptionKey {
  if (!idPattern.test(id)) {
    throw new Error('A local key encryption key id must be 1 to 64 characters of A-Z, a-z, 0-9, "_", "." or "-".');
  }
  if (secret.length !== keyLength) {
    throw new Error(`Local key encryption key "${id}" must be exactly ${keyLength} bytes, got ${secret.length}.`);
  }
  // A private copy, so a caller zeroing or reusing its buffer cannot change this key.
  const key = Buffer.from(secret);

  return {
    id,
    async wrap(dataKey: Buffer, associatedData: Buffer): Promise<string> {
      const iv = randomBytes(ivLength);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength });
      cipher.setAAD(associatedData);
      const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    },
    async unwrap(wrappedDataKey: string, associatedData: Buffer): Promise<Buffer> {
      const wrapped = Buffer.from(wrappedDataKey, 'base64');
      if (wrapped.length <= ivLength + authTagLength) {
        throw new KeyUnwrapError(`The wrapped data key is too short to have been wrapped by key "${id}".`);
      }
      // authTagLength is fixed so a truncated tag cannot be accepted: Node otherwise allows short tags.
      const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, ivLength), { authTagLength });
      decipher.setAAD(associatedData);
      decipher.setAuthTag(wrapped.subarray(ivLength, ivLength + authTagLength));
      try {
        return Buffer.concat([decipher.update(wrapped.subarray(ivLength + authTagLength)), decipher.final()]);
      } catch {
        throw new KeyUnwrapError(`Key "${id}" could not unwrap the data key: wrong key, tampered data or wrong binding.`);
      }
    },
  };
}

/** The first key is current; the rest stay only to unwrap data keys written before a rotation. */
export function createKeyRing(keys: KeyEncryptionKey[]): KeyRing {
  const [current] = keys;
  if (!current) throw new Error('A key ring needs at least one key encryption key.');
  const byId = new Map<string, KeyEncryptionKey>();
  for (const key of keys) {
    if (byId.has(key.id)) throw new Error(`The key ring lists key encryption key "${key.id}" more than once.`);
    byId.set(key.id, key);
  }
  return { current, find: (id) => byId.get(id) };
}

/**
 * Parses "id1:base64secret,id2:base64secret" (first is current). Error messages name entries by position and
 * id but never quote a secret, since they end up in logs.
 */
export function parseLocalKeyEncryptionKeys(value: string): KeyEncryptionKey[] {
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') {
    throw new Error('No local key encryption keys given: expected "id:base64secret", comma separated, current key first.');
  }
  const keys = entries.map((entry, index) => parseEntry(entry, index + 1));
  return createKeyRingOrExplain(keys);
}

function parseEntry(entry: string, position: number): KeyEncryptionKey {
  const separator = entry.indexOf(':');
  if (separator < 0) {
    throw new Error(`Local key encryption key entry ${position} has no ":" between its id and its base64 secret.`);
  }
  const id = entry.slice(0, separator).trim();
  const encodedSecret = entry.slice(separator + 1).trim();
  if (!idPattern.test(id)) {
    // The id is not quoted: a malformed entry may have the secret where the id should be.
    throw new Error(
      `Local key encryption key entry ${position} has an invalid id: use 1 to 64 characters of A-Z, a-z, 0-9, "_", "." or "-".`,
    );
  }
  if (encodedSecret === '' || !(base64Pattern.test(encodedSecret) || base64UrlPattern.test(encodedSecret))) {
    throw new Error(`Local key encryption key "${id}" (entry ${position}) is not valid base64 or base64url.`);
  }
  const secret = Buffer.from(encodedSecret, encodedSecret.includes('-') || encodedSecret.includes('_') ? 'base64url' : 'base64');
  try {
    if (secret.length !== keyLength) {
      throw new Error(
        `Local key encryption key "${id}" (entry ${position}) decodes to ${secret.length} bytes; it must be exactly ${keyLength}.`,
      );
    }
    return createLocalKeyEncryptionKey(id, secret);
  } finally {
    secret.fill(0);
  }
}

function createKeyRingOrExplain(keys: KeyEncryptionKey[]): KeyEncryptionKey[] {
  // Reuses the ring's duplicate check so the rule lives in one place.
  createKeyRing(keys);
  return keys;
}
