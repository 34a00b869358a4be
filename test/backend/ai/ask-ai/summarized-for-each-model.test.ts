import { tokenCount } from '../../../../backend/src/ai/prompt/shorten-text';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

const smallWindow = {
  provider: 'openai',
  id: 'gpt-small-window',
  displayName: 'Small window',
  contextWindow: 3000,
  maxOutputTokens: 1000,
  prices: { input: 0.1, cachedInput: 0.05, output: 0.5 },
  capabilities: [],
  complexity: 'simple',
};

/** Distinct words, so shortening shows. */
function documentText(words: number): string {
  return `OPENING ${Array.from({ length: words }, (_, index) => `word${index}`).join(' ')} CLOSING`;
}

describe('summarizeContext for the model that is called', () => {
  let stack: AskAiStack;
  beforeAll(async () => {
    stack = await startAskAiStack({ retryPolicy: { maxAttempts: 5, maxAttemptsPerModel: 2 } });
  });
  afterAll(() => stack.close());

  it('sends a fallback with a smaller window a context shortened to fit it, and the primary the whole text', async () => {
    const organisationId = 'domain:summarised-per-model.example';
    await stack.setSettings(organisationId, { customModels: [smallWindow], fallbackModels: ['openai:gpt-small-window'] });
    stack.servers.openai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    // More than the small window holds, within the organisation's context budget (8,000 tokens).
    const context = documentText(1500);
    expect(tokenCount(context)).toBeGreaterThan(3000);
    expect(tokenCount(context)).toBeLessThan(7000);

    const result = await stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna', context, maxOutputTokens: 500 }));

    expect(result).toMatchObject({ provider: 'openai', model: 'gpt-small-window' });
    const sent = stack.servers.openai.requests
      .filter((request) => request.path === '/v1/chat/completions')
      .map((request) => request.body as { model: string; messages: Array<{ content: string }> })
      .map((body) => ({ model: body.model, prompt: body.messages.at(-1)?.content ?? '' }));
    expect(sent.map((request) => request.model)).toEqual(['gpt-6-luna', 'gpt-6-luna', 'gpt-small-window']);
    // Booleans, so a failure does not print pages of words.
    expect(sent[0]?.prompt.includes(context)).toBe(true);
    const fallbackPrompt = sent[2]?.prompt ?? '';
    expect(fallbackPrompt.includes(context)).toBe(false);
    expect(fallbackPrompt).toContain('OPENING');
    expect(fallbackPrompt).toContain('CLOSING');
    // The window holds the prompt and the answer.
    expect(tokenCount(fallbackPrompt) + 500).toBeLessThanOrEqual(smallWindow.contextWindow);
    expect(result.warnings.join(' ')).toMatch(/document text was shortened/);
    expect(result.warnings.join(' ')).toMatch(/fallback model openai:gpt-small-window/);
  });
});
