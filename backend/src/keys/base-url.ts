import { z } from 'zod';
import { parsedUrl } from '../platform/parsed-url';

/** Link-local IPv4 (169.254.0.0/16) holds the cloud metadata servers. */
function isLinkLocalIpv4(host: string): boolean {
  return /^169\.254\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `::ffff:a9fe:a9fe` (how the URL parser writes ::ffff:169.254.169.254) → `169.254.169.254`. */
function embeddedIpv4(ipv6: string): string | undefined {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ipv6) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ipv6);
  if (!match) return undefined;
  if (match[2] === undefined) return match[1];
  const high = Number.parseInt(match[1] as string, 16);
  const low = Number.parseInt(match[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * Addresses no connection may point at: the cloud metadata servers hand out the service's own credentials,
 * so an admin-supplied base URL must never reach them (server-side request forgery). The URL parser has
 * already turned decimal, octal and hex IPv4 spellings into dotted form; IPv6 and DNS spellings are
 * normalised here.
 */
export function isForbiddenHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '');
  if (isLinkLocalIpv4(host)) return true;
  if (host.includes(':')) {
    const ipv4 = embeddedIpv4(host);
    if (ipv4 && isLinkLocalIpv4(ipv4)) return true;
    if (/^fe[89ab][0-9a-f]?:/.test(host) || host === 'fd00:ec2::254') return true;
  }
  return host === 'metadata' || host === 'metadata.google.internal' || host.endsWith('.metadata.google.internal');
}

export const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'write a full http(s) URL, e.g. https://example.openai.azure.com/openai/v1' })
  .max(500)
  .refine((value) => !isForbiddenHost(parsedUrl(value)?.hostname ?? ''), 'this address is not allowed (cloud metadata servers are blocked)')
  .refine((value) => !parsedUrl(value)?.username && !parsedUrl(value)?.password, 'put the key in the key field, not in the URL');
