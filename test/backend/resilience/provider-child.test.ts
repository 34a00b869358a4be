import { stopAll } from '../../support/processes/child-registry';
import { startProviderChild, type ProviderChild } from '../../support/processes/provider-child';

/** The OpenAI stand-in in its own process does what a test scripts over its stdin. */

jest.setTimeout(60_000);

describe('provider child', () => {
  let provider: ProviderChild;
  beforeAll(async () => {
    provider = await startProviderChild();
  });
  afterEach(() => provider.reset());
  afterAll(() => stopAll());

  const complete = async (): Promise<{ status: number; elapsedMs: number; body: unknown }> => {
    const startedAt = Date.now();
    const response = await fetch(`${provider.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-provider-child', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-6-luna', messages: [{ role: 'user', content: 'Say hello.' }] }),
    });
    return { status: response.status, body: await response.json(), elapsedMs: Date.now() - startedAt };
  };

  it('replies deterministically and counts what it received', async () => {
    const { status, body } = await complete();
    expect(status).toBe(200);
    expect(body).toMatchObject({ choices: [{ message: { content: 'Generated for: Say hello.' } }] });
    expect(await provider.requestCount()).toBe(1);
    expect(await provider.requestCount('/v1/chat/completions')).toBe(1);
    expect(await provider.requests()).toEqual([expect.objectContaining({ method: 'POST', path: '/v1/chat/completions' })]);
  });

  it('waits the latency it is given before answering', async () => {
    await provider.setLatency(400);
    const { status, elapsedMs } = await complete();
    expect(status).toBe(200);
    expect(elapsedMs).toBeGreaterThanOrEqual(390);
  });

  it('answers queued failures in order, then replies again', async () => {
    await provider.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '1' } }, { kind: 'error', status: 500 });
    expect((await complete()).status).toBe(429);
    expect((await complete()).status).toBe(500);
    expect((await complete()).status).toBe(200);
    expect(await provider.requestCount()).toBe(3);
  });

  it('stops with code 0 when asked', async () => {
    const other = await startProviderChild();
    expect(await other.stop()).toEqual({ code: 0, signal: null });
  });
});
