import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { signHubSpotRequest } from '../../../harness/hubspot-server';
import {
  admin,
  clientSecret,
  hubSpotToken,
  member,
  organisationId,
  signInOrganisation,
  startHubSpotBench,
  type HubSpotBench,
} from './hubspot-test-support';

/**
 * Canary HubSpot credentials: random private-app tokens and a client secret that must never come back out —
 * not in a response (body or headers), not in a log line at LOG_LEVEL trace, not in a stored document — while
 * they are saved, refused, tested, used to read records through 429s, used to verify webhooks, and sent to a
 * careless HubSpot that quotes the token back in its errors.
 */

jest.setTimeout(60_000);

const canaries = {
  token: hubSpotToken('na1'),
  refusedToken: hubSpotToken('eu1'),
  echoedToken: hubSpotToken('na2'),
  secret: clientSecret(),
};
/** Every 8-character run of each canary's random part (the `pat-na1-` prefix is public and shown in hints). */
const grams = new Map<string, string>();
for (const [label, value] of Object.entries(canaries)) {
  const random = value.replace(/^pat-[a-z]{2}\d-/, '');
  for (let start = 0; start + 8 <= random.length; start += 1) grams.set(random.slice(start, start + 8), label);
}

function leaksIn(source: string, text: string): string[] {
  for (let at = 0; at + 8 <= text.length; at += 1) {
    const label = grams.get(text.slice(at, at + 8));
    if (label) return [`${source}: 8+ characters of the ${label}: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 70))}`];
  }
  return [];
}

/** A HubSpot that is careless with what it is sent: it quotes the bearer token in its 400s and in a header. */
async function startEchoingHubSpot(): Promise<{ baseUrl: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((incoming, response) => {
    incoming.resume();
    const token = (incoming.headers.authorization ?? '').replace(/^Bearer /, '');
    seen.push(token);
    response.writeHead(400, { 'content-type': 'application/json;charset=utf-8', 'x-echoed-token': token });
    response.end(
      JSON.stringify({
        status: 'error',
        message: `Invalid token ${token} for portal`,
        correlationId: 'c0ffee',
        category: 'VALIDATION_ERROR',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('canary HubSpot credentials never appear in a response, a log line or a stored document', () => {
  let bench: HubSpotBench;
  let careless: HubSpotBench;
  let echoing: Awaited<ReturnType<typeof startEchoingHubSpot>>;
  const responses: { source: string; text: string }[] = [];
  const publicBaseUrl = 'https://fill.example.com';

  async function record(source: string, pending: request.Test): Promise<request.Response> {
    const response = await pending;
    responses.push({ source, text: `HTTP ${response.status}\n${JSON.stringify(response.headers)}\n${response.text ?? ''}` });
    return response;
  }

  beforeAll(async () => {
    echoing = await startEchoingHubSpot();
    const environment = { LOG_LEVEL: 'trace', PUBLIC_BASE_URL: publicBaseUrl };
    bench = await startHubSpotBench({
      token: canaries.token,
      environment,
      runs: { [`${organisationId}/run-1`]: { objectType: 'deals', mapping: { title: 'dealname', client: 'company.name' } } },
      backend: { captureLogs: true },
    });
    careless = await startHubSpotBench({
      environment: { ...environment, HUBSPOT_BASE_URL: echoing.baseUrl },
      backend: { captureLogs: true },
    });
    await signInOrganisation(bench);
    await signInOrganisation(careless);
  });
  afterAll(async () => {
    await bench?.close();
    await careless?.close();
    await echoing?.close();
  });

  it('saves, refuses, tests and reads with the canaries', async () => {
    const app = bench.backend.app;
    const put = (body: object) =>
      record('PUT /v1/hubspot/connection', request(app).put('/v1/hubspot/connection').set('authorization', admin).send(body));
    expect((await put({ accessToken: canaries.refusedToken, clientSecret: canaries.secret })).status).toBe(422);
    expect((await put({ accessToken: canaries.token, clientSecret: canaries.secret })).status).toBe(200);
    expect((await record('GET connection', request(app).get('/v1/hubspot/connection').set('authorization', admin))).status).toBe(200);
    expect((await record('POST test', request(app).post('/v1/hubspot/connection/test').set('authorization', admin).send({}))).body.ok).toBe(
      true,
    );

    const company = bench.hubspot.crm.create('companies', { name: 'Acme' });
    const deal = bench.hubspot.crm.create('deals', { dealname: 'Fleet' });
    bench.hubspot.crm.associate('deals', deal.id, 'companies', company.id, { primary: true });
    bench.hubspot.rateLimitNext(1, { intervalMs: 20 });
    const body = { objectType: 'deals', mapping: { title: 'dealname', client: 'company.name' }, select: { ids: [deal.id] } };
    const read = await record('POST records', request(app).post('/v1/hubspot/records').set('authorization', member).send(body));
    expect(read.body.records[0].fields).toEqual({ title: 'Fleet', client: 'Acme' });
    bench.hubspot.rateLimitNext(4, { intervalMs: 20 });
    expect(
      (await record('POST records (limited)', request(app).post('/v1/hubspot/records').set('authorization', member).send(body))).status,
    ).toBe(429);

    const path = `/v1/hubspot/webhooks/${encodeURIComponent(organisationId)}/runs/run-1`;
    const raw = JSON.stringify({ objectId: Number(deal.id) });
    for (const secret of [canaries.secret, clientSecret()]) {
      const headers = signHubSpotRequest({
        clientSecret: secret,
        method: 'POST',
        uri: `${publicBaseUrl}${path}`,
        body: raw,
        timestamp: Date.now(),
      });
      await record('POST webhook', request(app).post(path).set(headers).set('content-type', 'application/json').send(raw));
    }
    expect(bench.queue.jobs).toHaveLength(1);

    // HubSpot revokes the token: tests and reads now fail, with messages that must still name no token.
    bench.hubspot.acceptOnly(hubSpotToken());
    expect(
      (await record('POST test (revoked)', request(app).post('/v1/hubspot/connection/test').set('authorization', admin).send({}))).body.ok,
    ).toBe(false);
    expect(
      (await record('POST records (revoked)', request(app).post('/v1/hubspot/records').set('authorization', member).send(body))).status,
    ).toBe(409);
    expect((await record('GET audit', request(app).get('/v1/audit?limit=50').set('authorization', admin))).status).toBe(200);
  });

  it('keeps the token out of what a HubSpot quoting it back says', async () => {
    const response = await record(
      'PUT careless',
      request(careless.backend.app).put('/v1/hubspot/connection').set('authorization', admin).send({ accessToken: canaries.echoedToken }),
    );
    expect(response.status).toBe(422);
    // The careless server did get the canary, and its message is passed on with the token taken out.
    expect(echoing.seen).toContain(canaries.echoedToken);
    expect(response.body.detail).toMatch(/HubSpot refused the request: Invalid token \[redacted\] for portal/);
  });

  it('gave no canary in any response', () => {
    expect(responses.length).toBeGreaterThan(10);
    expect(responses.flatMap(({ source, text }) => leaksIn(source, text))).toEqual([]);
  });

  it('logged at trace level, the retries included, and no log line holds a canary', async () => {
    await bench.backend.drain();
    const lines = [...bench.backend.logLines, ...careless.backend.logLines];
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((line) => line.includes('HubSpot call failed; retrying'))).toBe(true);
    expect(lines.flatMap((line, index) => leaksIn(`log line ${index}`, line))).toEqual([]);
  });

  it('stored no canary in any document', async () => {
    const leaks: string[] = [];
    for (const backend of [bench.backend, careless.backend]) {
      const paths = await backend.firestore.listDocumentPaths!();
      expect(paths.some((path) => path.endsWith('/integrations/hubspot')) || backend === careless.backend).toBe(true);
      for (const path of paths) {
        const snapshot = await backend.firestore.firestore.doc(path).get();
        leaks.push(...leaksIn(`document ${path}`, JSON.stringify(snapshot.data() ?? null)));
      }
    }
    expect(leaks).toEqual([]);
  });
});
