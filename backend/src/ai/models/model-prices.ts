import { z } from 'zod';

const price = z.number().min(0).max(10_000);

/** The prices of one tier, US dollars per million tokens, per token class the provider bills. */
const tierPricesShape = {
  input: price,
  /** Prompt tokens served from the provider's cache (OpenAI cached input, Anthropic cache read, Gemini cached content). */
  cachedInput: price,
  /** Prompt tokens written to the cache (Anthropic's 5-minute cache write); unset: billed as input. */
  cacheWrite: price.optional(),
  output: price,
  /** Reasoning or thinking tokens; unset: billed as output, which is what OpenAI, Anthropic and Google do. */
  reasoning: price.optional(),
};

/**
 * A model's prices. `longContext` is the tier a provider bills for a whole request once its prompt is above
 * a threshold (Gemini Pro above 200k prompt tokens, Claude Sonnet's 1M context above 200k input tokens).
 */
export const modelPricesSchema = z
  .strictObject({
    ...tierPricesShape,
    longContext: z.strictObject({ aboveInputTokens: z.number().int().positive(), ...tierPricesShape }).optional(),
  })
  // The worst case of a request reserves at the long-context tier near its threshold: it must not be cheaper.
  .refine((prices) => !prices.longContext || (prices.longContext.input >= prices.input && prices.longContext.output >= prices.output), {
    message: 'long-context prices are at least the standard ones',
  });
export type ModelPrices = z.infer<typeof modelPricesSchema>;
export type TierPrices = Omit<ModelPrices, 'longContext'>;

/** The tier a request with this many prompt tokens is billed at. */
export function tierFor(prices: ModelPrices, inputTokens: number): TierPrices {
  const { longContext, ...standard } = prices;
  if (!longContext || inputTokens <= longContext.aboveInputTokens) return standard;
  const { aboveInputTokens: _threshold, ...tier } = longContext;
  return tier;
}

/**
 * The tier to reserve for a prompt whose size is an estimate (Claude's and Gemini's tokenizers are not
 * public): within `margin` of the threshold the real count may cross it, so the dearer tier is assumed.
 */
export function worstTierFor(prices: ModelPrices, estimatedInputTokens: number, margin = 0.25): TierPrices {
  return tierFor(prices, estimatedInputTokens * (1 + margin));
}
