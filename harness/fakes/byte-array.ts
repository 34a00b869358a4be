import { invalidArgument } from './apps-script-exception';

// Apps Script represents binary data as Byte[]: a plain array of Java bytes, -128..127.

export type ByteArray = number[];

export function toByteArray(bytes: Uint8Array): ByteArray {
  return Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export function fromByteArray(bytes: ArrayLike<number>): Buffer {
  return Buffer.from(Uint8Array.from(bytes, (byte) => byte & 0xff));
}

export function isByteArray(value: unknown): value is ByteArray {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

// Both the Utilities.Charset names (UTF_8, US_ASCII) and IANA names (UTF-8, ISO-8859-1) are accepted.
function ianaName(charset: string | undefined): string {
  const name = (charset ?? 'UTF-8').trim();
  if (/^utf_?8$/i.test(name)) return 'utf-8';
  if (/^us_ascii$/i.test(name)) return 'us-ascii';
  return name.toLowerCase();
}

export function encodeText(text: string, charset?: string): Buffer {
  const name = ianaName(charset);
  if (name === 'utf-8' || name === 'utf8') return Buffer.from(text, 'utf8');
  if (name === 'us-ascii' || name === 'ascii') return Buffer.from(text, 'ascii');
  if (name === 'iso-8859-1' || name === 'latin1') return Buffer.from(text, 'latin1');
  if (name === 'utf-16le') return Buffer.from(text, 'utf16le');
  throw invalidArgument('charset');
}

export function decodeText(bytes: Uint8Array, charset?: string): string {
  try {
    return new TextDecoder(ianaName(charset)).decode(bytes);
  } catch {
    throw invalidArgument('charset');
  }
}
