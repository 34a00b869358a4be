import type { TokenUsage } from '../provider-adapter';

/** The usage fields OpenAI and the OpenAI-compatible services we know send (some beyond the SDK's types). */
export interface OpenAiUsageBody {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  /** `cache_write_tokens`: OpenRouter's prompt-cache writes. */
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek's prompt cache. */
  prompt_cache_hit_tokens?: number;
}

/**
 * OpenAI counts reasoning tokens inside completion_tokens; xAI reports them beside it, which its
 * total_tokens shows (prompt + completion + reasoning). Either way every reasoning token is billed as output.
 */
export function openAiUsageOf(usage: OpenAiUsageBody | null | undefined): TokenUsage | undefined {
  if (!usage || typeof usage.prompt_tokens !== 'number' || typeof usage.completion_tokens !== 'number') return undefined;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  // Exactly: a total that counts something else too (search tokens) must not bill the reasoning twice.
  const reportedApart =
    typeof usage.total_tokens === 'number' &&
    reasoning > 0 &&
    usage.total_tokens === usage.prompt_tokens + usage.completion_tokens + reasoning;
  return {
    inputTokens: usage.prompt_tokens,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0,
    cacheWriteInputTokens: usage.prompt_tokens_details?.cache_write_tokens ?? 0,
    outputTokens: reportedApart ? usage.completion_tokens + reasoning : usage.completion_tokens,
    reasoningTokens: reasoning,
  };
}
