import { createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot's window: a request whose timestamp is older than 5 minutes is rejected. */
export const signatureWindowMs = 5 * 60_000;

/**
 * The characters HubSpot decodes in the request URI before it signs (v3): the table in
 * developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation. An
 * organisation id in our path (`domain%3Aexample.com`) is signed as `domain:example.com`.
 */
const decodedBeforeSigning: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

function signedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => decodedBeforeSigning[match.toUpperCase()] ?? match);
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch'; message: string };

/**
 * Verifies X-HubSpot-Signature-v3 as HubSpot documents it: reject a timestamp (X-HubSpot-Request-Timestamp,
 * epoch milliseconds) older than 5 minutes; HMAC-SHA256, keyed with the app's client secret, of the UTF-8
 * string method + URI (decoded as above) + body + timestamp; base64; compared in constant time. A timestamp
 * more than 5 minutes ahead is refused too: it would stretch the window a captured request can be replayed in.
 */
export function verifyHubSpotSignature(input: {
  clientSecret: string;
  method: string;
  uri: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  now: number;
}): SignatureVerdict {
  if (!input.signature || !input.timestamp || !/^\d{1,16}$/.test(input.timestamp))
    return {
      ok: false,
      reason: 'missing',
      message:
        'The request has no valid X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp headers; turn on request signatures in the workflow action.',
    };
  if (Math.abs(input.now - Number(input.timestamp)) > signatureWindowMs)
    return {
      ok: false,
      reason: 'stale',
      message:
        'The request timestamp is more than 5 minutes away from now; HubSpot requests are accepted only within 5 minutes of being signed.',
    };
  const source = Buffer.concat([
    Buffer.from(`${input.method.toUpperCase()}${signedUri(input.uri)}`, 'utf8'),
    input.rawBody,
    Buffer.from(input.timestamp, 'utf8'),
  ]);
  const expected = createHmac('sha256', input.clientSecret).update(source).digest();
  const given = Buffer.from(input.signature, 'base64');
  // timingSafeEqual needs equal lengths; the length of a valid signature (32 bytes) is no secret.
  const matches = given.length === expected.length && timingSafeEqual(given, expected);
  return matches
    ? { ok: true }
    : {
        ok: false,
        reason: 'mismatch',
        message:
          "The request signature does not match; check that the app's client secret saved in Admin settings → HubSpot is the app's current one.",
      };
}
