import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

interface ChatCompletionBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
}

describe('POST /v1/fills through the openai SDK to a chat-completions server', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-fills',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_REQUEST_TIMEOUT_MS: '2000',
      AI_RETRY_BASE_DELAY_MS: '1',
    });
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  const fill = (body: object) => request(backend.app).post('/v1/fills').set('authorization', developmentBearer()).send(body);
  const completionRequests = () => provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');

  it('sends the rendered prompt with the key, model and limits, and returns the generated text', async () => {
    const response = await fill({
      documentId: 'doc-1',
      documentName: 'Proposal',
      fieldValues: { client_name: 'Acme Corp' },
      tags: [
        { name: 'intro', configuration: { prompt: 'Write an introduction for {{client_name}}.', temperature: 0.3, maxOutputTokens: 300 } },
      ],
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'completed',
      results: [
        {
          tag: 'intro',
          status: 'generated',
          text: 'Generated for: Write an introduction for Acme Corp.',
          provider: 'openai-compatible',
          model: 'gpt-6-luna',
        },
      ],
      totals: { tags: 1, generated: 1, failed: 0 },
    });
    expect(response.body.results[0].usage.inputTokens).toBeGreaterThan(0);

    const [sent] = completionRequests();
    expect(sent?.headers.authorization).toBe('Bearer sk-test-fills');
    const body = sent?.body as ChatCompletionBody;
    expect(body.model).toBe('gpt-6-luna');
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'Write an introduction for Acme Corp.' });
    // OpenAI's chat models take max_completion_tokens (max_tokens is deprecated and refused by reasoning models).
    expect(body.max_completion_tokens).toBe(300);
    expect(body).not.toHaveProperty('max_tokens');
    expect(body.temperature).toBe(0.3);
  });

  it('uses the tag model when it names one and records totals on the stored execution', async () => {
    const response = await fill({
      documentId: 'doc-2',
      tags: [
        { name: 'intro', configuration: { prompt: 'Say hello.', model: 'gpt-6-sol' } },
        { name: 'outro', configuration: { prompt: 'Say goodbye.' } },
      ],
    });
    expect(response.status).toBe(200);
    expect(
      completionRequests()
        .map((sent) => (sent.body as ChatCompletionBody).model)
        .sort(),
    ).toEqual(['gpt-6-luna', 'gpt-6-sol']);
    const stored = await backend.firestore.firestore.doc(`orgs/domain:example.com/executions/${response.body.fillId}`).get();
    expect(stored.data()).toMatchObject({ status: 'completed', documentId: 'doc-2' });
  });

  it('aborts the fill with a clear message when the provider rejects the key', async () => {
    provider.enqueue({ kind: 'error', status: 401, message: 'Incorrect API key provided.' });
    // Its own model: a rejected key cools that provider:model down for minutes.
    const response = await fill({
      documentId: 'doc-3',
      tags: [{ name: 'intro', configuration: { prompt: 'Say hello to the board.', model: 'gpt-5.6-terra' } }],
    });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('aborted');
    expect(response.body.abort.message).toMatch(/key/i);
    expect(JSON.stringify(response.body)).not.toContain('sk-test-fills');
  });

  it('marks only the failing tag when the provider refuses one request of the fill', async () => {
    provider.enqueue({ kind: 'error', status: 400, message: 'Invalid value for temperature.' });
    const response = await fill({
      documentId: 'doc-4',
      tags: [
        { name: 'intro', configuration: { prompt: 'Greet the reader.' } },
        { name: 'outro', configuration: { prompt: 'Thank the reader.' } },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('completed');
    const byStatus = Object.fromEntries(
      response.body.results.map((result: { status: string; text: string }) => [result.status, result.text]),
    );
    expect(Object.keys(byStatus).sort()).toEqual(['failed', 'generated']);
    expect(byStatus.failed).toMatch(/^\[AI: could not generate (intro|outro) — /);
  });

  it('writes the tag fallback text when its generation fails', async () => {
    provider.setDefault({ kind: 'error', status: 500, message: 'The server had an error.' });
    const response = await fill({
      documentId: 'doc-5',
      tags: [{ name: 'outro', configuration: { prompt: 'Say goodbye in French.', fallbackText: 'Kind regards.' } }],
    });
    expect(response.body.results).toEqual([expect.objectContaining({ tag: 'outro', status: 'fallback', text: 'Kind regards.' })]);
    // The one retry layer tried the model three times (its per-model cap) before giving up.
    expect(completionRequests()).toHaveLength(3);
  });
});
