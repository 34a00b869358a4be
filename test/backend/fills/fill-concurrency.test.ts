import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

const fillConcurrency = 3;
/** Every answer takes this long at the provider, so the requests in flight at once can be read off their arrival times. */
const latencyMs = 400;

/**
 * The most generation requests that arrived within one answer's latency of each other. Each takes at least
 * `latencyMs` to answer, so a request arriving less than that after another arrived while the other was still
 * in flight: this is the peak of requests in flight (a slightly shorter window keeps timer jitter out).
 */
function peakInFlight(arrivals: number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((start, index) => sorted.slice(index).filter((arrival) => arrival < start + windowMs).length));
}

describe('FILL_CONCURRENCY', () => {
  let provider: ProviderServer;
  let backend: TestBackend;

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-concurrency',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      FILL_CONCURRENCY: String(fillConcurrency),
      AI_RETRY_BASE_DELAY_MS: '1',
    });
  });

  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  it('a fill with more tags than the limit never has more than FILL_CONCURRENCY provider calls in flight, and uses them all', async () => {
    provider.setDefault({ kind: 'reply', text: 'A paragraph.', latencyMs });
    const tags = Array.from({ length: 10 }, (_, index) => ({
      name: `section_${index}`,
      configuration: { prompt: `Write section ${index} of the report.` },
    }));
    const response = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', developmentBearer({ sub: 'concurrency-user', email: 'cy@concurrency.example', hd: 'concurrency.example' }))
      .send({ documentId: 'doc-concurrency', tags });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'completed', totals: { tags: 10, generated: 10, failed: 0 } });
    const generations = provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');
    expect(generations).toHaveLength(10);
    expect(
      peakInFlight(
        generations.map((recorded) => recorded.receivedAt),
        latencyMs * 0.9,
      ),
    ).toBe(fillConcurrency);
  });

  it('has a peak counter that sees requests that overlap and not those that follow one another', () => {
    expect(peakInFlight([0, 10, 20, 30], 360)).toBe(4);
    expect(peakInFlight([0, 400, 800, 1200], 360)).toBe(1);
    expect(peakInFlight([0, 5, 10, 405, 410, 415], 360)).toBe(3);
  });
});
