import type { ProviderBehaviour } from './provider-behaviour';
import type { GenerationRequestSummary, ResolvedReply } from './wire-format';

/** A rough, stable stand-in for a tokenizer: tests can predict it without a vocabulary. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function defaultReplyText(summary: GenerationRequestSummary): string {
  return `Generated for: ${summary.lastUserText}`;
}

/**
 * Fills a scripted (or empty) reply with the deterministic defaults. An explicit finish
 * reason means the test wants exactly that answer, so truncation only applies without one.
 */
export function resolveReply(
  behaviour: Extract<ProviderBehaviour, { kind: 'reply' }>,
  summary: GenerationRequestSummary,
  finishReasons: { stop: string; length: string },
): ResolvedReply {
  let text = behaviour.text ?? defaultReplyText(summary);
  let finishReason = behaviour.finishReason ?? finishReasons.stop;
  let outputTokens = estimateTokens(text);
  const limit = summary.maxOutputTokens;
  if (behaviour.finishReason === undefined && limit !== undefined && limit < outputTokens) {
    text = text.slice(0, Math.max(0, limit) * 4);
    outputTokens = Math.max(0, limit);
    finishReason = finishReasons.length;
  }
  return {
    text,
    finishReason,
    inputTokens: behaviour.usage?.inputTokens ?? estimateTokens(summary.promptText),
    outputTokens: behaviour.usage?.outputTokens ?? outputTokens,
  };
}
