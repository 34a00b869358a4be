import { ProviderError, type ProviderErrorCode } from '../providers/provider-errors';
import type { ExecutionOutcome } from '../execution/execution-outcome';

/**
 * Failures that say the provider is not answering, not that the request is wrong: a later call with the same
 * request would succeed. A bad request, a refusal, a filtered output, a key or quota problem and the budget
 * are not among them: a last good answer must never paper over those.
 */
const providerDownCodes: ReadonlySet<ProviderErrorCode> = new Set(['timeout', 'server', 'unavailable', 'rate_limited']);

function isProviderDown(error: unknown): boolean {
  return error instanceof ProviderError && providerDownCodes.has(error.code);
}

/** Every model askAI tried (the selected one and each fallback) failed because its provider was down. */
export function everyProviderDown(outcome: ExecutionOutcome): boolean {
  if (outcome.success || !isProviderDown(outcome.error)) return false;
  return outcome.attempts.every((attempt) => isProviderDown(attempt.error));
}
