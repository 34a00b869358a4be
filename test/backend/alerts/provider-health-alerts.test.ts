import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { percentile95 } from '../../../backend/src/alerts/provider-health-monitor';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/*
 * Health alerts an admin sees in GET /v1/alerts (and gets by e-mail or Google Chat): a provider that stops
 * answering, and a model that has become slow. Real fills through the OpenAI SDK against the stand-in server,
 * which answers 503s and slow replies as scripted; the alert list is what the admin dialog shows.
 */
describe('provider-down and slow-model alerts from real fills', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  const owner = developmentBearer({ sub: 'health-owner', email: 'owner@health.example', hd: 'health.example' });
  let prompts = 0;

  const call = (method: 'get' | 'put' | 'post', path: string, body?: object) => {
    const pending = request(backend.app)[method](path).set('authorization', owner);
    return body === undefined ? pending : pending.send(body);
  };
  const fill = () => {
    prompts += 1;
    return call('post', '/v1/fills', {
      documentId: 'doc-health',
      tags: [{ name: 'intro', configuration: { prompt: `Write line ${prompts}.` } }],
    });
  };
  const alertsOfKind = async (kind: string) =>
    ((await call('get', '/v1/alerts')).body.alerts as Array<{ kind: string; text: string }>).filter((alert) => alert.kind === kind);
  const saveAlerts = async (alerts: Record<string, unknown>) => {
    const current = await call('get', '/v1/settings');
    const saved = await call('put', '/v1/settings', {
      baseVersion: current.body.version,
      settings: { ...current.body.settings, cacheTtlSeconds: 0, alerts: { ...current.body.settings.alerts, ...alerts } },
    });
    expect(saved.status).toBe(200);
  };

  beforeAll(async () => {
    // OPENAI_BASE_URL makes the server-wide connection an OpenAI-compatible one: alerts name it so.
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-health-test-0123456789',
      OPENAI_BASE_URL: provider.baseUrl,
      AI_RETRY_BASE_DELAY_MS: '1',
      AI_MAX_ATTEMPTS: '1',
    });
    expect((await call('get', '/v1/session')).status).toBe(200);
  });
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  it('the 95th percentile is the nearest-rank value', () => {
    expect(percentile95([5, 1, 3, 2, 4])).toBe(5);
    expect(percentile95(Array.from({ length: 100 }, (_, index) => index + 1))).toBe(95);
  });

  it('raises one provider_down alert after the set number of failures in a row; refusals and answers do not count', async () => {
    await saveAlerts({ providerDown: { enabled: true, consecutiveFailures: 3 } });
    // Two outages, an answer (the run starts again), a bad request (says nothing about the provider), then three.
    provider.enqueue(
      { kind: 'error', status: 503, message: 'overloaded' },
      { kind: 'error', status: 500, message: 'internal' },
      { kind: 'reply', text: 'Fine.' },
      { kind: 'error', status: 400, message: 'bad request', errorType: 'invalid_request_error' },
      { kind: 'error', status: 503, message: 'overloaded' },
      { kind: 'error', status: 502, message: 'bad gateway' },
    );
    for (let index = 0; index < 6; index += 1) expect((await fill()).status).toBe(200);
    expect(await alertsOfKind('provider_down')).toEqual([]);
    provider.enqueue({ kind: 'error', status: 503, message: 'overloaded' }, { kind: 'error', status: 503, message: 'overloaded' });
    for (let index = 0; index < 2; index += 1) expect((await fill()).status).toBe(200);
    await waitFor(async () => (await alertsOfKind('provider_down')).length === 1);
    const [alert] = await alertsOfKind('provider_down');
    expect(alert?.text).toMatch(
      /^Provider down for health\.example: openai-compatible failed 3 calls in a row since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(the last one answered with a server error\)\. Fills use the fallback models meanwhile/,
    );
    // The same outage going on raises nothing more.
    provider.enqueue({ kind: 'error', status: 503, message: 'overloaded' });
    expect((await fill()).status).toBe(200);
    expect(await alertsOfKind('provider_down')).toHaveLength(1);
  });

  it('raises one slow_model alert when the 95th percentile of a model crosses the threshold in a window', async () => {
    provider.reset();
    await saveAlerts({ slowModel: { enabled: true, p95Ms: 1000, minimumRequests: 4, windowMinutes: 60 } });
    provider.enqueue(
      { kind: 'reply', text: 'Quick.' },
      { kind: 'reply', text: 'Quick.' },
      { kind: 'reply', text: 'Slow.', latencyMs: 1300 },
      { kind: 'reply', text: 'Slow.', latencyMs: 1300 },
    );
    for (let index = 0; index < 3; index += 1) expect((await fill()).status).toBe(200);
    // Three calls are fewer than the minimum: one slow call among them is not an alert.
    expect(await alertsOfKind('slow_model')).toEqual([]);
    expect((await fill()).status).toBe(200);
    await waitFor(async () => (await alertsOfKind('slow_model')).length === 1);
    const [alert] = await alertsOfKind('slow_model');
    expect(alert?.text).toMatch(
      /^Slow model for health\.example: 95 % of 4 calls to openai-compatible:[\w.-]+ took up to 1\.\d s in the 60 minutes from /,
    );
    expect(alert?.text).toContain('above the 1.0 s set in Admin settings → Alerts');
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the condition did not become true within 2.5 s');
}
