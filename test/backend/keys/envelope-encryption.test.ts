import { randomBytes } from 'node:crypto';
import {
  openSecret,
  rewrapSecret,
  sealedSecretSchema,
  sealSecret,
  SecretDecryptionError,
  type SealedSecret,
  type SecretBinding,
} from '../../../backend/src/keys/envelope-encryption';
import { createKeyRing, createLocalKeyEncryptionKey, type KeyEncryptionKey } from '../../../backend/src/keys/key-encryption-key';

const binding: SecretBinding = { organisationId: 'org-1', recordId: 'openai' };
const apiKey = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

function localKey(id: string): KeyEncryptionKey {
  return createLocalKeyEncryptionKey(id, randomBytes(32));
}

/** Flips one bit of a base64 field, keeping it valid base64 of the same length. */
function flipBit(base64: string, index = 0): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] = (bytes[index] ?? 0) ^ 1;
  return bytes.toString('base64');
}

describe('sealSecret and openSecret', () => {
  const ring = createKeyRing([localKey('a')]);

  test.each([
    ['an API key', apiKey],
    ['unicode', 'clé secrète 🔑 — 鍵 \u0000 end'],
    ['a 10 kB secret', 'x'.repeat(5000) + 'é'.repeat(2500)],
    ['an empty string', ''],
  ])('round-trips %s', async (_name, plaintext) => {
    const sealed = await sealSecret(plaintext, binding, ring);

    expect(await openSecret(sealed, binding, ring)).toBe(plaintext);
  });

  test('produces a plain, schema-valid record that survives a JSON round trip', async () => {
    const sealed = await sealSecret(apiKey, binding, ring);
    const stored = JSON.parse(JSON.stringify(sealed)) as SealedSecret;

    expect(sealedSecretSchema.parse(stored)).toEqual(sealed);
    expect(stored).toMatchObject({ version: 1, algorithm: 'AES-256-GCM', keyEncryptionKeyId: 'a' });
    expect(Buffer.from(stored.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(stored.authTag, 'base64')).toHaveLength(16);
    expect(await openSecret(stored, binding, ring)).toBe(apiKey);
  });

  test('seals the same plaintext differently each time: fresh IV and data key', async () => {
    const first = await sealSecret(apiKey, binding, ring);
    const second = await sealSecret(apiKey, binding, ring);

    expect(second.iv).not.toBe(first.iv);
    expect(second.wrappedDataKey).not.toBe(first.wrappedDataKey);
    expect(second.ciphertext).not.toBe(first.ciphertext);
  });

  test('the sealed JSON contains neither the plaintext nor its base64', async () => {
    const json = JSON.stringify(await sealSecret(apiKey, binding, ring));

    expect(json).not.toContain(apiKey);
    expect(json).not.toContain(Buffer.from(apiKey).toString('base64'));
    expect(json).not.toContain(Buffer.from(apiKey).toString('base64').slice(0, 16));
    expect(json).not.toContain(Buffer.from(apiKey).toString('base64url').slice(0, 16));
  });

  test.each([
    ['another organisation', { organisationId: 'org-2', recordId: 'openai' }],
    ['another record', { organisationId: 'org-1', recordId: 'anthropic' }],
    ['ids that concatenate to the same text', { organisationId: 'org-1o', recordId: 'penai' }],
  ])('refuses to open under %s', async (_name, otherBinding) => {
    const sealed = await sealSecret(apiKey, binding, ring);

    await expect(openSecret(sealed, otherBinding, ring)).rejects.toThrow(SecretDecryptionError);
  });

  test.each([
    ['ciphertext', (sealed: SealedSecret) => ({ ...sealed, ciphertext: flipBit(sealed.ciphertext, 3) })],
    ['authTag', (sealed: SealedSecret) => ({ ...sealed, authTag: flipBit(sealed.authTag) })],
    ['wrappedDataKey', (sealed: SealedSecret) => ({ ...sealed, wrappedDataKey: flipBit(sealed.wrappedDataKey, 40) })],
    ['iv', (sealed: SealedSecret) => ({ ...sealed, iv: flipBit(sealed.iv) })],
    [
      'authTag (truncated)',
      (sealed: SealedSecret) => ({ ...sealed, authTag: Buffer.from(sealed.authTag, 'base64').subarray(0, 4).toString('base64') }),
    ],
    ['version', (sealed: SealedSecret) => ({ ...sealed, version: 2 }) as unknown as SealedSecret],
  ])('refuses a record with an altered %s, without revealing the secret', async (_name, tamper) => {
    const sealed = await sealSecret(apiKey, binding, ring);

    const error = await openSecret(tamper(sealed), binding, ring).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SecretDecryptionError);
    expect((error as Error).message).not.toContain(apiKey);
  });

  test('names the unknown key encryption key id', async () => {
    const sealed = await sealSecret(apiKey, binding, createKeyRing([localKey('retired-key')]));

    const error = await openSecret(sealed, binding, ring).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SecretDecryptionError);
    expect((error as Error).message).toContain('"retired-key"');
  });

  test('zeroes the data key after wrapping it', async () => {
    const seen: Buffer[] = [];
    const inner = localKey('spy');
    const spy: KeyEncryptionKey = {
      id: inner.id,
      wrap: async (dataKey, associatedData) => {
        seen.push(dataKey);
        expect(dataKey.equals(Buffer.alloc(32))).toBe(false);
        return inner.wrap(dataKey, associatedData);
      },
      unwrap: (wrapped, associatedData) => inner.unwrap(wrapped, associatedData),
    };

    await sealSecret(apiKey, binding, createKeyRing([spy]));

    expect(seen).toHaveLength(1);
    expect(seen[0]!.equals(Buffer.alloc(32))).toBe(true);
  });

  test('lets infrastructure failures through unchanged so callers can retry', async () => {
    const outage = new Error('KMS unreachable');
    const failing: KeyEncryptionKey = { id: 'a', wrap: async () => 'x', unwrap: async () => Promise.reject(outage) };
    const sealed = await sealSecret(apiKey, binding, ring);

    await expect(openSecret(sealed, binding, createKeyRing([failing]))).rejects.toBe(outage);
  });

  test('rejects an empty binding', async () => {
    await expect(sealSecret(apiKey, { organisationId: '', recordId: 'openai' }, ring)).rejects.toThrow('non-empty');
  });
});

describe('rotation', () => {
  test('rewraps onto the current key without touching the ciphertext', async () => {
    const keyA = localKey('A');
    const keyB = localKey('B');
    const sealed = await sealSecret(apiKey, binding, createKeyRing([keyA]));
    const rotatedRing = createKeyRing([keyB, keyA]);

    expect(await openSecret(sealed, binding, rotatedRing)).toBe(apiKey);

    const rewrapped = await rewrapSecret(sealed, binding, rotatedRing);

    expect(rewrapped.keyEncryptionKeyId).toBe('B');
    expect(rewrapped.wrappedDataKey).not.toBe(sealed.wrappedDataKey);
    expect({ ciphertext: rewrapped.ciphertext, iv: rewrapped.iv, authTag: rewrapped.authTag }).toEqual({
      ciphertext: sealed.ciphertext,
      iv: sealed.iv,
      authTag: sealed.authTag,
    });
    expect(await openSecret(rewrapped, binding, createKeyRing([keyB]))).toBe(apiKey);
    await expect(openSecret(rewrapped, binding, createKeyRing([keyA]))).rejects.toThrow(SecretDecryptionError);
  });

  test('returns the same content when already on the current key', async () => {
    const ring = createKeyRing([localKey('A')]);
    const sealed = await sealSecret(apiKey, binding, ring);

    expect(await rewrapSecret(sealed, binding, ring)).toEqual(sealed);
  });

  test('refuses to rewrap a record bound elsewhere', async () => {
    const keyA = localKey('A');
    const sealed = await sealSecret(apiKey, binding, createKeyRing([keyA]));

    await expect(
      rewrapSecret(sealed, { organisationId: 'org-2', recordId: 'openai' }, createKeyRing([localKey('B'), keyA])),
    ).rejects.toThrow(SecretDecryptionError);
  });
});

describe('a secret bound to its use (version 2)', () => {
  const ring = createKeyRing([localKey('kek-bound')]);
  const bound: SecretBinding = { ...binding, usedWith: ['openai-compatible', 'https://gateway.example/v1'] };

  it('opens only with the same use: another endpoint, another provider or none at all fails authentication', async () => {
    const sealed = await sealSecret(apiKey, bound, ring);
    expect(sealed.version).toBe(2);
    await expect(openSecret(sealed, bound, ring)).resolves.toBe(apiKey);
    await expect(
      openSecret(sealed, { ...binding, usedWith: ['openai-compatible', 'https://attacker.example/v1'] }, ring),
    ).rejects.toBeInstanceOf(SecretDecryptionError);
    await expect(openSecret(sealed, { ...binding, usedWith: ['anthropic', 'https://gateway.example/v1'] }, ring)).rejects.toBeInstanceOf(
      SecretDecryptionError,
    );
    await expect(openSecret(sealed, binding, ring)).rejects.toBeInstanceOf(SecretDecryptionError);
  });

  it('a version 1 secret claiming to be version 2 does not open', async () => {
    const legacy = await sealSecret(apiKey, binding, ring);
    expect(legacy.version).toBe(1);
    await expect(openSecret({ ...legacy, version: 2 }, bound, ring)).rejects.toBeInstanceOf(SecretDecryptionError);
  });
});
