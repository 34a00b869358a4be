import { createMembersRepository } from '../../../backend/src/members/members-repository';
import { createMembership } from '../../../backend/src/members/membership';
import request from 'supertest';
import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { developmentBearer, startTestBackend } from '../../support/test-backend';

/** Who owns an organisation: only as the operator says in production, exactly once, whatever races. */
describe('ownership of a new organisation', () => {
  let connection: FirestoreConnection;
  beforeAll(async () => {
    connection = await connectFirestore({});
  });
  afterAll(() => connection.close());

  const identity = (organisation: string, user: string) => ({
    organisationId: `domain:${organisation}`,
    userId: user,
    email: `${user}@${organisation}`,
    hostedDomain: organisation,
  });

  it("the first user's parallel first requests all make them the owner (the sidebar sends several at once)", async () => {
    const membership = createMembership({
      repository: createMembersRepository(connection.firestore),
      bootstrapOwnerEmails: [],
      firstUserBecomesOwner: true,
    });
    const callers = await Promise.all(Array.from({ length: 12 }, () => membership.callerFor(identity('race.example', 'ana'))));
    expect(new Set(callers.map((caller) => caller.role))).toEqual(new Set(['owner']));
    const second = await membership.callerFor(identity('race.example', 'bo'));
    expect(second.role).toBe('member');
  });

  it('in production nobody becomes an owner by arriving first', async () => {
    const membership = createMembership({
      repository: createMembersRepository(connection.firestore),
      bootstrapOwnerEmails: [],
      firstUserBecomesOwner: false,
    });
    const callers = await Promise.all([
      membership.callerFor(identity('prod.example', 'first')),
      membership.callerFor(identity('prod.example', 'second')),
    ]);
    expect(callers.map((caller) => caller.role)).toEqual(['member', 'member']);
    // The organisation still records who started it.
    expect((await connection.firestore.collection('orgs').doc('domain:prod.example').get()).get('createdBy')).toMatch(/^(first|second)$/);
  });

  it('a listed e-mail becomes the owner once, in any letter case, and a second first request does not demote it', async () => {
    const membership = createMembership({
      repository: createMembersRepository(connection.firestore),
      bootstrapOwnerEmails: ['Boss@Listed.example'],
      firstUserBecomesOwner: false,
    });
    const early = await membership.callerFor(identity('listed.example', 'someone'));
    expect(early.role).toBe('member');
    const owners = await Promise.all(Array.from({ length: 5 }, () => membership.callerFor(identity('listed.example', 'boss'))));
    expect(owners.map((caller) => caller.role)).toEqual(['owner', 'owner', 'owner', 'owner', 'owner']);
  });

  it("over HTTP: the sidebar's parallel first requests of a new organisation's first user all answer owner", async () => {
    const backend = await startTestBackend();
    try {
      const bearer = developmentBearer({ sub: 'parallel-first', email: 'first@parallel.example', hd: 'parallel.example' });
      const sessions = await Promise.all(
        Array.from({ length: 8 }, () => request(backend.app).get('/v1/session').set('authorization', bearer)),
      );
      expect(sessions.map((session) => session.body.role)).toEqual(Array.from({ length: 8 }, () => 'owner'));
      const later = await request(backend.app).get('/v1/session').set('authorization', bearer);
      expect(later.body.role).toBe('owner');
    } finally {
      await backend.close();
    }
  });
});
