import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type TcpNetConnectOpts } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch } from 'undici';

/** Resolves a host name to every address, as dns.lookup with `all: true` does; tests give their own. */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundPolicy {
  /** Production: https only, and only public addresses unless the operator allows more. */
  production: boolean;
  /**
   * What the operator allows besides public addresses (OUTBOUND_ALLOWED_HOSTS): host names ("llm.internal",
   * "*.corp.example") and address ranges ("10.20.0.0/16", "fd00::/8"). An allowed host may also use http.
   */
  allowed: readonly string[];
  resolve?: ResolveAll | undefined;
}

/** Every refused or unreachable target reads the same, so the guard cannot be used to map a network. */
export const unreachableMessage = 'The endpoint could not be reached.';

export class OutboundRefusedError extends Error {
  override readonly name = 'OutboundRefusedError';
  constructor() {
    super(unreachableMessage);
  }
}

/** Address kinds that are never another organisation's public service: loopback, private, link-local (cloud metadata)… */
const refusedRanges = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal',
  'loopback',
  'private',
  'uniqueLocal',
  'carrierGradeNat',
  'reserved',
  'benchmarking',
  'amt',
  'as112',
  'as112v6',
  'orchid2',
  'droneRemoteIdProtocolEntityTags',
  'deprecated',
  'discard',
  'rfc6145',
  'rfc6052',
  '6to4',
  'teredo',
]);

export interface OutboundGuard {
  /** fetch for calls to endpoints people configured: checked before and at connect time, never redirected. */
  fetch: typeof fetch;
  /** Refuses (OutboundRefusedError) a URL the policy would not call, after resolving its host. */
  check(url: string | URL): Promise<void>;
  /**
   * A `lookup` for node's http(s).Agent, for SDKs that bring their own HTTP stack (@hubspot/api-client uses
   * node-fetch): each connection's own resolution passes the same check as this guard's fetch.
   */
  lookup: NonNullable<TcpNetConnectOpts['lookup']>;
}

function parsedRanges(allowed: readonly string[]): [ipaddr.IPv4 | ipaddr.IPv6, number][] {
  return allowed.filter((entry) => entry.includes('/')).map((entry) => ipaddr.parseCIDR(entry));
}

function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return allowed.some((entry) => {
    const rule = entry.toLowerCase();
    if (rule.includes('/')) return false;
    return rule.startsWith('*.') ? host.endsWith(rule.slice(1)) : host === rule;
  });
}

/**
 * The one guard every outbound call to a configured endpoint goes through (providers, webhooks). An address
 * is checked once it is resolved, and again by the connection itself (its own DNS lookup goes through the same
 * check), so a name cannot resolve to something else in between (DNS rebinding). Locally, loopback and http
 * stay allowed so a model served by Ollama on this machine works.
 */
export function createOutboundGuard(policy: OutboundPolicy): OutboundGuard {
  const ranges = parsedRanges(policy.allowed);
  const resolveAll: ResolveAll =
    policy.resolve ??
    ((hostname) =>
      new Promise((resolve, reject) => {
        dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
      }));

  const addressAllowed = (address: string, hostIsAllowed: boolean): boolean => {
    if (hostIsAllowed || inAllowedRanges(address)) return true;
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    const range = parsed.range();
    if (range === 'loopback' && !policy.production) return true;
    return !refusedRanges.has(range);
  };

  const inAllowedRanges = (address: string): boolean => {
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    return ranges.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits));
  };

  /** The host's addresses, each allowed; with `plainHttp`, each must also be one the operator allowed. */
  const checkedAddresses = async (hostname: string, plainHttp = false): Promise<LookupAddress[]> => {
    const bare = hostname.replace(/^\[|\]$/g, '');
    const hostIsAllowed = hostAllowed(bare, policy.allowed);
    let addresses: LookupAddress[];
    try {
      addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await resolveAll(bare);
    } catch {
      throw new OutboundRefusedError();
    }
    // Every address must pass: a name that also resolves to a private address is refused whole.
    if (addresses.length === 0 || !addresses.every((entry) => addressAllowed(entry.address, hostIsAllowed)))
      throw new OutboundRefusedError();
    if (plainHttp && !hostIsAllowed && !addresses.every((entry) => inAllowedRanges(entry.address))) throw new OutboundRefusedError();
    return addresses;
  };

  const check = async (target: string | URL): Promise<void> => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new OutboundRefusedError();
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefusedError();
    // In production plain http only reaches what the operator allowed (a model inside the VPC).
    await checkedAddresses(url.hostname, policy.production && url.protocol === 'http:');
  };

  // The connection's own resolution, checked again: what was checked is what is connected to.
  const lookup: OutboundGuard['lookup'] = (hostname, options, callback) => {
    checkedAddresses(hostname).then(
      (addresses) => {
        const wantsAll = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
        if (wantsAll) (callback as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
        else (callback as (error: null, address: string, family: number) => void)(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => (callback as (error: Error) => void)(error),
    );
  };
  const agent = new Agent({ connect: { lookup } });

  const guardedFetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' || input instanceof URL ? input : input.url;
    await check(url);
    try {
      // No redirects: a 3xx could send the key on to a host nobody checked.
      return (await undiciFetch(url, { ...(init as object), dispatcher: agent, redirect: 'error' } as Parameters<
        typeof undiciFetch
      >[1])) as unknown as Response;
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new OutboundRefusedError();
    }
  }) as typeof fetch;

  return { fetch: guardedFetch, check, lookup };
}

/** Our own deadline fired: the caller reads it as a timeout, not as an unreachable endpoint. */
function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}
