import request from 'supertest';
import { startSmtpServer, type SmtpTestServer } from '../../support/smtp-test-server';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/** Alert e-mail cannot become a relay: recipients are people of the organisation, and test sends are few. */
describe('alert e-mail recipients', () => {
  const owner = developmentBearer({ sub: 'relay-owner', email: 'owner@relay.example', hd: 'relay.example' });
  let backend: TestBackend;
  let smtp: SmtpTestServer;
  const call = (method: 'get' | 'put' | 'post', path: string, body?: object) => {
    const pending = request(backend.app)[method](path).set('authorization', owner);
    return body === undefined ? pending : pending.send(body);
  };
  const saveEmails = async (emails: string[]) => {
    const current = await call('get', '/v1/settings');
    return call('put', '/v1/settings', {
      baseVersion: current.body.version,
      settings: { ...current.body.settings, alerts: { ...current.body.settings.alerts, emails } },
    });
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    backend = await startTestBackend({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ALERT_EMAIL_FROM: 'Alerts <alerts@relay.example>' });
    await call('get', '/v1/session');
  });
  afterAll(async () => {
    await backend.close();
    await smtp.close();
  });

  it('refuses an address outside the organisation, saying why, and keeps the settings as they were', async () => {
    const refused = await saveEmails(['finance@relay.example', 'victim@elsewhere.example']);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe(
      "Alerts go only to people of your organisation: victim@elsewhere.example is neither in its domain nor a member's address.",
    );
    expect((await call('get', '/v1/settings')).body.settings.alerts.emails).toEqual([]);
    expect(smtp.mails).toHaveLength(0);
  });

  it("accepts the organisation's domain in any letter case", async () => {
    expect((await saveEmails(['Finance@Relay.Example'])).status).toBe(200);
  });

  it('sends at most five test alerts in ten minutes, then answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) statuses.push((await call('post', '/v1/alerts/test', {})).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(smtp.mails).toHaveLength(5);
    const limited = await call('post', '/v1/alerts/test', {});
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(500);
    expect(limited.body.detail).toMatch(/^Your organisation sent 5 test alerts in the last 10 minutes; try again in \d+ s\.$/);
  });
});
