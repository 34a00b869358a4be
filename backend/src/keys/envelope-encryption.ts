import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { KeyUnwrapError, type KeyRing } from './key-encryption-key';

/** Where a secret is stored; bound into the encryption so a copied record does not decrypt elsewhere. */
export interface SecretBinding {
  organisationId: string;
  recordId: string;
  /**
   * What else the secret may only be used with (a provider key's provider and base URL): part of the
   * authenticated data, so a record whose endpoint was changed without the key cannot be decrypted.
   */
  usedWith?: readonly string[] | undefined;
}

/**
 * All fields are base64 strings: plain JSON so Firestore stores it as a map. Version 1 binds the
 * organisation and record; version 2 also binds `usedWith`.
 */
export interface SealedSecret {
  version: 1 | 2;
  algorithm: 'AES-256-GCM';
  keyEncryptionKeyId: string;
  wrappedDataKey: string;
  iv: string;
  authTag: string;
  ciphertext: string;
}

/** Thrown when a stored secret cannot be opened; the message names no secret material. */
export class SecretDecryptionError extends Error {
  override readonly name: string = 'SecretDecryptionError';
}

const dataKeyLength = 32;
const ivLength = 12;
const authTagLength = 16;
const bindingContext = 'ai-template-fill/secret/v1';
const boundBindingContext = 'ai-template-fill/secret/v2';

const base64OfLength = (length: number) =>
  z.base64().refine((value) => Buffer.from(value, 'base64').length === length, `must decode to ${length} bytes`);

export const sealedSecretSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  algorithm: z.literal('AES-256-GCM'),
  keyEncryptionKeyId: z.string().min(1).max(512),
  // Not z.base64(): a KeyEncryptionKey only promises an opaque string, which its own unwrap interprets.
  wrappedDataKey: z.string().min(1).max(8192),
  iv: base64OfLength(ivLength),
  authTag: base64OfLength(authTagLength),
  ciphertext: z.base64(),
}) satisfies z.ZodType<SealedSecret>;

export async function sealSecret(plaintext: string, binding: SecretBinding, ring: KeyRing): Promise<SealedSecret> {
  const version = binding.usedWith ? 2 : 1;
  const associatedData = encodeBinding(binding, version);
  // A fresh data key per secret: one key's compromise or nonce reuse can never reach another record.
  const dataKey = randomBytes(dataKeyLength);
  try {
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength });
    cipher.setAAD(associatedData);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const wrappedDataKey = await ring.current.wrap(dataKey, associatedData);
    return {
      version,
      algorithm: 'AES-256-GCM',
      keyEncryptionKeyId: ring.current.id,
      wrappedDataKey,
      iv: iv.toString('base64'),
      authTag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  } finally {
    dataKey.fill(0);
  }
}

export async function openSecret(sealed: SealedSecret, binding: SecretBinding, ring: KeyRing): Promise<string> {
  const valid = validate(sealed);
  const associatedData = encodeBinding(binding, valid.version);
  const dataKey = await unwrapDataKey(valid, associatedData, ring);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(valid.iv, 'base64'), { authTagLength });
    decipher.setAAD(associatedData);
    decipher.setAuthTag(Buffer.from(valid.authTag, 'base64'));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(Buffer.from(valid.ciphertext, 'base64')), decipher.final()]);
    } catch {
      throw new SecretDecryptionError('The secret failed authentication: its ciphertext or tag was altered.');
    }
    const text = plaintext.toString('utf8');
    plaintext.fill(0);
    return text;
  } finally {
    dataKey.fill(0);
  }
}

/** Moves a secret onto the ring's current key without touching its ciphertext, so rotation never sees plaintext. */
export async function rewrapSecret(sealed: SealedSecret, binding: SecretBinding, ring: KeyRing): Promise<SealedSecret> {
  const valid = validate(sealed);
  if (valid.keyEncryptionKeyId === ring.current.id) return { ...valid };
  const associatedData = encodeBinding(binding, valid.version);
  const dataKey = await unwrapDataKey(valid, associatedData, ring);
  try {
    const wrappedDataKey = await ring.current.wrap(dataKey, associatedData);
    return { ...valid, keyEncryptionKeyId: ring.current.id, wrappedDataKey };
  } finally {
    dataKey.fill(0);
  }
}

/** JSON of a fixed-shape array is unambiguous: no pair of ids can encode to the same bytes as another pair. */
function encodeBinding(binding: SecretBinding, version: 1 | 2): Buffer {
  if (!binding.organisationId || !binding.recordId) {
    throw new Error('A secret binding needs a non-empty organisationId and recordId.');
  }
  if (version === 1) return Buffer.from(JSON.stringify([bindingContext, binding.organisationId, binding.recordId]), 'utf8');
  // A version 2 secret opened without what it is bound to must fail, not fall back to the looser binding.
  if (!binding.usedWith)
    throw new SecretDecryptionError('The secret is bound to its use (provider and endpoint) and was opened without it.');
  return Buffer.from(JSON.stringify([boundBindingContext, binding.organisationId, binding.recordId, ...binding.usedWith]), 'utf8');
}

function validate(sealed: SealedSecret): SealedSecret {
  // Stored documents are only typed by convention, so a corrupt one is reported, not decrypted blindly.
  const parsed = sealedSecretSchema.safeParse(sealed);
  if (!parsed.success) throw new SecretDecryptionError('The stored secret is not a valid sealed secret (version 1 or 2, AES-256-GCM).');
  return parsed.data;
}

async function unwrapDataKey(sealed: SealedSecret, associatedData: Buffer, ring: KeyRing): Promise<Buffer> {
  const key = ring.find(sealed.keyEncryptionKeyId);
  if (!key) {
    throw new SecretDecryptionError(
      `The secret was sealed with key encryption key "${sealed.keyEncryptionKeyId}", which is not in the key ring.`,
    );
  }
  let dataKey: Buffer;
  try {
    dataKey = await key.unwrap(sealed.wrappedDataKey, associatedData);
  } catch (error) {
    // Other errors (KMS unreachable, no credentials) are transient and keep their own type so callers can retry.
    if (error instanceof KeyUnwrapError) {
      throw new SecretDecryptionError(`Key encryption key "${key.id}" could not unwrap the secret's data key: ${error.message}`);
    }
    throw error;
  }
  if (dataKey.length !== dataKeyLength) {
    dataKey.fill(0);
    throw new SecretDecryptionError(`Key encryption key "${key.id}" unwrapped a data key of the wrong length.`);
  }
  return dataKey;
}
