import { randomBytes } from 'node:crypto';
import {
  createKeyRing,
  createLocalKeyEncryptionKey,
  KeyUnwrapError,
  parseLocalKeyEncryptionKeys,
} from '../../../backend/src/keys/key-encryption-key';

const associatedData = Buffer.from('binding');

function errorMessageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the action to throw');
}

describe('createLocalKeyEncryptionKey', () => {
  test('wraps to base64 of iv, tag and ciphertext, and unwraps with the same associated data', async () => {
    const key = createLocalKeyEncryptionKey('a', randomBytes(32));
    const dataKey = randomBytes(32);

    const wrapped = await key.wrap(dataKey, associatedData);

    expect(Buffer.from(wrapped, 'base64')).toHaveLength(12 + 16 + 32);
    expect(await key.unwrap(wrapped, associatedData)).toEqual(dataKey);
    expect(await key.wrap(dataKey, associatedData)).not.toBe(wrapped);
  });

  test('refuses to unwrap with other associated data, another key or altered bytes', async () => {
    const secret = randomBytes(32);
    const key = createLocalKeyEncryptionKey('a', secret);
    const wrapped = await key.wrap(randomBytes(32), associatedData);
    const altered = Buffer.from(wrapped, 'base64');
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;

    await expect(key.unwrap(wrapped, Buffer.from('other'))).rejects.toThrow(KeyUnwrapError);
    await expect(createLocalKeyEncryptionKey('a', randomBytes(32)).unwrap(wrapped, associatedData)).rejects.toThrow(KeyUnwrapError);
    await expect(key.unwrap(altered.toString('base64'), associatedData)).rejects.toThrow(KeyUnwrapError);
    await expect(key.unwrap('c2hvcnQ=', associatedData)).rejects.toThrow(KeyUnwrapError);
    const error: unknown = await key.unwrap(wrapped, Buffer.from('other')).catch((caught: unknown) => caught);
    expect((error as Error).message).not.toContain(secret.toString('base64'));
  });

  test('keeps its own copy of the secret', async () => {
    const secret = randomBytes(32);
    const key = createLocalKeyEncryptionKey('a', secret);
    const wrapped = await key.wrap(Buffer.from('data key'), associatedData);
    secret.fill(0);

    expect((await key.unwrap(wrapped, associatedData)).toString()).toBe('data key');
  });

  test('rejects a secret that is not 32 bytes and an invalid id', () => {
    expect(() => createLocalKeyEncryptionKey('a', randomBytes(16))).toThrow('exactly 32 bytes, got 16');
    expect(() => createLocalKeyEncryptionKey('has space', randomBytes(32))).toThrow('id');
  });
});

describe('createKeyRing', () => {
  test('uses the first key as current and finds every key by id', () => {
    const first = createLocalKeyEncryptionKey('first', randomBytes(32));
    const second = createLocalKeyEncryptionKey('second', randomBytes(32));
    const ring = createKeyRing([first, second]);

    expect(ring.current).toBe(first);
    expect(ring.find('second')).toBe(second);
    expect(ring.find('third')).toBeUndefined();
  });

  test('rejects an empty ring and duplicate ids', () => {
    expect(() => createKeyRing([])).toThrow('at least one');
    const key = createLocalKeyEncryptionKey('same', randomBytes(32));
    expect(() => createKeyRing([key, createLocalKeyEncryptionKey('same', randomBytes(32))])).toThrow('"same" more than once');
  });
});

describe('parseLocalKeyEncryptionKeys', () => {
  test('parses base64 and base64url secrets, current key first', async () => {
    const secretOne = randomBytes(32);
    const secretTwo = Buffer.from('fb'.repeat(16) + 'ff'.repeat(16), 'hex');
    const keys = parseLocalKeyEncryptionKeys(` key-2026.01:${secretOne.toString('base64')} , old_key:${secretTwo.toString('base64url')}`);

    expect(keys.map((key) => key.id)).toEqual(['key-2026.01', 'old_key']);
    const [current, old] = keys;
    const wrapped = await old!.wrap(Buffer.from('data key'), associatedData);
    expect((await createLocalKeyEncryptionKey('old_key', secretTwo).unwrap(wrapped, associatedData)).toString()).toBe('data key');
    const currentWrapped = await createLocalKeyEncryptionKey('key-2026.01', secretOne).wrap(Buffer.from('x'), associatedData);
    expect((await current!.unwrap(currentWrapped, associatedData)).toString()).toBe('x');
  });

  test.each([
    ['empty', () => '', 'No local key encryption keys'],
    ['blank', () => '   ', 'No local key encryption keys'],
    ['wrong length', (secret: string) => `a:${secret.slice(0, 32)}`, 'decodes to 24 bytes'],
    ['bad base64', (secret: string) => `a:${secret}!*`, 'not valid base64'],
    ['mixed alphabets', (secret: string) => `a:${secret}+_`, 'not valid base64'],
    ['missing separator', (secret: string) => secret, 'no ":"'],
    ['invalid id', (secret: string) => `bad id:${secret}`, 'invalid id'],
    ['empty secret', () => 'a:', 'not valid base64'],
    ['duplicate ids', (secret: string) => `a:${secret},a:${secret}`, '"a" more than once'],
    ['empty entry', (secret: string) => `a:${secret},`, 'entry 2'],
  ])('rejects %s without quoting the secret', (_name, build, expected) => {
    const secret = randomBytes(32).toString('base64');
    const message = errorMessageOf(() => parseLocalKeyEncryptionKeys(build(secret)));

    expect(message).toContain(expected);
    expect(message).not.toContain(secret);
    expect(message).not.toContain(secret.slice(0, 12));
  });
});
