import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutboundGuard, OutboundRefusedError, type ResolveAll } from '../../../../backend/src/platform/outbound/outbound-guard';

/** A resolver the test controls: every name resolves to what the table says. */
function resolverOf(table: Record<string, string | string[]>): ResolveAll {
  return async (hostname) => {
    const entry = table[hostname];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return (Array.isArray(entry) ? entry : [entry]).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (thrown: Error) => thrown,
  );
  expect(error).toBeInstanceOf(OutboundRefusedError);
  expect(error.message).toBe('The endpoint could not be reached.');
  return error;
}

const privateTargets: [string, string][] = [
  ['loopback', '127.0.0.1'],
  ['loopback, elsewhere in 127/8', '127.45.6.7'],
  ['IPv6 loopback', '::1'],
  ['10/8', '10.0.0.7'],
  ['172.16/12', '172.20.1.1'],
  ['192.168/16', '192.168.1.1'],
  ['cloud metadata (169.254.169.254)', '169.254.169.254'],
  ['link-local', '169.254.10.20'],
  ['IPv6 unique local (fc00::/7)', 'fd12:3456::1'],
  ['IPv6 link-local (fe80::/10)', 'fe80::1'],
  ['unspecified 0.0.0.0', '0.0.0.0'],
  ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
  ['carrier-grade NAT', '100.64.0.1'],
];

describe('the outbound guard in production', () => {
  const table = Object.fromEntries(privateTargets.map(([, address], index) => [`host${index}.attacker.example`, address]));
  const guard = createOutboundGuard({
    production: true,
    allowed: [],
    resolve: resolverOf({ ...table, 'api.example.com': '93.184.216.34', 'mixed.attacker.example': ['93.184.216.34', '10.0.0.1'] }),
  });

  it.each(privateTargets.map(([label], index) => [label, index]))('refuses a name that resolves to %s', async (_label, index) => {
    await refusal(guard.check(`https://host${index}.attacker.example/v1`));
  });

  it.each(privateTargets)('refuses %s written as an address', async (_label, address) => {
    await refusal(guard.check(`https://${address.includes(':') ? `[${address}]` : address}/v1`));
  });

  it('allows a public https endpoint, and refuses plain http, other schemes and a name that also resolves privately', async () => {
    await expect(guard.check('https://api.example.com/v1')).resolves.toBeUndefined();
    await refusal(guard.check('http://api.example.com/v1'));
    await refusal(guard.check('ftp://api.example.com/'));
    await refusal(guard.check('https://mixed.attacker.example/v1'));
    await refusal(guard.check('https://unknown.example/v1'));
  });

  it('lets the operator allow named hosts and ranges (a model in the VPC), over http too', async () => {
    const vpc = createOutboundGuard({
      production: true,
      allowed: ['llm.internal', '*.corp.example', '10.20.0.0/16'],
      resolve: resolverOf({
        'llm.internal': '10.9.9.9',
        'gpu.corp.example': '192.168.5.5',
        'other.example': '10.20.3.4',
        'outside.example': '10.21.0.1',
      }),
    });
    await expect(vpc.check('http://llm.internal:11434/v1')).resolves.toBeUndefined();
    await expect(vpc.check('https://gpu.corp.example/v1')).resolves.toBeUndefined();
    await expect(vpc.check('http://other.example/v1')).resolves.toBeUndefined();
    await refusal(vpc.check('https://outside.example/v1'));
    await refusal(vpc.check('https://169.254.169.254/latest/meta-data'));
  });
});

describe('the outbound guard locally', () => {
  let target: Server;
  let redirector: Server;
  let targetRequests = 0;
  let port = 0;
  let redirectorPort = 0;
  beforeAll(async () => {
    target = createServer((_request, response) => {
      targetRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    port = (target.address() as AddressInfo).port;
    redirector = createServer((_request, response) => response.writeHead(302, { location: `http://127.0.0.1:${port}/stolen` }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectorPort = (redirector.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => target.close(() => resolve()));
    await new Promise<void>((resolve) => redirector.close(() => resolve()));
  });

  it('reaches loopback over http (Ollama on this machine) but no private range', async () => {
    const guard = createOutboundGuard({
      production: false,
      allowed: [],
      resolve: resolverOf({ 'ollama.local': '127.0.0.1', 'nas.local': '192.168.1.10' }),
    });
    const response = await guard.fetch(`http://ollama.local:${port}/v1/models`);
    expect(response.status).toBe(200);
    await refusal(guard.fetch(`http://nas.local:${port}/v1/models`));
  });

  it('never follows a redirect: the target behind it gets nothing', async () => {
    const guard = createOutboundGuard({ production: false, allowed: [] });
    const before = targetRequests;
    await refusal(guard.fetch(`http://127.0.0.1:${redirectorPort}/v1/chat/completions`, { method: 'POST', body: '{}' }));
    expect(targetRequests).toBe(before);
  });

  it('checks the address again when it connects: a name that rebinds to a refused address after the check gets no connection', async () => {
    // Plain http to an allowed public range passes the check; the connection's own lookup then gets loopback.
    const resolvingTo =
      (answers: string[]): ResolveAll =>
      async () => [{ address: answers.shift() ?? '127.0.0.1', family: 4 }];
    const planted = createOutboundGuard({
      production: true,
      allowed: ['93.184.216.0/24', '127.0.0.0/8'],
      resolve: resolvingTo(['93.184.216.34']),
    });
    const before = targetRequests;
    // The planted positive: where loopback is allowed, the same rebinding does reach the local server.
    expect((await planted.fetch(`http://rebind.attacker.example:${port}/v1/models`)).status).toBe(200);
    expect(targetRequests).toBe(before + 1);
    const guard = createOutboundGuard({ production: true, allowed: ['93.184.216.0/24'], resolve: resolvingTo(['93.184.216.34']) });
    await refusal(guard.fetch(`http://rebind.attacker.example:${port}/v1/models`));
    expect(targetRequests).toBe(before + 1);
  });
});
