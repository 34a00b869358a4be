import request from 'supertest';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/** Signed-in callers: a user past RATE_LIMIT_USER_PER_MINUTE, an organisation past RATE_LIMIT_ORGANISATION_PER_MINUTE. */

const bearerOf = (sub: string, domain: string) => developmentBearer({ sub, email: `${sub}@${domain}`, hd: domain });

async function statusesOf(backend: TestBackend, bearer: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1)
    statuses.push((await request(backend.app).get('/v1/session').set('authorization', bearer)).status);
  return statuses;
}

function expectRateLimited(response: request.Response, detail: RegExp): void {
  expect(response.status).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status: 429, title: 'Too many requests', detail: expect.stringMatching(detail) });
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('rate limits of signed-in callers', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({ RATE_LIMIT_USER_PER_MINUTE: '4', RATE_LIMIT_ORGANISATION_PER_MINUTE: '10' });
  });

  afterAll(() => backend.close());

  it('a user past the per-user limit gets 429 with Retry-After, while a colleague in the same organisation goes on', async () => {
    const hasty = bearerOf('hasty-user', 'per-user.example');
    expect(await statusesOf(backend, hasty, 6)).toEqual([200, 200, 200, 200, 429, 429]);
    const limited = await request(backend.app).get('/v1/templates').set('authorization', hasty);
    expectRateLimited(limited, /^You sent more than 4 requests in a minute; wait a moment and try again\.$/);
    expect(await statusesOf(backend, bearerOf('calm-colleague', 'per-user.example'), 2)).toEqual([200, 200]);
  });

  it('an organisation past its limit gets 429 for every member, while another organisation goes on', async () => {
    // Three members at three requests each stay under the user limit of 4 and reach the organisation's 10 together.
    const members = ['first', 'second', 'third'].map((name) => bearerOf(`${name}-member`, 'per-organisation.example'));
    const statuses: number[] = [];
    for (const member of members) statuses.push(...(await statusesOf(backend, member, 3)));
    expect(statuses).toEqual(Array.from({ length: 9 }, () => 200));
    expect(await statusesOf(backend, members[0] as string, 1)).toEqual([200]);
    const newcomer = bearerOf('newcomer', 'per-organisation.example');
    const limited = await request(backend.app).get('/v1/session').set('authorization', newcomer);
    expectRateLimited(limited, /^Your organisation sent more than 10 requests in a minute; wait a moment and try again\.$/);
    expect(await statusesOf(backend, bearerOf('elsewhere', 'other-organisation.example'), 2)).toEqual([200, 200]);
  });
});
