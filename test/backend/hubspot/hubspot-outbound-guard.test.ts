import { createHubSpotClientFactory } from '../../../backend/src/hubspot/hubspot-client-factory';
import { testHubSpotToken } from '../../../backend/src/hubspot/save-hubspot-connection';
import { createOutboundGuard, OutboundRefusedError } from '../../../backend/src/platform/outbound/outbound-guard';
import { startHubSpotServer, type HubSpotServer } from '../../../harness/hubspot-server';
import { hubSpotToken } from './hubspot-test-support';

/** The official client reaches HubSpot only through the outbound guard: checked before, and at every connection. */
describe('HubSpot calls pass the outbound guard', () => {
  let hubspot: HubSpotServer;
  const token = hubSpotToken();
  beforeAll(async () => {
    hubspot = await startHubSpotServer({ accessToken: token });
  });
  afterAll(() => hubspot?.close());

  it('refuses a base URL at the cloud metadata server before any client is made', async () => {
    const clientFor = createHubSpotClientFactory({
      baseUrl: 'http://169.254.169.254',
      guard: createOutboundGuard({ production: false, allowed: [] }),
    });
    await expect(clientFor(token)).rejects.toBeInstanceOf(OutboundRefusedError);
  });

  it('checks the address each connection resolves to, so a name rebound to a private address is refused', async () => {
    const port = new URL(hubspot.baseUrl).port;
    let lookups = 0;
    // Public when the URL is checked, loopback when the connection resolves it (DNS rebinding).
    // The operator allows that public range over plain http, so only the connection-time check can refuse.
    const guard = createOutboundGuard({
      production: true,
      allowed: ['93.184.216.0/24'],
      resolve: async () => {
        lookups += 1;
        return lookups === 1 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
      },
    });
    const clientFor = createHubSpotClientFactory({ baseUrl: `http://hubspot.rebound.example:${port}`, guard });
    const before = hubspot.requests.length;
    const test = await testHubSpotToken(clientFor, token, { timeoutMs: 2000 });
    expect(test).toMatchObject({ ok: false, message: 'HubSpot could not be reached.' });
    expect(lookups).toBeGreaterThanOrEqual(2);
    expect(hubspot.requests.length).toBe(before);
  });

  it('reaches the stand-in when the guard allows it (loopback outside production)', async () => {
    const clientFor = createHubSpotClientFactory({
      baseUrl: hubspot.baseUrl,
      guard: createOutboundGuard({ production: false, allowed: [] }),
    });
    expect(await testHubSpotToken(clientFor, token, { timeoutMs: 2000 })).toMatchObject({ ok: true });
  });
});
