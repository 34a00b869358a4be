import { createHmac } from 'node:crypto';

/**
 * The characters HubSpot decodes in the request URI before signing (v3), from
 * developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation.
 */
const decodedInSignedUri: Record<string, string> = {
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

export function uriAsSigned(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => decodedInSignedUri[match.toUpperCase()] ?? match);
}

/**
 * The X-HubSpot-Signature-v3 HubSpot sends with a request, computed as its documentation says: the UTF-8
 * string method + URI (with the characters above decoded) + body + timestamp, HMAC-SHA256 with the app's
 * client secret, base64. The stand-in for HubSpot's side of a workflow webhook.
 */
export function signHubSpotRequest(input: { clientSecret: string; method: string; uri: string; body: string; timestamp: number }): {
  'X-HubSpot-Signature-v3': string;
  'X-HubSpot-Request-Timestamp': string;
} {
  const source = `${input.method}${uriAsSigned(input.uri)}${input.body}${input.timestamp}`;
  return {
    'X-HubSpot-Signature-v3': createHmac('sha256', input.clientSecret).update(source, 'utf8').digest('base64'),
    'X-HubSpot-Request-Timestamp': String(input.timestamp),
  };
}
