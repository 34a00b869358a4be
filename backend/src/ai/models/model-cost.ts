import type { TokenUsage } from '../providers/provider-adapter';
import { tierFor, worstTierFor, type ModelPrices } from './model-prices';

/**
 * Money is counted in whole nano-dollars (1e-9 USD) so reservations, settlements and usage records add up
 * exactly; a cost is rounded up once per attempt. Prices are dollars per million tokens, so one token
 * costs `price * 1000` nano-dollars.
 */
export const nanoDollarsPerDollar = 1_000_000_000;

export function toNanoDollars(dollars: number): number {
  return Math.round(dollars * nanoDollarsPerDollar);
}

export function toDollars(nanoDollars: number): number {
  return nanoDollars / nanoDollarsPerDollar;
}

function roundUp(value: number): number {
  // Float noise (0.15 * 1000 = 150.00000000000003) must not add a nano-dollar.
  return Math.ceil(value - 1e-6);
}

/**
 * Every token class at its own price: cache reads, cache writes and plain input; reasoning and visible
 * output. A prompt above the long-context threshold bills the whole request at the long-context tier.
 */
export function costInNanoDollars(prices: ModelPrices, usage: TokenUsage): number {
  const tier = tierFor(prices, usage.inputTokens);
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const written = Math.min(usage.cacheWriteInputTokens ?? 0, usage.inputTokens - cached);
  const uncached = usage.inputTokens - cached - written;
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  const visible = usage.outputTokens - reasoning;
  const dollarsPerMillion =
    uncached * tier.input +
    cached * tier.cachedInput +
    written * (tier.cacheWrite ?? tier.input) +
    visible * tier.output +
    reasoning * (tier.reasoning ?? tier.output);
  return roundUp(dollarsPerMillion * 1000);
}

/**
 * The most an attempt can cost: every prompt token uncached (or written to the cache, when that costs more)
 * and the whole output limit used at the dearer of the output and reasoning prices, at the long-context tier
 * when the prompt is near its threshold.
 */
export function worstCaseNanoDollars(prices: ModelPrices, promptTokens: number, maxOutputTokens: number): number {
  const tier = worstTierFor(prices, promptTokens);
  const input = Math.max(tier.input, tier.cacheWrite ?? 0);
  const output = Math.max(tier.output, tier.reasoning ?? 0);
  return roundUp((promptTokens * input + maxOutputTokens * output) * 1000);
}
