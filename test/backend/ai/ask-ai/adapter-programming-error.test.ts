import { createAskAi } from '../../../../backend/src/ai/ask-ai';
import type { GenerationResult, ProviderAdapter } from '../../../../backend/src/ai/providers/provider-adapter';
import { classifyTagError } from '../../../../backend/src/fills/classify-tag-error';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';
import { captureLog } from '../captured-log';

/** The real OpenAI adapter with a bug of ours after the call: it reads a field the chat completion does not have. */
function withReadingBug(real: ProviderAdapter): ProviderAdapter {
  return {
    id: real.id,
    testConnection: (connection, options) => real.testConnection(connection, options),
    async generate(connection, request): Promise<GenerationResult> {
      const result = await real.generate(connection, request);
      const legacy = result as unknown as { choices: Array<{ text: string }> };
      return { ...result, text: legacy.choices[0]!.text };
    },
  };
}

describe('a programming error in a provider adapter', () => {
  let stack: AskAiStack;
  beforeAll(async () => {
    stack = await startAskAiStack();
  });
  afterAll(() => stack.close());

  it('surfaces as an internal error after one call: logged with its stack, not retried, no fallback, nothing left held', async () => {
    const organisationId = 'domain:adapter-bug.example';
    await stack.setSettings(organisationId, { fallbackModels: ['anthropic:claude-haiku-4-5'] });
    const adapters = new Map(stack.dependencies.adapters);
    adapters.set('openai', withReadingBug(stack.dependencies.adapters.get('openai')!));
    const { logger, lines } = captureLog();
    const askAi = createAskAi({ ...stack.dependencies, adapters, logger });

    const error: unknown = await askAi(askRequest({ organisationId, model: 'gpt-6-luna' })).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(TypeError);
    // What the fill makes of it: an internal error for this tag (a 5xx class), not a provider's malformed answer.
    expect(classifyTagError(error)).toMatchObject({ code: 'internal', abortsFill: false });
    expect(stack.servers.openai.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1);
    expect(stack.servers.anthropic.requests.filter((request) => request.path === '/v1/messages')).toHaveLength(0);
    const line = lines.find((entry) => entry['level'] === 'error');
    expect(line).toMatchObject({ organisationId, provider: 'openai', model: 'gpt-6-luna' });
    expect((line?.['err'] as { stack?: string } | undefined)?.stack).toMatch(/TypeError[\s\S]*adapter-programming-error\.test\.ts/);
    for (const [, totals] of await stack.counters(organisationId)) expect(totals.reserved).toBe(0);
  });
});
