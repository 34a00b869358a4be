import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import request from 'supertest';
import type { ResolveAll } from '../../../backend/src/platform/outbound/outbound-guard';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * An admin points a connection at the backend's own network. Names resolve as the test says (so a name can
 * resolve to each private range); nothing may be called there, and every unreachable target reads the same.
 */
const admin = developmentBearer({ sub: 'ssrf-admin', email: 'admin@ssrf.example', hd: 'ssrf.example' });
const table: Record<string, string> = {
  'metadata.attacker.example': '169.254.169.254',
  'intranet.attacker.example': '10.1.2.3',
  'router.attacker.example': '192.168.0.1',
  'docker.attacker.example': '172.17.0.1',
  'v6.attacker.example': 'fd00::1',
};
const resolveHost: ResolveAll = async (hostname) => {
  const address = table[hostname];
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return [{ address, family: address.includes(':') ? 6 : 4 }];
};

describe("provider base URLs cannot reach the backend's network", () => {
  let backend: TestBackend;
  let hanging: Server;
  let closedPort: number;
  const api = {
    get: (path: string) => request(backend.app).get(path).set('authorization', admin),
    post: (path: string, body: object) => request(backend.app).post(path).set('authorization', admin).send(body),
  };
  const connect = async (baseUrl: string) => {
    const created = await api.post('/v1/connections', {
      provider: 'openai-compatible',
      name: `Test ${baseUrl}`,
      apiKey: 'sk-ssrf-test-key-1234',
      baseUrl,
      defaultModel: 'gpt-6-luna',
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  beforeAll(async () => {
    backend = await startTestBackend({ AI_REQUEST_TIMEOUT_MS: '1500', AI_RETRY_BASE_DELAY_MS: '1' }, { resolveHost });
    await api.get('/v1/session');
    // A server that accepts and never answers, and a port nothing listens on.
    hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
    await backend.close();
  });

  it.each(Object.entries(table))('a test of %s (%s) says only that the endpoint could not be reached', async (hostname) => {
    const id = await connect(`http://${hostname.includes(':') ? `[${hostname}]` : hostname}/v1`);
    const tested = await api.post(`/v1/connections/${id}/test`, {});
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: false, message: 'The endpoint could not be reached.' });
  });

  it('a closed port and a server that never answers read the same, so the test is no port scanner', async () => {
    const closed = await api.post(`/v1/connections/${await connect(`http://127.0.0.1:${closedPort}/v1`)}/test`, {});
    const silent = await api.post(
      `/v1/connections/${await connect(`http://127.0.0.1:${(hanging.address() as AddressInfo).port}/v1`)}/test`,
      {},
    );
    expect(closed.body.message).toBe('The endpoint could not be reached.');
    expect(silent.body.message).toBe(closed.body.message);
  });
});
