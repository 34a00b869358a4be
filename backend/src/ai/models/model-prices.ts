import type { ModelPrices } from '../../../../contracts/settings';

// A model's prices are part of the settings contract (price overrides, custom models): defined once there.
export { modelPrices as modelPricesSchema, type ModelPrices } from '../../../../contracts/settings';

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
