import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/** The most document text a fill may carry fits the body limit, and past it the answer says what to do. */
describe('document text and the body limit', () => {
  const member = developmentBearer({ sub: 'long-doc-user', email: 'writer@long-doc.example', hd: 'long-doc.example' });
  let backend: TestBackend;
  let provider: ProviderServer;
  const check = (documentText: string) =>
    request(backend.app)
      .post('/v1/fills/check')
      .set('authorization', member)
      .send({
        documentId: 'long-doc',
        documentText,
        tags: [{ name: 'summary', configuration: { prompt: 'Summarise the document.', useDocumentText: true } }],
      });

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({ OPENAI_API_KEY: 'sk-test-long-doc', OPENAI_BASE_URL: provider.baseUrl });
  });
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  it('accepts the largest document text the add-on sends, in three-byte characters, within the default body limit', async () => {
    const response = await check('€'.repeat(200_000));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ready: true, problems: [] });
  });

  it('refuses one character more with a 400 that names the field and the limit', async () => {
    const response = await check('a'.repeat(200_001));
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/documentText.*send at most 200000 characters of document text/);
  });

  it('answers a body over the limit with 413 and what to send instead', async () => {
    const response = await check('€'.repeat(400_000));
    expect(response.status).toBe(413);
    expect(response.body.detail).toBe(
      'The request body is larger than this service accepts (JSON_BODY_LIMIT): send less document text or fewer tags at once.',
    );
  });
});
