import { createHash, createHmac, randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { appsScriptException, invalidArgument } from './apps-script-exception';
import { Blob } from './blob';
import { encodeText, fromByteArray, isByteArray, toByteArray, type ByteArray } from './byte-array';
import { formatSimpleDate } from './format-date';

export const Charset = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' } as const;
export const DigestAlgorithm = {
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
} as const;
export const MacAlgorithm = {
  HMAC_MD5: 'HMAC_MD5',
  HMAC_SHA_1: 'HMAC_SHA_1',
  HMAC_SHA_256: 'HMAC_SHA_256',
  HMAC_SHA_384: 'HMAC_SHA_384',
  HMAC_SHA_512: 'HMAC_SHA_512',
} as const;

/** "The maximum allowed value is 300000 (or 5 minutes)." */
export const MAX_SLEEP_MS = 300_000;

const NODE_HASHES: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

function bytesOf(data: unknown, charset?: string): Buffer {
  if (isByteArray(data)) return fromByteArray(data);
  if (typeof data === 'string') return encodeText(data, charset);
  throw invalidArgument('data');
}

function decodeBase64(encoded: unknown, alphabet: RegExp): ByteArray {
  const text = String(encoded).trim();
  if (!alphabet.test(text)) throw appsScriptException('Could not decode string.');
  return toByteArray(Buffer.from(text, 'base64'));
}

function webSafe(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_');
}

function hashName(algorithm: string, table: Record<string, string>): string {
  const name = table[algorithm];
  if (!name) throw invalidArgument('algorithm');
  return name;
}

export class Utilities {
  readonly Charset = Charset;
  readonly DigestAlgorithm = DigestAlgorithm;
  readonly MacAlgorithm = MacAlgorithm;

  getUuid(): string {
    return randomUUID();
  }

  /**
   * Resolves after the delay. Called through the runtime, the script stays blocked on the bridge until
   * then, exactly as Apps Script's sleep blocks the execution.
   */
  sleep(milliseconds: number): Promise<void> {
    const delay = Number(milliseconds);
    if (!Number.isFinite(delay) || delay < 0 || delay > MAX_SLEEP_MS) throw invalidArgument('milliseconds');
    return new Promise((resolve) => setTimeout(resolve, delay));
  }

  base64Encode(data: string | ByteArray, charset?: string): string {
    return bytesOf(data, charset).toString('base64');
  }

  base64EncodeWebSafe(data: string | ByteArray, charset?: string): string {
    return webSafe(bytesOf(data, charset).toString('base64'));
  }

  base64Decode(encoded: string): ByteArray {
    return decodeBase64(encoded, /^[A-Za-z0-9+/]*={0,2}$/);
  }

  base64DecodeWebSafe(encoded: string): ByteArray {
    return decodeBase64(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), /^[A-Za-z0-9+/]*={0,2}$/);
  }

  computeDigest(algorithm: string, value: string | ByteArray, charset?: string): ByteArray {
    return toByteArray(createHash(hashName(algorithm, NODE_HASHES)).update(bytesOf(value, charset)).digest());
  }

  computeHmacSignature(algorithm: string, value: string | ByteArray, key: string | ByteArray, charset?: string): ByteArray {
    const hash = hashName(algorithm.replace(/^HMAC_/, ''), NODE_HASHES);
    return toByteArray(createHmac(hash, bytesOf(key, charset)).update(bytesOf(value, charset)).digest());
  }

  computeHmacSha256Signature(value: string | ByteArray, key: string | ByteArray, charset?: string): ByteArray {
    return this.computeHmacSignature(MacAlgorithm.HMAC_SHA_256, value, key, charset);
  }

  formatDate(date: Date, timeZone: string, pattern: string): string {
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw invalidArgument('date');
    return formatSimpleDate(date, String(timeZone), String(pattern));
  }

  formatString(template: string, ...args: unknown[]): string {
    return format(String(template), ...args);
  }

  newBlob(data: string | ByteArray, contentType?: string, name?: string): Blob {
    return new Blob(bytesOf(data), contentType ?? null, name ?? null);
  }

  jsonParse(text: string): unknown {
    return JSON.parse(text);
  }

  jsonStringify(value: unknown): string {
    return JSON.stringify(value);
  }
}
