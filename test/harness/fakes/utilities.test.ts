import { Blob } from '../../../harness/fakes/blob';
import { MAX_SLEEP_MS, Utilities } from '../../../harness/fakes/utilities';

const utilities = new Utilities();

test('getUuid returns a random version 4 UUID', () => {
  const uuid = utilities.getUuid();
  expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(utilities.getUuid()).not.toBe(uuid);
});

test('base64 of strings and Byte[], standard and web-safe, and back to Byte[]', () => {
  expect(utilities.base64Encode('héllo')).toBe(Buffer.from('héllo').toString('base64'));
  expect(utilities.base64Encode([-1, -2, -3])).toBe('//79');
  expect(utilities.base64EncodeWebSafe([-1, -2, -3])).toBe('__79');
  expect(utilities.base64Decode('//79')).toEqual([-1, -2, -3]);
  expect(utilities.base64DecodeWebSafe('__79')).toEqual([-1, -2, -3]);
  expect(() => utilities.base64Decode('not base64!')).toThrow(
    expect.objectContaining({ name: 'Exception', message: 'Could not decode string.' }),
  );
});

test('computeDigest returns signed bytes', () => {
  const digest = utilities.computeDigest(utilities.DigestAlgorithm.SHA_256, 'abc');
  const expected = Array.from(new Int8Array(Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex')));
  expect(digest).toEqual(expected);
  expect(digest.every((byte) => byte >= -128 && byte <= 127)).toBe(true);
  expect(utilities.computeHmacSha256Signature('data', 'key')).toHaveLength(32);
});

test('formatDate follows SimpleDateFormat in the given time zone', () => {
  const date = new Date(Date.UTC(2024, 0, 5, 23, 4, 9, 7));
  expect(utilities.formatDate(date, 'UTC', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toBe('2024-01-05T23:04:09.007Z');
  expect(utilities.formatDate(date, 'Europe/Paris', 'EEE d MMM yyyy HH:mm Z')).toBe('Sat 6 Jan 2024 00:04 +0100');
  expect(utilities.formatDate(date, 'America/New_York', "h:mm a, EEEE, MMMM dd, ''yy")).toBe("6:04 PM, Friday, January 05, '24");
});

test('newBlob holds bytes, a content type and a name', () => {
  const blob = utilities.newBlob('text', 'text/plain', 'a.txt');
  expect(blob).toBeInstanceOf(Blob);
  expect([blob.getDataAsString(), blob.getContentType(), blob.getName()]).toEqual(['text', 'text/plain', 'a.txt']);
  expect(utilities.newBlob([104, 105]).getDataAsString()).toBe('hi');
});

test('sleep waits, and refuses more than five minutes', async () => {
  const started = Date.now();
  await utilities.sleep(50);
  expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  expect(() => utilities.sleep(MAX_SLEEP_MS + 1)).toThrow(expect.objectContaining({ name: 'Exception' }));
});
