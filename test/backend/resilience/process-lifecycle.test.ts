import { randomUUID } from 'node:crypto';
import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { startBackendChild, stopAll, type BackendChild } from '../../support/processes/backend-child';
import { callerHeaders } from '../../support/processes/caller-headers';
import { startFirestoreEmulatorChild, type FirestoreEmulatorChild } from '../../support/processes/firestore-emulator-child';
import { startProviderChild, type ProviderChild } from '../../support/processes/provider-child';
import { startTcpFaultProxy } from '../../support/processes/tcp-fault-proxy';

/**
 * Real processes: the built backend (node, as in production), the Firestore emulator and the OpenAI stand-in,
 * each in its own process. SIGTERM in the middle of fills, kill -9 under load, two instances answering each
 * other's polls, Firestore refused and black-holed behind a TCP proxy, and a 429 burst before a fill. Time limits are scaled down through the environment
 * (INSTANCE_HEARTBEAT_MS 2000: a silent instance is noticed after 7 s instead of 70 s; SHUTDOWN_GRACE_MS).
 */

jest.setTimeout(240_000);

const heartbeatMs = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  body: Record<string, unknown> & {
    status?: string;
    fillId?: string;
    results?: Array<{ tag: string; status: string; text: string }>;
    abort?: { code: string };
  };
}

async function call(
  backend: BackendChild,
  caller: { authorization: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${backend.url}${path}`, {
    method,
    headers: { ...caller, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

const fillBody = (documentId: string, tags: string[], extra: object = {}) => ({
  documentId,
  documentName: documentId,
  fieldValues: { client_name: 'Acme Corp' },
  tags: tags.map((name) => ({
    name,
    configuration: { prompt: `Write the ${name} of ${documentId} for {{client_name}}.`, maxOutputTokens: 200 },
  })),
  ...extra,
});

describe('backend processes stopped, killed and side by side', () => {
  let emulator: FirestoreEmulatorChild;
  let provider: ProviderChild;
  let firestore: FirestoreConnection;

  beforeAll(async () => {
    [emulator, provider] = await Promise.all([startFirestoreEmulatorChild(), startProviderChild()]);
    firestore = await connectFirestore({ emulatorHost: emulator.host });
  });
  afterEach(async () => {
    await provider.reset();
  });
  afterAll(async () => {
    await firestore?.close();
    await stopAll();
  });

  const startInstance = (environment: Record<string, string> = {}) =>
    startBackendChild({
      firestoreHost: emulator.host,
      openAIBaseUrl: provider.baseUrl,
      environment: { AI_RETRY_BASE_DELAY_MS: '1', INSTANCE_HEARTBEAT_MS: String(heartbeatMs), FILL_CONCURRENCY: '1', ...environment },
    });
  /** An organisation with a daily budget (so fills hold budget leases) and no cache (each fill pays). */
  const organisation = async (backend: BackendChild, name: string) => {
    const organisationId = `domain:${name}.example`;
    const caller = callerHeaders(organisationId, `owner@${name}.example`);
    const saved = await call(backend, caller, 'PUT', '/v1/settings', {
      baseVersion: 0,
      settings: { budgets: { organisation: { dailyUsd: 50 } }, cacheTtlSeconds: 0 },
    });
    expect(saved.status).toBe(200);
    return { organisationId, caller };
  };
  const reservedOf = async (organisationId: string) => {
    const shards = await firestore.firestore.collection(`orgs/${organisationId}/budgetCounters`).get();
    return shards.docs.reduce((sum, shard) => sum + Number(shard.get('reservedNanoDollars') ?? 0), 0);
  };
  const leasesOf = async (organisationId: string) =>
    (await firestore.firestore.collection('budgetLeases').where('organisationId', '==', organisationId).get()).size;
  /** What the organisation's leases still hold: given back leases stay at zero until the sweep of silent leases deletes them. */
  const leasedOf = async (organisationId: string) =>
    (await firestore.firestore.collection('budgetLeases').where('organisationId', '==', organisationId).get()).docs.reduce(
      (sum, lease) => sum + Number(lease.get('leasedNanoDollars') ?? 0),
      0,
    );
  const usageOf = async (organisationId: string, fillId: string) =>
    (await firestore.firestore.collection(`orgs/${organisationId}/usage`).where('fillId', '==', fillId).get()).docs.map((document) =>
      document.data(),
    );

  it('SIGTERM with short tags in flight: they finish, the answer arrives, usage is recorded, leases are given back, exit 0', async () => {
    const backend = await startInstance();
    const { organisationId, caller } = await organisation(backend, 'sigterm-short');
    await provider.setLatency(800);
    const fillId = randomUUID();
    const answer = call(backend, caller, 'POST', '/v1/fills', fillBody('short-tags', ['intro', 'outro'], { fillId, waitSeconds: 30 }));
    await eventually(
      async () => ((await provider.requestCount('/v1/chat/completions')) > 0 ? true : undefined),
      10_000,
      'the first tag reached the provider',
    );
    const logsBefore = backend.logs().length;
    backend.signal('SIGTERM');

    const { status, body } = await answer;
    expect(status).toBe(200);
    expect(body.status).toBe('completed');
    expect(body.results?.map((result) => [result.tag, result.status])).toEqual([
      ['intro', 'generated'],
      ['outro', 'generated'],
    ]);
    expect(await backend.exited).toEqual({ code: 0, signal: null });
    expect(
      backend
        .logs()
        .slice(logsBefore)
        .filter((line) => line.level === 'error' || line.level === 'fatal'),
    ).toEqual([]);
    expect(await usageOf(organisationId, fillId)).toHaveLength(2);
    expect((await firestore.firestore.doc(`orgs/${organisationId}/executions/${fillId}`).get()).get('status')).toBe('completed');
    expect(await reservedOf(organisationId)).toBe(0);
    expect(await leasedOf(organisationId)).toBe(0);
  });

  it('SIGTERM with a tag longer than the grace period: the fill is recorded as interrupted with what it spent, a poll in flight is answered, exit 0', async () => {
    const backend = await startInstance({ SHUTDOWN_GRACE_MS: '4000' });
    const { organisationId, caller } = await organisation(backend, 'sigterm-long');
    // The first tag is answered at once, the second never (far longer than the grace period).
    await provider.enqueue({ kind: 'reply' }, { kind: 'hang' });
    const fillId = randomUUID();
    const started = await call(backend, caller, 'POST', '/v1/fills', fillBody('long-tags', ['quick', 'slow'], { fillId, waitSeconds: 1 }));
    expect(started.status).toBe(202);
    await eventually(
      async () => ((await provider.requestCount('/v1/chat/completions')) >= 2 ? true : undefined),
      10_000,
      'the slow tag reached the provider',
    );
    const poll = call(backend, caller, 'GET', `/v1/fills/${fillId}?waitSeconds=30`);
    await sleep(200);
    const stoppedAt = Date.now();
    backend.signal('SIGTERM');

    // The poll is answered, not reset: the fill ended as interrupted, nothing to write.
    const polled = await poll;
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({ fillId, status: 'aborted', abort: { code: 'interrupted' } });
    expect(await backend.exited).toEqual({ code: 0, signal: null });
    // Within the grace period, plus the moment a process takes to exit.
    expect(Date.now() - stoppedAt).toBeLessThan(4000 + 1000);

    // What it spent is recorded: the quick tag's usage, and the execution with its cost.
    const execution = (await firestore.firestore.doc(`orgs/${organisationId}/executions/${fillId}`).get()).data();
    expect(execution).toMatchObject({ status: 'aborted', abortCode: 'interrupted' });
    expect(execution?.tags).toEqual(expect.arrayContaining([expect.objectContaining({ tag: 'quick', status: 'generated' })]));
    expect(execution?.totals.cost).toBeGreaterThan(0);
    expect((await usageOf(organisationId, fillId)).filter((record) => record.status === 'success')).toHaveLength(1);
    expect(await reservedOf(organisationId)).toBe(0);
    expect(await leasedOf(organisationId)).toBe(0);

    // Another instance answers the same poll from Firestore.
    const other = await startInstance();
    const again = await call(other, caller, 'GET', `/v1/fills/${fillId}`);
    expect(again.body).toMatchObject({ fillId, status: 'aborted', abort: { code: 'interrupted' } });
    other.signal('SIGTERM');
    await other.exited;
  });

  it('kill -9 under load: every answer delivered has its usage record, the dead instance’s fill is reported interrupted and its lease returned by another instance', async () => {
    const victim = await startInstance();
    const survivor = await startInstance();
    const { organisationId, caller } = await organisation(victim, 'kill-nine');

    // A background fill that will be cut off (its first tag never answered), then load of short fills, killed mid-stream.
    const cutOff = randomUUID();
    await provider.enqueue({ kind: 'hang' });
    const started = await call(
      victim,
      caller,
      'POST',
      '/v1/fills',
      fillBody('cut-off', ['intro', 'outro'], { fillId: cutOff, waitSeconds: 1 }),
    );
    expect(started.status).toBe(202);
    await provider.setLatency(20);
    const delivered: string[] = [];
    let killed = false;
    const load = Array.from({ length: 4 }, async (_, worker) => {
      for (let index = 0; !killed; index += 1) {
        const fillId = randomUUID();
        try {
          const { status, body } = await call(
            victim,
            caller,
            'POST',
            '/v1/fills',
            fillBody(`load-${worker}-${index}`, ['intro'], { fillId }),
          );
          if (status === 200 && body.status === 'completed') delivered.push(fillId);
        } catch {
          // The connection died with the process: nothing was delivered.
        }
      }
    });
    await eventually(async () => (delivered.length >= 30 ? true : undefined), 60_000, 'thirty fills delivered');
    // Killed while fills are being answered: an answer that reached its caller must already be recorded.
    const killedAt = Date.now();
    await victim.kill9();
    killed = true;
    await Promise.all(load);
    await provider.setLatency(0);
    expect(await reservedOf(organisationId)).toBeGreaterThan(0);

    // Durable before the answer: every fill a caller received has its usage record, however soon the kill came.
    for (const fillId of delivered) expect(await usageOf(organisationId, fillId)).toEqual([expect.objectContaining({ status: 'success' })]);
    expect(delivered.length).toBeGreaterThanOrEqual(30);

    // The survivor reports the cut-off fill as interrupted once the dead instance has been silent 3.5 heartbeats.
    const interrupted = await eventually(
      async () => {
        const { body } = await call(survivor, caller, 'GET', `/v1/fills/${cutOff}?waitSeconds=5`);
        return body.status === 'aborted' ? body : undefined;
      },
      30_000,
      'the cut-off fill reported interrupted',
    );
    expect(interrupted).toMatchObject({ fillId: cutOff, abort: { code: 'interrupted' } });
    // 3.5 heartbeats of silence (70 s in production, inside the 2 minutes asked for), plus this machine's slack.
    expect(Date.now() - killedAt).toBeLessThan(3.5 * heartbeatMs + 5000);

    // And returns the dead instance's budget lease.
    await eventually(
      async () => ((await reservedOf(organisationId)) === 0 && (await leasesOf(organisationId)) === 0 ? true : undefined),
      30_000,
      'the dead lease returned',
    );
    survivor.signal('SIGTERM');
    expect(await survivor.exited).toEqual({ code: 0, signal: null });
  });

  it('two instances: a fill running on one is polled on the other, with per-tag progress, then its texts', async () => {
    const runner = await startInstance();
    const poller = await startInstance();
    const { caller } = await organisation(runner, 'two-instances');
    await provider.setLatency(1200);
    const fillId = randomUUID();
    const started = await call(
      runner,
      caller,
      'POST',
      '/v1/fills',
      fillBody('side-by-side', ['first', 'second', 'third'], { fillId, waitSeconds: 1 }),
    );
    expect(started.status).toBe(202);

    // Tags run one at a time (FILL_CONCURRENCY 1): the other instance sees some finished, some pending.
    const progress = await eventually(
      async () => {
        const { body } = await call(poller, caller, 'GET', `/v1/fills/${fillId}`);
        const tags = body.tags as Record<string, string> | undefined;
        return body.status === 'running' && tags && Object.values(tags).includes('generated') && Object.values(tags).includes('pending')
          ? body
          : undefined;
      },
      20_000,
      'partial progress seen on the other instance',
    );
    expect(progress).toMatchObject({ fillId, status: 'running', total: 3 });
    expect((progress.finished as number) >= 1 && (progress.finished as number) < 3).toBe(true);

    const finished = await call(poller, caller, 'GET', `/v1/fills/${fillId}?waitSeconds=20`);
    expect(finished.status).toBe(200);
    expect(finished.body.status).toBe('completed');
    expect(finished.body.results?.map((result) => [result.tag, result.status, result.text.startsWith('Generated for:')])).toEqual([
      ['first', 'generated', true],
      ['second', 'generated', true],
      ['third', 'generated', true],
    ]);
    runner.signal('SIGTERM');
    poller.signal('SIGTERM');
    expect(await runner.exited).toEqual({ code: 0, signal: null });
    expect(await poller.exited).toEqual({ code: 0, signal: null });
  });

  it('Firestore refused, then black-holed, under the built backend: 503 with Retry-After within 10 s, /readyz not ready, no provider call, then back', async () => {
    const proxy = await startTcpFaultProxy(emulator.host);
    const backend = await startBackendChild({
      firestoreHost: proxy.address,
      openAIBaseUrl: provider.baseUrl,
      environment: { AI_RETRY_BASE_DELAY_MS: '1', FIRESTORE_DEADLINE_MS: '2000' },
    });
    const { caller } = await organisation(backend, 'process-outage');
    try {
      for (const mode of ['refuse', 'blackhole'] as const) {
        proxy.setMode(mode);
        const from = Date.now();
        const response = await fetch(`${backend.url}/v1/fills`, {
          method: 'POST',
          headers: { ...caller, 'content-type': 'application/json' },
          body: JSON.stringify(fillBody(`outage-${mode}`, ['intro'])),
        });
        expect(response.status).toBe(503);
        expect(Date.now() - from).toBeLessThan(10_000);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await fetch(`${backend.url}/readyz`)).status).toBe(503);
        expect(await provider.requestCount('/v1/chat/completions')).toBe(0);
        proxy.setMode('pass');
        await eventually(
          async () =>
            (await call(backend, caller, 'POST', '/v1/fills', fillBody(`after-${mode}`, ['intro']))).body.status === 'completed'
              ? true
              : undefined,
          30_000,
          `a fill after the ${mode} outage`,
        );
        expect((await fetch(`${backend.url}/readyz`)).status).toBe(200);
        await provider.reset();
      }
      backend.signal('SIGTERM');
      expect(await backend.exited).toEqual({ code: 0, signal: null });
    } finally {
      await proxy.close();
    }
  });

  it('a 429 burst does not strand the next fill: ridden out, or not, the next fill calls the model and succeeds', async () => {
    const backend = await startInstance({ AI_MAX_ATTEMPTS: '5' });
    const { caller } = await organisation(backend, 'burst');
    const rateLimited = { kind: 'error', status: 429, message: 'Rate limit reached' } as const;
    const completions = () => provider.requestCount('/v1/chat/completions');
    // Two 429s: the retries ride them out.
    await provider.enqueue(rateLimited, rateLimited);
    const ridden = await call(backend, caller, 'POST', '/v1/fills', fillBody('burst-1', ['intro']));
    expect(ridden.body.results?.[0]?.status).toBe('generated');
    expect(await completions()).toBe(3);
    const next = await call(backend, caller, 'POST', '/v1/fills', fillBody('burst-2', ['intro']));
    expect(next.body.results?.[0]?.status).toBe('generated');
    expect(await completions()).toBe(4);

    // Three: the tag fails and the model rests, but the next fill still calls it instead of failing uncalled.
    await provider.enqueue(rateLimited, rateLimited, rateLimited);
    const failed = await call(backend, caller, 'POST', '/v1/fills', fillBody('burst-3', ['intro']));
    expect(failed.body.results?.[0]).toMatchObject({ status: 'failed', error: { code: 'rate_limited' } });
    expect(await completions()).toBe(7);
    const after = await call(backend, caller, 'POST', '/v1/fills', fillBody('burst-4', ['intro']));
    expect(after.body.results?.[0]?.status).toBe('generated');
    expect(await completions()).toBe(8);
    backend.signal('SIGTERM');
    expect(await backend.exited).toEqual({ code: 0, signal: null });
  });
});
