import type { TokenUsage } from '../providers/provider-adapter';
import type { ModelPrices } from './model-catalog';

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

export function costInNanoDollars(prices: ModelPrices, usage: TokenUsage): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  return roundUp((uncached * prices.input + cached * prices.cachedInput + usage.outputTokens * prices.output) * 1000);
}

/** The most an attempt can cost: every prompt token uncached and the whole output budget used. */
export function worstCaseNanoDollars(prices: ModelPrices, promptTokens: number, maxOutputTokens: number): number {
  return costInNanoDollars(prices, { inputTokens: promptTokens, cachedInputTokens: 0, outputTokens: maxOutputTokens });
}
