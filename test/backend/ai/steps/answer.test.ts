import { NoModelAvailableError } from '../../../../backend/src/ai/ai-errors';
import type { ExecutionOutcome, ExecutionSuccess } from '../../../../backend/src/ai/execution/execution-outcome';
import { builtInModels, createModelCatalog, type ModelReference } from '../../../../backend/src/ai/models/model-catalog';
import { pricedModel } from '../../../../backend/src/ai/models/priced-model';
import { ServerError } from '../../../../backend/src/ai/providers/provider-errors';
import { answer, answerFromCache, requireAnswer, truncatedWarning } from '../../../../backend/src/ai/steps/answer';
import type { AnsweredRun, LoggedRun } from '../../../../backend/src/ai/steps/ask-ai-run';
import type { ModelCandidate } from '../../../../backend/src/ai/steps/select-model';

const catalog = createModelCatalog(builtInModels);
const luna: ModelReference = { provider: 'openai', model: 'gpt-6-luna' };
const claude: ModelReference = { provider: 'anthropic', model: 'claude-haiku-4-5' };
const candidateOf = (reference: ModelReference): ModelCandidate => ({
  reference,
  model: pricedModel(catalog, reference),
  connection: { id: 'key', apiKey: 'sk-test' },
});

function success(reference: ModelReference, finishReason: 'stop' | 'length' = 'stop'): ExecutionSuccess {
  return {
    candidate: candidateOf(reference),
    result: {
      text: 'The text.',
      finishReason,
      rawFinishReason: finishReason,
      usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5 },
      servedModel: `${reference.model}-2026`,
    },
    usageEstimated: true,
    warnings: ['fitted'],
    prompt: { prompt: 'Write it.', warnings: ['shortened for this model'], tokens: () => 10 },
  };
}

/** The parts of a run the last steps read; the rest is never looked at. */
function loggedRun(outcome: ExecutionOutcome): LoggedRun {
  return {
    requested: luna,
    requestedPrompt: { prompt: 'Write it.', warnings: ['shortened for the requested model'], tokens: () => 10 },
    reservation: { level: 'alert', warnings: ['budget'] },
    selection: { candidates: [candidateOf(luna), candidateOf(claude)], warnings: ['selection'] },
    limit: { maxOutputTokens: 500, warnings: ['limit'] },
    outcome,
    providerMs: 42,
    logged: { costNanoDollars: 1_500_000, records: outcome.attempts.length, durable: Promise.resolve() },
  } as unknown as LoggedRun;
}

describe('return', () => {
  it("gives the text, cost, served model and every warning, the served prompt's first", () => {
    const served = success(claude, 'length');
    const run = { ...loggedRun({ attempts: [], success: served }), success: served } as AnsweredRun;
    expect(answer(run)).toEqual({
      text: 'The text.',
      usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5 },
      cost: 0.0015,
      cached: false,
      provider: 'anthropic',
      model: 'claude-haiku-4-5-2026',
      requestedModel: 'gpt-6-luna',
      warnings: [
        'shortened for this model',
        'budget',
        'selection',
        'limit',
        'fitted',
        truncatedWarning,
        'The provider reported no token usage, so the cost recorded is an estimate.',
        'openai:gpt-6-luna failed, so the fallback model anthropic:claude-haiku-4-5 wrote this text.',
      ],
      budgetLevel: 'alert',
      attempts: 0,
      providerMs: 42,
    });
  });

  it('answers a cache hit at no cost, and says again that a cut-off text is cut off', () => {
    const hit = {
      text: 'Kept.',
      provider: 'openai' as const,
      model: 'gpt-6-luna',
      usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 },
      finishReason: 'length',
      createdAt: 0,
      expiresAt: 1,
    };
    expect(answerFromCache(loggedRun({ attempts: [] }), hit)).toMatchObject({
      text: 'Kept.',
      cost: 0,
      cached: true,
      attempts: 0,
      budgetLevel: 'normal',
      warnings: ['shortened for the requested model', truncatedWarning],
    });
  });

  it('fails with what stopped the attempts, or says no model could be called', () => {
    const error = new ServerError({ provider: 'openai', model: 'gpt-6-luna', message: 'The provider failed (HTTP 500).' });
    expect(() => requireAnswer(loggedRun({ attempts: [], error }))).toThrow(error);
    expect(() => requireAnswer(loggedRun({ attempts: [] }))).toThrow(NoModelAvailableError);
    const served = success(luna);
    expect(requireAnswer(loggedRun({ attempts: [], success: served })).success).toBe(served);
  });
});
