import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countPromptTokens } from '../../../../backend/src/ai/models/count-tokens';
import { builtInModels, createModelCatalog, type ModelPrices } from '../../../../backend/src/ai/models/model-catalog';
import { costInNanoDollars, worstCaseNanoDollars } from '../../../../backend/src/ai/models/model-cost';

const catalog = createModelCatalog(builtInModels);
const pricesOf = (model: string): ModelPrices => catalog.find({ provider: 'openai', model })!.prices!;
const mini = pricesOf('gpt-4o-mini');

describe('costInNanoDollars', () => {
  it('prices known usage exactly', () => {
    expect(costInNanoDollars(mini, { inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 0 })).toBe(150_000_000);
    expect(costInNanoDollars(mini, { inputTokens: 0, cachedInputTokens: 0, outputTokens: 1_000_000 })).toBe(600_000_000);
    expect(costInNanoDollars(pricesOf('gpt-4o'), { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 500 })).toBe(
      2_500_000 + 5_000_000,
    );
  });

  it('bills cached input tokens at the cached-input price', () => {
    expect(costInNanoDollars(mini, { inputTokens: 1_000_000, cachedInputTokens: 1_000_000, outputTokens: 0 })).toBe(75_000_000);
    // 400k uncached at 0.15 $/M + 600k cached at 0.075 $/M
    expect(costInNanoDollars(mini, { inputTokens: 1_000_000, cachedInputTokens: 600_000, outputTokens: 0 })).toBe(60_000_000 + 45_000_000);
  });

  it('never bills more cached tokens than input tokens', () => {
    expect(costInNanoDollars(mini, { inputTokens: 100, cachedInputTokens: 500, outputTokens: 0 })).toBe(7_500);
  });

  it('has no float noise: single tokens cost whole nano-dollars and costs are always integers', () => {
    expect(costInNanoDollars(mini, { inputTokens: 1, cachedInputTokens: 0, outputTokens: 0 })).toBe(150);
    expect(costInNanoDollars(mini, { inputTokens: 3, cachedInputTokens: 1, outputTokens: 7 })).toBe(2 * 150 + 75 + 7 * 600);
    for (const model of builtInModels) {
      for (const usage of [
        { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 },
        { inputTokens: 333, cachedInputTokens: 111, outputTokens: 777 },
        { inputTokens: 12_345, cachedInputTokens: 6_789, outputTokens: 4_321 },
      ]) {
        const cost = costInNanoDollars(model.prices!, usage);
        expect(Number.isInteger(cost)).toBe(true);
        const exact =
          (usage.inputTokens - usage.cachedInputTokens) * model.prices!.input * 1000 +
          usage.cachedInputTokens * model.prices!.cachedInput * 1000 +
          usage.outputTokens * model.prices!.output * 1000;
        expect(Math.abs(cost - exact)).toBeLessThan(1);
      }
    }
  });

  it('a fractional nano-dollar is rounded up, not lost', () => {
    const tiny: ModelPrices = { input: 0.0001, cachedInput: 0.0001, output: 0.0001 };
    expect(costInNanoDollars(tiny, { inputTokens: 1, cachedInputTokens: 0, outputTokens: 0 })).toBe(1);
  });
});

describe('every token class at its own price', () => {
  const sonnet = createModelCatalog(builtInModels).find({ provider: 'anthropic', model: 'claude-sonnet-4-5' })!.prices!;
  const geminiPro = createModelCatalog(builtInModels).find({ provider: 'gemini', model: 'gemini-3.1-pro-preview' })!.prices!;

  it("bills Anthropic's cache writes at the cache-write price and cache reads at the read price", () => {
    // 1,000 plain + 2,000 written + 3,000 read; $3, $3.75 and $0.30 per million.
    expect(costInNanoDollars(sonnet, { inputTokens: 6000, cachedInputTokens: 3000, cacheWriteInputTokens: 2000, outputTokens: 0 })).toBe(
      1000 * 3000 + 2000 * 3750 + 3000 * 300,
    );
  });

  it('bills reasoning tokens at the output price unless the model has a reasoning price', () => {
    expect(costInNanoDollars(sonnet, { inputTokens: 0, cachedInputTokens: 0, outputTokens: 1000, reasoningTokens: 800 })).toBe(
      1000 * 15_000,
    );
    const priced: ModelPrices = { input: 1, cachedInput: 0.1, output: 4, reasoning: 2 };
    expect(costInNanoDollars(priced, { inputTokens: 0, cachedInputTokens: 0, outputTokens: 1000, reasoningTokens: 800 })).toBe(
      200 * 4000 + 800 * 2000,
    );
  });

  it('bills a whole request at the long-context tier once its prompt is above the threshold', () => {
    const atThreshold = { inputTokens: 200_000, cachedInputTokens: 0, outputTokens: 1000 };
    expect(costInNanoDollars(geminiPro, atThreshold)).toBe(200_000 * 2000 + 1000 * 12_000);
    expect(costInNanoDollars(geminiPro, { ...atThreshold, inputTokens: 200_001 })).toBe(200_001 * 4000 + 1000 * 18_000);
    expect(worstCaseNanoDollars(geminiPro, 250_000, 1000)).toBe(250_000 * 4000 + 1000 * 18_000);
  });

  it('reserves at the long-context tier when an estimated prompt is near the threshold, since the real count may cross it', () => {
    // 170,000 estimated tokens: a real count 18 % higher crosses 200,000 and bills the whole request at the higher tier.
    const worst = worstCaseNanoDollars(geminiPro, 170_000, 1000);
    expect(worst).toBe(170_000 * 4000 + 1000 * 18_000);
    expect(worst).toBeGreaterThanOrEqual(
      costInNanoDollars(geminiPro, { inputTokens: 200_001, cachedInputTokens: 0, outputTokens: 1000 }) * (170_000 / 200_001),
    );
    expect(worstCaseNanoDollars(geminiPro, 150_000, 1000)).toBe(150_000 * 2000 + 1000 * 12_000);
  });
});

describe('worstCaseNanoDollars', () => {
  it('is at least the actual cost of any usage within the prompt and output limits', () => {
    const promptTokens = 2_000;
    const maxOutputTokens = 1_000;
    for (const model of builtInModels) {
      const worst = worstCaseNanoDollars(model.prices!, promptTokens, maxOutputTokens);
      for (const inputTokens of [0, 1, 999, promptTokens]) {
        for (const cachedInputTokens of [0, Math.floor(inputTokens / 2), inputTokens]) {
          for (const outputTokens of [0, 1, 517, maxOutputTokens]) {
            for (const cacheWriteInputTokens of [0, inputTokens - cachedInputTokens]) {
              for (const reasoningTokens of [0, outputTokens]) {
                expect(
                  costInNanoDollars(model.prices!, {
                    inputTokens,
                    cachedInputTokens,
                    cacheWriteInputTokens,
                    outputTokens,
                    reasoningTokens,
                  }),
                ).toBeLessThanOrEqual(worst);
              }
            }
          }
        }
      }
      // Every prompt token at the dearer of plain input and cache write, every output token at full price.
      const writeCostsMore = (model.prices!.cacheWrite ?? 0) > model.prices!.input;
      expect(worst).toBe(
        costInNanoDollars(model.prices!, {
          inputTokens: promptTokens,
          cachedInputTokens: 0,
          cacheWriteInputTokens: writeCostsMore ? promptTokens : 0,
          outputTokens: maxOutputTokens,
        }),
      );
    }
  });
});

describe('countPromptTokens', () => {
  const text = 'Write a two-paragraph introduction for Acme Corporation, a retailer founded in 1987, for its annual report.';
  const overhead = countPromptTokens({ provider: 'openai', model: 'gpt-4o' }, '');

  it('adds a fixed per-request overhead', () => {
    expect(overhead).toBeGreaterThan(0);
    expect(countPromptTokens({ provider: 'openai', model: 'gpt-4o-mini' }, '')).toBe(overhead);
  });

  it("counts an OpenAI model's prompt exactly with its own tokenizer", () => {
    expect(countPromptTokens({ provider: 'openai', model: 'gpt-4o' }, text)).toBe(countO200k(text) + overhead);
    expect(countPromptTokens({ provider: 'openai-compatible', model: 'gpt-4o-mini' }, text)).toBe(countO200k(text) + overhead);
    expect(countPromptTokens({ provider: 'openai', model: 'gpt-4-turbo' }, text)).toBe(countCl100k(text) + overhead);
    expect(countPromptTokens({ provider: 'openai', model: 'gpt-3.5-turbo' }, text)).toBe(countCl100k(text) + overhead);
  });

  it('over-estimates for a Claude or Gemini model on the same text', () => {
    const openAi = countPromptTokens({ provider: 'openai', model: 'gpt-4o' }, text);
    expect(countPromptTokens({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, text)).toBeGreaterThan(openAi);
    expect(countPromptTokens({ provider: 'gemini', model: 'gemini-3.8-flash' }, text)).toBeGreaterThan(openAi);
  });
});
