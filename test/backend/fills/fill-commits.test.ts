import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Issue 18: a one-tag fill makes one Firestore commit, its usage record and its execution record together, and
 * still answers only once both are in Firestore.
 */
describe('the Firestore commits of a fill', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  let commits = 0;
  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-commits',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_REQUEST_TIMEOUT_MS: '5000',
      AI_RETRY_BASE_DELAY_MS: '1',
    });
    // Every commit the backend makes goes through a batch of this Firestore (the committers included).
    const firestore = backend.firestore.firestore;
    const batch = firestore.batch.bind(firestore);
    firestore.batch = () => {
      const made = batch();
      const commit = made.commit.bind(made);
      made.commit = () => {
        commits += 1;
        return commit();
      };
      return made;
    };
  });
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  const owner = developmentBearer({ sub: 'commits-owner', email: 'owner@commits.example', hd: 'commits.example' });
  const organisationId = async () => {
    const organisations = await backend.firestore.firestore.collection('orgs').get();
    const found = organisations.docs.find((document) => JSON.stringify(document.data()).includes('commits.example'));
    if (!found) throw new Error('the organisation was not created');
    return found.id;
  };
  const stored = async (fillId: string) => {
    const organisation = await organisationId();
    const firestore = backend.firestore.firestore;
    const usage = await firestore.collection(`orgs/${organisation}/usage`).where('fillId', '==', fillId).get();
    const execution = await firestore.doc(`orgs/${organisation}/executions/${fillId}`).get();
    return { usage: usage.docs.map((document) => document.data()), execution: execution.data() };
  };

  async function countedFill(body: object): Promise<{ status: number; fillId: string; commits: number }> {
    await backend.drain();
    const before = commits;
    const response = await request(backend.app).post('/v1/fills').set('authorization', owner).send(body);
    // Counted as the response arrives: whatever the fill committed before answering.
    return { status: response.status, fillId: response.body.fillId, commits: commits - before };
  }

  it('commits the usage record and the execution record of a one-tag fill together, before answering', async () => {
    // Warm: the organisation and its first member are created on the first request.
    await request(backend.app).get('/v1/session').set('authorization', owner);

    const filled = await countedFill({
      documentId: 'commits-doc',
      fieldValues: { client: 'Acme' },
      tags: [{ name: 'intro', configuration: { prompt: 'Intro for {{client}}.', cacheTtlSeconds: 0 } }],
    });
    expect(filled.status).toBe(200);
    expect(filled.commits).toBe(1);
    // Both were in Firestore when the answer came: read right after it, nothing drained in between.
    const { usage, execution } = await stored(filled.fillId);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ fillId: filled.fillId, tag: 'intro', status: 'success' });
    expect(usage[0]?.costNanoDollars).toBeGreaterThan(0);
    expect(execution).toMatchObject({ status: 'completed' });
  });

  it("is one commit for a saved template's fill too: its use and generation counts merge into one write", async () => {
    const saved = await request(backend.app)
      .put('/v1/templates/commits-template')
      .set('authorization', owner)
      .send({
        baseVersion: 0,
        template: { name: 'Commits', tags: { intro: { prompt: 'Template intro for {{client}}.', cacheTtlSeconds: 0 } } },
      });
    expect(saved.status).toBe(200);

    const filled = await countedFill({ documentId: 'commits-template', fieldValues: { client: 'Beta' }, tags: [{ name: 'intro' }] });
    expect(filled.status).toBe(200);
    expect(filled.commits).toBe(1);
    const template = await backend.firestore.firestore.doc(`orgs/${await organisationId()}/templates/commits-template`).get();
    expect(template.get('usageCount')).toBe(1);
    expect(template.get('generationCount')).toBe(1);
    expect((await stored(filled.fillId)).usage).toHaveLength(1);
  });
});
