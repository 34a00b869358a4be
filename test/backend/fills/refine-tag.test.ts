import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Refine a result (issue 21, item 7): POST /v1/fills/{fillId}/tags/{tag}/refinements rewrites one tag's text with
 * an instruction through the AI core, billed and recorded like any generation, within the budget.
 */

jest.setTimeout(60_000);

const organisationId = 'domain:refine.example';
const owner = developmentBearer({ sub: 'refine-owner', email: 'rita@refine.example', hd: 'refine.example' });
const member = developmentBearer({ sub: 'refine-member', email: 'max@refine.example', hd: 'refine.example' });
const today = new Date().toISOString().slice(0, 10);

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
}

describe('refining one tag of a fill', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  let fillId: string;
  let firstText: string;

  const refine = (body: object, bearer = owner, tag = 'intro', id = fillId) =>
    request(backend.app).post(`/v1/fills/${id}/tags/${tag}/refinements`).set('authorization', bearer).send(body);
  const generations = () => provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-refine',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_RETRY_BASE_DELAY_MS: '1',
    });
    const saved = await request(backend.app)
      .put('/v1/templates/refine-doc')
      .set('authorization', owner)
      .send({
        baseVersion: 0,
        template: { name: 'Offer', tags: { intro: { prompt: 'Write an introduction for {{client}}.', outputFormat: 'markdown' } } },
      });
    expect(saved.status).toBe(200);
    provider.enqueue({ kind: 'reply', text: 'Hey Acme folks, here is our offer, it is really great and long.' });
    const fill = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({ documentId: 'refine-doc', fieldValues: { client: 'Acme' }, tags: [{ name: 'intro' }] });
    expect(fill.status).toBe(200);
    fillId = fill.body.fillId;
    firstText = fill.body.results[0].text;
    expect(firstText).toBe('Hey Acme folks, here is our offer, it is really great and long.');
  });

  afterAll(async () => {
    await backend?.close();
    await provider?.close();
  });

  it('sends the previous text and the instruction to the model and answers the new text, billed and recorded', async () => {
    provider.reset();
    provider.enqueue({ kind: 'reply', text: 'Dear Acme team, please find our offer enclosed.' });
    const response = await refine({ previousText: firstText, instruction: 'More formal', fieldValues: { client: 'Acme' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      fillId,
      tag: 'intro',
      text: 'Dear Acme team, please find our offer enclosed.',
      outputFormat: 'markdown',
      model: 'gpt-6-luna',
    });
    expect(response.body.cost).toBeGreaterThan(0);

    // What the provider stand-in received: one request carrying the text to rewrite, the instruction and what the tag is for.
    expect(generations()).toHaveLength(1);
    const sent = generations()[0]!.body as ChatBody;
    const prompt = sent.messages.map((message) => message.content).join('\n');
    expect(prompt).toContain(firstText);
    expect(prompt).toContain('Instruction: More formal');
    expect(prompt).toContain('Write an introduction for Acme.');

    // Billed like any generation: a usage record of this fill and tag with the answer's cost.
    await backend.drain();
    const records = await request(backend.app)
      .get('/v1/usage/records')
      .query({ from: today, to: today, scope: 'organisation', limit: 100 })
      .set('authorization', owner);
    const refinements = (
      records.body.records as { requestId: string; fillId: string; tag: string; costUsd: number; status: string }[]
    ).filter((record) => record.requestId.startsWith(`${fillId}:intro:refinement:`));
    expect(refinements).toHaveLength(1);
    expect(refinements[0]).toMatchObject({ fillId, tag: 'intro', status: 'success' });
    expect(refinements[0]!.costUsd).toBeCloseTo(response.body.cost, 9);
    const stored = await backend.firestore.firestore
      .doc(`orgs/${organisationId}/executions/${fillId}/refinements/${response.body.refinementId}`)
      .get();
    expect(stored.data()).toMatchObject({ tag: 'intro', instruction: 'More formal', userId: 'refine-owner', model: 'gpt-6-luna' });

    // Asking again is a new generation, never the cached answer.
    provider.enqueue({ kind: 'reply', text: 'Dear Acme team, our offer is enclosed.' });
    const again = await refine({ previousText: firstText, instruction: 'More formal', fieldValues: { client: 'Acme' } });
    expect(again.body.text).toBe('Dear Acme team, our offer is enclosed.');
    expect(generations()).toHaveLength(2);
  });

  it('refuses bad input with a 4xx that says what to fix, and calls no model', async () => {
    provider.reset();
    const noInstruction = await refine({ previousText: firstText, instruction: '   ' });
    expect(noInstruction.status).toBe(400);
    expect(JSON.stringify(noInstruction.body)).toContain('say how to change the text');
    const noText = await refine({ previousText: '', instruction: 'Shorter' });
    expect(noText.status).toBe(400);
    expect(JSON.stringify(noText.body)).toContain('give the text to rewrite');
    expect((await refine({ previousText: 'x'.repeat(50_001), instruction: 'Shorter' })).status).toBe(400);
    expect((await refine({ previousText: 'Text', instruction: 'Shorter', extra: true })).status).toBe(400);
    expect((await refine({ previousText: 'Text', instruction: 'Shorter' }, owner, 'intro', 'not-a-fill')).status).toBe(400);
    const unknownFill = await refine(
      { previousText: 'Text', instruction: 'Shorter' },
      owner,
      'intro',
      '00000000-0000-4000-8000-000000000000',
    );
    expect(unknownFill.status).toBe(404);
    const unknownTag = await refine({ previousText: 'Text', instruction: 'Shorter' }, owner, 'outro');
    expect(unknownTag.status).toBe(404);
    expect(JSON.stringify(unknownTag.body)).toContain('outro');
    // Another member of the organisation does not see this fill.
    expect((await request(backend.app).get('/v1/session').set('authorization', member)).status).toBe(200);
    expect((await refine({ previousText: 'Text', instruction: 'Shorter' }, member)).status).toBe(404);
    expect(generations()).toHaveLength(0);
  });

  it('respects the budget: once it is spent, the refinement is refused with what to do and no model is called', async () => {
    const current = await request(backend.app).get('/v1/settings').set('authorization', owner);
    const saved = await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({
        baseVersion: current.body.version,
        settings: { ...current.body.settings, budgets: { ...current.body.settings.budgets, organisation: { dailyUsd: 0.000001 } } },
      });
    expect(saved.status).toBe(200);
    provider.reset();
    const refused = await refine({ previousText: firstText, instruction: 'Shorter' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toMatch(/budget/);
    expect(refused.body.detail).toMatch(/budget/i);
    expect(generations()).toHaveLength(0);
  });
});
