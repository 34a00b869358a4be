import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createExecutionsRepository } from '../../../backend/src/fills/executions-repository';
import { createFillOutputExpiriesRepository } from '../../../backend/src/fills/fill-output-expiries-repository';
import { createFillOutputSweeper } from '../../../backend/src/fills/fill-output-sweeper';
import type { TagResult } from '../../../backend/src/fills/fill-result';
import { ConfigError, loadConfig } from '../../../backend/src/platform/config';
import { createLogger } from '../../../backend/src/platform/logger';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Generated texts are the user's document content: they are kept FILL_OUTPUT_RETENTION_HOURS after the fill
 * (so a poll on any instance can answer), then treated as gone and deleted by the sweep. The clock is moved
 * forward instead of waiting hours.
 */

jest.setTimeout(60_000);

const hour = 3_600_000;
const organisation = 'domain:retention.example';
const owner = developmentBearer({ sub: 'retention-owner', email: 'owner@retention.example', hd: 'retention.example' });
const goneMessage = 'The texts of this fill were deleted after 24 hours; run the fill again.';

interface Clock {
  now: () => number;
  advance(ms: number): void;
}

function testClock(): Clock {
  let at = Date.parse('2030-01-10T09:00:00.000Z');
  return { now: () => at, advance: (ms) => void (at += ms) };
}

describe('fill output retention', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  let clock: Clock;

  beforeAll(async () => {
    provider = await startOpenAIServer();
  });
  beforeEach(async () => {
    // A fresh database per test: what one test leaves expired must not show up in another's sweep.
    clock = testClock();
    backend = await startTestBackend(
      {
        OPENAI_API_KEY: 'sk-test-retention',
        OPENAI_BASE_URL: provider.baseUrl,
        OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
        AI_RETRY_BASE_DELAY_MS: '1',
      },
      { now: clock.now },
    );
    expect((await request(backend.app).get('/v1/templates').set('authorization', owner)).status).toBe(200);
  });
  afterEach(async () => {
    provider.reset();
    await backend?.close();
  });
  afterAll(async () => {
    await provider?.close();
  });

  const firestore = () => backend.firestore.firestore;
  const fill = (fillId: string, prompt: string) =>
    request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({
        fillId,
        documentId: 'retention-doc',
        tags: [
          { name: 'intro', configuration: { prompt: `${prompt} intro.` } },
          { name: 'outro', configuration: { prompt: `${prompt} outro.` } },
        ],
      });
  const getFill = (fillId: string) => request(backend.app).get(`/v1/fills/${fillId}`).set('authorization', owner);
  const outputs = async (fillId: string) => (await firestore().collection(`orgs/${organisation}/executions/${fillId}/outputs`).get()).docs;
  const expiryEntries = async () => (await firestore().collection('fillOutputExpiries').get()).docs.map((document) => document.id).sort();
  const sweeperLogging = (lines: string[]) =>
    createFillOutputSweeper({
      repository: createFillOutputExpiriesRepository(firestore()),
      now: clock.now,
      // One entry per page, so the sweep has to page through the index.
      pageSize: 1,
      logger: createLogger({
        level: 'info',
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(
              ...chunk
                .toString('utf8')
                .split('\n')
                .filter((line) => line.length > 0),
            );
            done();
          },
        }),
      }),
    });

  it('stores each output and an index entry with expireAt = recording time + 24 hours', async () => {
    const fillId = randomUUID();
    const recordedAt = clock.now();
    expect((await fill(fillId, 'Stored')).status).toBe(200);

    const stored = await outputs(fillId);
    expect(stored.map((document) => document.id).sort()).toEqual(['intro', 'outro']);
    for (const document of stored) {
      expect(document.get('text')).toBe(`Generated for: Stored ${document.id}.`);
      expect(document.get('expireAt').toMillis()).toBe(recordedAt + 24 * hour);
    }
    const entry = await firestore().doc(`fillOutputExpiries/${organisation}~${fillId}`).get();
    expect(entry.exists).toBe(true);
    const { expireAt, ...fields } = entry.data() as Record<string, { toMillis(): number }>;
    expect(fields).toEqual({ organisationId: organisation, fillId, tags: ['intro', 'outro'] });
    expect(expireAt?.toMillis()).toBe(recordedAt + 24 * hour);
  });

  it('answers the texts until they expire, then 410 with what to do, changing nothing stored and calling no model', async () => {
    const fillId = randomUUID();
    expect((await fill(fillId, 'Expiring')).status).toBe(200);

    // An hour later this instance has forgotten the fill: the answer comes from Firestore, texts included.
    clock.advance(hour);
    const before = await getFill(fillId);
    expect(before.status).toBe(200);
    expect((before.body.results as Array<{ tag: string; text: string }>).map((result) => `${result.tag}:${result.text}`)).toEqual([
      'intro:Generated for: Expiring intro.',
      'outro:Generated for: Expiring outro.',
    ]);

    // Expired but not deleted yet (Firestore's TTL is lazy): the texts count as gone all the same.
    clock.advance(23 * hour);
    const executionBefore = (await firestore().doc(`orgs/${organisation}/executions/${fillId}`).get()).data();
    const requestsBefore = provider.requests.length;
    const after = await getFill(fillId);
    expect(after.status).toBe(410);
    expect(after.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(after.body).toMatchObject({ status: 410, detail: goneMessage });
    expect(after.body).not.toHaveProperty('results');

    // A replayed POST with the same fill id answers no texts either (the id is taken), and calls no model.
    const replayed = await fill(fillId, 'Expiring');
    expect(replayed.status).toBe(409);
    expect(replayed.body).not.toHaveProperty('results');
    expect(provider.requests.length).toBe(requestsBefore);

    expect((await firestore().doc(`orgs/${organisation}/executions/${fillId}`).get()).data()).toEqual(executionBefore);
    expect((await outputs(fillId)).length).toBe(2);
  });

  it('sweeps exactly the expired outputs and index entries, keeping unexpired ones and the executions, logging counts only', async () => {
    const older = randomUUID();
    const other = randomUUID();
    const newer = randomUUID();
    expect((await fill(older, 'Older')).status).toBe(200);
    expect((await fill(other, 'Other')).status).toBe(200);
    clock.advance(10 * hour);
    expect((await fill(newer, 'Newer')).status).toBe(200);
    expect(await expiryEntries()).toEqual([older, other, newer].map((fillId) => `${organisation}~${fillId}`).sort());

    // 24 hours after the first two fills, 14 after the last.
    clock.advance(14 * hour);
    const lines: string[] = [];
    expect(await sweeperLogging(lines).sweep()).toEqual({ fills: 2, outputs: 4 });

    expect(await outputs(older)).toEqual([]);
    expect(await outputs(other)).toEqual([]);
    expect((await outputs(newer)).map((document) => document.id).sort()).toEqual(['intro', 'outro']);
    expect(await expiryEntries()).toEqual([`${organisation}~${newer}`]);
    // The metrics stay: only the texts go.
    expect((await firestore().doc(`orgs/${organisation}/executions/${older}`).get()).get('status')).toBe('completed');
    expect((await getFill(newer)).status).toBe(200);
    expect((await getFill(older)).status).toBe(410);

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'info', fills: 2, outputs: 4, msg: 'deleted expired fill outputs' });
    expect(lines[0]).not.toMatch(/Generated for|Older|intro|outro/);
    expect(lines[0]).not.toContain(older);

    // Nothing more has expired: a second sweep deletes nothing and logs nothing.
    expect(await sweeperLogging(lines).sweep()).toEqual({ fills: 0, outputs: 0 });
    expect(lines).toHaveLength(1);
  });

  it('deletes a fill whose outputs need more than one write batch', async () => {
    const fillId = randomUUID();
    const tags = Array.from({ length: 460 }, (_, index) => `tag${index}`);
    const results: TagResult[] = tags.map((tag) => ({ tag, status: 'generated', text: `text of ${tag}`, durationMs: 1, warnings: [] }));
    const repository = createExecutionsRepository(firestore(), { outputRetentionMs: hour, now: clock.now });
    await repository.record({
      organisationId: organisation,
      userId: 'retention-owner',
      userEmail: 'owner@retention.example',
      documentId: 'retention-doc',
      startedAt: new Date(clock.now()),
      fill: {
        fillId,
        status: 'completed',
        results,
        totals: { tags: 460, generated: 460, fallback: 0, failed: 0, cached: 0, inputTokens: 0, outputTokens: 0, cost: 0, durationMs: 1 },
      },
    });
    expect((await outputs(fillId)).length).toBe(460);

    clock.advance(hour);
    expect(await sweeperLogging([]).sweep()).toEqual({ fills: 1, outputs: 460 });
    expect(await outputs(fillId)).toEqual([]);
    expect(await expiryEntries()).toEqual([]);
  });

  it('an aborted fill still answers its abort after its texts expired: it had nothing to write', async () => {
    const fillId = randomUUID();
    const repository = createExecutionsRepository(firestore(), { outputRetentionMs: hour, now: clock.now });
    await repository.record({
      organisationId: organisation,
      userId: 'retention-owner',
      userEmail: 'owner@retention.example',
      documentId: 'retention-doc',
      startedAt: new Date(clock.now()),
      fill: {
        fillId,
        status: 'aborted',
        abort: { code: 'invalid_key', message: 'The OpenAI key was refused; ask an admin to rotate it.' },
        results: [
          {
            tag: 'intro',
            status: 'failed',
            text: '',
            durationMs: 1,
            warnings: [],
            error: { code: 'invalid_key', message: 'The key was refused.' },
          },
        ],
        totals: { tags: 1, generated: 0, fallback: 0, failed: 1, cached: 0, inputTokens: 0, outputTokens: 0, cost: 0, durationMs: 1 },
      },
    });
    clock.advance(2 * hour);
    expect(await sweeperLogging([]).sweep()).toEqual({ fills: 1, outputs: 1 });

    const answer = await getFill(fillId);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      fillId,
      status: 'aborted',
      abort: { code: 'invalid_key', message: 'The OpenAI key was refused; ask an admin to rotate it.' },
    });
  });

  it('logs a failed sweep at warn and never rejects, so the timer cannot throw', async () => {
    const lines: string[] = [];
    const failing = createFillOutputSweeper({
      repository: {
        expired: () => Promise.reject(new Error('Firestore unavailable')),
        deleteOutputs: () => Promise.resolve(0),
      },
      logger: createLogger({
        level: 'info',
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString('utf8'));
            done();
          },
        }),
      }),
    });
    await expect(failing.sweep()).resolves.toEqual({ fills: 0, outputs: 0 });
    expect(lines.join('')).toMatch(/"level":"warn".*"msg":"fill output sweep failed"/);
  });
});

describe('FILL_OUTPUT_RETENTION_HOURS', () => {
  it('defaults to 24 hours and accepts 1 to 720', () => {
    expect(loadConfig({ AUTH_MODE: 'development' }).FILL_OUTPUT_RETENTION_HOURS).toBe(24);
    expect(loadConfig({ AUTH_MODE: 'development', FILL_OUTPUT_RETENTION_HOURS: '1' }).FILL_OUTPUT_RETENTION_HOURS).toBe(1);
    expect(loadConfig({ AUTH_MODE: 'development', FILL_OUTPUT_RETENTION_HOURS: '720' }).FILL_OUTPUT_RETENTION_HOURS).toBe(720);
  });

  it.each(['0', '721', '1.5', 'a day', '-3'])('refuses %p at start-up, naming the variable', (value) => {
    let thrown: unknown;
    try {
      loadConfig({ AUTH_MODE: 'development', FILL_OUTPUT_RETENTION_HOURS: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toMatch(/^Invalid configuration:\n {2}- FILL_OUTPUT_RETENTION_HOURS: /);
  });
});

describe('the fill output sweeper with more expired fills than one sweep takes', () => {
  afterEach(() => jest.useRealTimers());

  it('sweeps again a minute later instead of an hour later, until stopped', async () => {
    jest.useFakeTimers();
    let pagesRead = 0;
    const entry = { organisationId: 'domain:backlog.example', fillId: 'f', tags: ['intro'], expireAt: new Date(0) };
    const sweeper = createFillOutputSweeper({
      // An endless backlog: every page comes back full.
      repository: {
        expired: async (_at, limit) => {
          pagesRead += 1;
          return Array.from({ length: limit }, () => entry);
        },
        deleteOutputs: async (entries) => entries.length,
      },
      logger: createLogger({ level: 'silent' }),
      pageSize: 2,
    });
    sweeper.start();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(pagesRead).toBe(100);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(pagesRead).toBe(200);
    sweeper.stop();
    await jest.advanceTimersByTimeAsync(2 * 60 * 60_000);
    expect(pagesRead).toBe(200);
  });
});
