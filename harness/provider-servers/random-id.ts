import { randomBytes } from 'node:crypto';

/** Ids look like the real ones (prefix + opaque tail) so adapters that log them behave as in production. */
export function randomId(prefix: string, length = 24): string {
  return prefix + randomBytes(length).toString('base64url').slice(0, length);
}
