import request from 'supertest';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

interface Person {
  userId: string;
  email: string;
  bearer: string;
}

function person(userId: string, email: string): Person {
  return { userId, email, bearer: developmentBearer({ sub: userId, email, hd: email.split('@')[1] as string }) };
}

interface AuditEntryView {
  action: string;
  target: string;
  actorEmail: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

function client(backend: () => TestBackend) {
  return {
    session: (who: Person) => request(backend().app).get('/v1/session').set('authorization', who.bearer),
    roleOf: async (who: Person) => {
      const response = await request(backend().app).get('/v1/session').set('authorization', who.bearer);
      expect(response.status).toBe(200);
      return response.body.role as string;
    },
    change: (by: Person, target: Person, body: object) =>
      request(backend().app).patch(`/v1/members/${target.userId}`).set('authorization', by.bearer).send(body),
    remove: (by: Person, target: Person) => request(backend().app).delete(`/v1/members/${target.userId}`).set('authorization', by.bearer),
    list: (by: Person) => request(backend().app).get('/v1/members').set('authorization', by.bearer),
    audit: async (by: Person) => {
      const response = await request(backend().app).get('/v1/audit?limit=200').set('authorization', by.bearer);
      expect(response.status).toBe(200);
      return response.body.entries as AuditEntryView[];
    },
  };
}

describe('members and their roles', () => {
  const organisationId = 'domain:team.example';
  const olivia = person('olivia-1', 'olivia@team.example');
  const mark = person('mark-2', 'mark@team.example');
  const nina = person('nina-3', 'nina@team.example');
  let backend: TestBackend;
  const api = client(() => backend);
  const storedMember = async (who: Person) =>
    (await backend.firestore.firestore.doc(`orgs/${organisationId}/members/${who.userId}`).get()).data();

  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => {
    await backend.close();
  });

  it('makes the first user of an organisation its owner and the next ones members', async () => {
    expect(await api.roleOf(olivia)).toBe('owner');
    expect(await api.roleOf(mark)).toBe('member');
    expect(await api.roleOf(nina)).toBe('member');
    expect((await api.session(mark)).body).toMatchObject({ email: 'mark@team.example', organisationId });

    const list = await api.list(olivia);
    expect(list.status).toBe(200);
    expect(
      list.body.members.map((member: { email: string; role: string; removed: boolean }) => [member.email, member.role, member.removed]),
    ).toEqual([
      ['mark@team.example', 'member', false],
      ['nina@team.example', 'member', false],
      ['olivia@team.example', 'owner', false],
    ]);
    expect((await backend.firestore.firestore.doc(`orgs/${organisationId}`).get()).data()).toMatchObject({
      organisationId,
      createdBy: olivia.userId,
    });
  });

  it('keeps member management to admins', async () => {
    expect((await api.list(mark)).status).toBe(403);
    expect((await api.change(mark, nina, { role: 'admin' })).status).toBe(403);
    expect((await api.change(mark, mark, { role: 'admin' })).status).toBe(403);
    expect(await api.roleOf(mark)).toBe('member');
  });

  it('lets the owner promote a member to admin, which their next request shows', async () => {
    const response = await api.change(olivia, mark, { role: 'admin' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ userId: mark.userId, email: mark.email, role: 'admin', removed: false });
    expect(await api.roleOf(mark)).toBe('admin');
    expect(await storedMember(mark)).toMatchObject({ role: 'admin', removed: false });
    expect((await api.list(mark)).status).toBe(200);
  });

  it('does not let an admin make anyone an owner or change an owner', async () => {
    for (const [target, body] of [
      [nina, { role: 'owner' }],
      [mark, { role: 'owner' }],
      [olivia, { role: 'member' }],
      [olivia, { removed: true }],
    ] as const) {
      const response = await api.change(mark, target, body);
      expect(response.status).toBe(403);
      expect(response.type).toBe('application/problem+json');
      expect(response.body.detail).toMatch(/owner/);
    }
    expect((await api.remove(mark, olivia)).status).toBe(403);
    expect([await api.roleOf(olivia), await api.roleOf(mark), await api.roleOf(nina)]).toEqual(['owner', 'admin', 'member']);
  });

  it('never lets the last owner be demoted or removed', async () => {
    const demotion = await api.change(olivia, olivia, { role: 'admin' });
    expect(demotion.status).toBe(400);
    expect(demotion.body.detail).toMatch(/last owner/);

    const removal = await api.remove(olivia, olivia);
    expect(removal.status).toBe(400);
    expect(removal.body.detail).toMatch(/last owner/);

    expect((await api.change(olivia, olivia, { removed: true })).status).toBe(400);
    expect(await api.roleOf(olivia)).toBe('owner');
    expect(await storedMember(olivia)).toMatchObject({ role: 'owner', removed: false });
  });

  it('lets an owner step down once there is another owner', async () => {
    expect((await api.change(olivia, nina, { role: 'owner' })).status).toBe(200);
    expect(await api.roleOf(nina)).toBe('owner');

    expect((await api.change(nina, olivia, { role: 'admin' })).status).toBe(200);
    expect(await api.roleOf(olivia)).toBe('admin');
    // Nina is now the only owner again.
    expect((await api.change(nina, nina, { role: 'member' })).status).toBe(400);
    expect((await api.change(nina, olivia, { role: 'owner' })).status).toBe(200);
    expect(await api.roleOf(olivia)).toBe('owner');
  });

  it('refuses changes it cannot apply', async () => {
    expect((await api.change(olivia, mark, {})).status).toBe(400);
    expect((await api.change(olivia, mark, { role: 'superuser' })).status).toBe(400);
    expect((await api.change(olivia, mark, { role: 'admin', email: 'x@evil.example' })).status).toBe(400);
    expect((await api.change(olivia, person('nobody-9', 'nobody@team.example'), { role: 'admin' })).status).toBe(404);
    // Someone of another organisation is not found here.
    const stranger = person('stranger-8', 'stranger@elsewhere.example');
    expect(await api.roleOf(stranger)).toBe('owner');
    expect((await api.change(olivia, stranger, { role: 'member' })).status).toBe(404);
    expect((await api.change(stranger, mark, { role: 'member' })).status).toBe(404);
    expect(await api.roleOf(mark)).toBe('admin');
  });

  it('removes a member: their next request is refused with a message saying an admin removed them', async () => {
    expect(await api.roleOf(nina)).toBe('owner');
    expect((await api.change(olivia, nina, { role: 'member' })).status).toBe(200);

    const response = await api.remove(mark, nina);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ userId: nina.userId, role: 'member', removed: true });
    const refused = await api.session(nina);
    expect(refused.status).toBe(403);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body.detail).toMatch(/admin removed you/i);
    const fill = await request(backend.app)
      .post('/v1/fills/check')
      .set('authorization', nina.bearer)
      .send({ documentId: 'doc-1', tags: [{ name: 'intro', configuration: { prompt: 'Hi.' } }] });
    expect(fill.status).toBe(403);
    expect(await storedMember(nina)).toMatchObject({ removed: true });
    expect((await api.list(olivia)).body.members).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: nina.userId, removed: true })]),
    );
  });

  it('restores a removed member with PATCH removed:false', async () => {
    const response = await api.change(olivia, nina, { removed: false });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ userId: nina.userId, role: 'member', removed: false });
    expect(await api.roleOf(nina)).toBe('member');
  });

  it('records every role change and removal in the audit log with before and after', async () => {
    const entries = (await api.audit(olivia)).filter((entry) => entry.action.startsWith('member.'));
    const ofNina = entries.filter((entry) => entry.target === `members/${nina.userId}`);

    const promotion = entries.find((entry) => entry.target === `members/${mark.userId}` && entry.after?.role === 'admin');
    expect(promotion).toMatchObject({
      action: 'member.update',
      actorEmail: 'olivia@team.example',
      before: { email: mark.email, role: 'member', removed: false },
      after: { email: mark.email, role: 'admin', removed: false },
    });
    expect(ofNina.find((entry) => entry.action === 'member.remove')).toMatchObject({
      actorEmail: 'mark@team.example',
      before: { role: 'member', removed: false },
      after: { role: 'member', removed: true },
    });
    expect(ofNina.find((entry) => entry.action === 'member.update' && entry.before?.removed === true)).toMatchObject({
      after: { removed: false },
    });
    expect(ofNina.find((entry) => entry.before?.role === 'member' && entry.after?.role === 'owner')).toBeDefined();
    // Refused changes leave no trace.
    expect(entries.filter((entry) => entry.target === `members/${olivia.userId}` && entry.after?.removed === true)).toEqual([]);
    expect(entries).toHaveLength(7);
  });
});

describe('members with BOOTSTRAP_OWNER_EMAILS set', () => {
  const early = person('early-1', 'early@boot.example');
  const boss = person('boss-2', 'Boss@Boot.example');
  const late = person('late-3', 'late@boot.example');
  let backend: TestBackend;
  const api = client(() => backend);

  beforeAll(async () => {
    backend = await startTestBackend({ BOOTSTRAP_OWNER_EMAILS: 'ceo@elsewhere.example, BOSS@boot.example' });
  });
  afterAll(async () => {
    await backend.close();
  });

  it('makes an unlisted first user a member', async () => {
    expect(await api.roleOf(early)).toBe('member');
    expect((await api.list(early)).status).toBe(403);
  });

  it('makes the listed e-mail the owner even though it is not first', async () => {
    expect(await api.roleOf(boss)).toBe('owner');
    expect(await api.roleOf(late)).toBe('member');
    expect((await api.change(boss, early, { role: 'admin' })).status).toBe(200);
    expect(await api.roleOf(early)).toBe('admin');
  });

  it('still records who started the organisation', async () => {
    expect((await backend.firestore.firestore.doc('orgs/domain:boot.example').get()).data()).toMatchObject({
      organisationId: 'domain:boot.example',
      createdBy: early.userId,
    });
  });
});
