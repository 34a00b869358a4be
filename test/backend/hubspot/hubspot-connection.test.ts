import request from 'supertest';
import {
  admin,
  clientSecret,
  connectHubSpot,
  hubSpotToken,
  member,
  organisationId,
  signInOrganisation,
  startHubSpotBench,
  type HubSpotBench,
} from './hubspot-test-support';

/** Connecting HubSpot: the token is tried against HubSpot (the local stand-in, through the official client) before it is kept. */
describe('the HubSpot connection', () => {
  let bench: HubSpotBench;
  beforeAll(async () => {
    bench = await startHubSpotBench();
    await signInOrganisation(bench);
  });
  afterAll(() => bench?.close());

  it('answers 409 with what to do while HubSpot is not connected', async () => {
    const response = await request(bench.backend.app).get('/v1/hubspot/connection').set('authorization', admin);
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(/connects HubSpot first/);
  });

  it('refuses a token HubSpot does not accept with a clear 422, and stores nothing', async () => {
    const wrong = hubSpotToken();
    const response = await connectHubSpot(bench, { accessToken: wrong });
    expect(response.status).toBe(422);
    expect(response.body.detail).toMatch(/HubSpot did not accept the access token.*Nothing was saved\./);
    // The official client really called HubSpot's contacts endpoint with the token as a bearer token.
    const tried = bench.hubspot.requests.at(-1)!;
    expect([tried.method, tried.path, tried.query.get('limit'), tried.headers.authorization, tried.status]).toEqual([
      'GET',
      '/crm/v3/objects/contacts',
      '1',
      `Bearer ${wrong}`,
      401,
    ]);
    // The client's configured middleware ran (its User-Agent), and with it the agent that carries the outbound guard.
    expect(tried.headers['user-agent']).toMatch(/^hubspot-api-client-nodejs; /);
    expect((await request(bench.backend.app).get('/v1/hubspot/connection').set('authorization', admin)).status).toBe(409);
    expect(await bench.backend.firestore.firestore.doc(`orgs/${organisationId}/integrations/hubspot`).get()).toHaveProperty(
      'exists',
      false,
    );
  });

  it('refuses a value that is not a private-app token before calling HubSpot', async () => {
    const calls = bench.hubspot.requests.length;
    const response = await connectHubSpot(bench, { accessToken: 'sk-not-a-hubspot-token-1234' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/pat-na1-/);
    expect(bench.hubspot.requests.length).toBe(calls);
  });

  it('keeps a token HubSpot accepts, sealed, and shows only its fingerprint and last four', async () => {
    const secret = clientSecret();
    const response = await connectHubSpot(bench, { accessToken: bench.token, clientSecret: secret });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      lastFour: bench.token.slice(-4),
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{12}$/),
      clientSecretSet: true,
      createdBy: 'hana@example.com',
      lastTest: { ok: true, message: 'HubSpot accepted the token.' },
      webhookPath: '/v1/hubspot/webhooks/domain%3Aexample.com/runs/{runId}',
    });
    const stored = (await bench.backend.firestore.firestore.doc(`orgs/${organisationId}/integrations/hubspot`).get()).data()!;
    expect(stored.sealedToken).toMatchObject({ algorithm: 'AES-256-GCM', keyEncryptionKeyId: 'hubspot-test' });
    expect(JSON.stringify(stored)).not.toContain(bench.token);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(response.body)).not.toContain(bench.token.slice(0, -4));
  });

  it('tests the stored token on demand, and reports a token HubSpot has since revoked as not working', async () => {
    const ok = await request(bench.backend.app).post('/v1/hubspot/connection/test').set('authorization', admin).send({});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true });
    bench.hubspot.acceptOnly(hubSpotToken());
    try {
      const failed = await request(bench.backend.app).post('/v1/hubspot/connection/test').set('authorization', admin).send({});
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({ ok: false, message: expect.stringMatching(/HubSpot did not accept the access token/) });
      const view = await request(bench.backend.app).get('/v1/hubspot/connection').set('authorization', admin);
      expect(view.body.lastTest).toMatchObject({ ok: false });
    } finally {
      bench.hubspot.acceptOnly(bench.token);
    }
  });

  it('is for admins: a member is refused', async () => {
    const response = await request(bench.backend.app).get('/v1/hubspot/connection').set('authorization', member);
    expect(response.status).toBe(403);
  });

  it('disconnects: the sealed token is deleted and the audit trail names the token by fingerprint only', async () => {
    expect((await request(bench.backend.app).delete('/v1/hubspot/connection').set('authorization', admin)).status).toBe(204);
    expect((await request(bench.backend.app).get('/v1/hubspot/connection').set('authorization', admin)).status).toBe(409);
    const audit = await request(bench.backend.app).get('/v1/audit?limit=50').set('authorization', admin);
    const actions = (audit.body.entries as { action: string }[]).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['hubspot.connect', 'hubspot.disconnect']));
    expect(audit.text).not.toContain(bench.token.slice(0, -4));
  });
});
