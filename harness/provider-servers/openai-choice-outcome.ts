/** What one generated choice came to, before it is written as a whole body or as stream chunks. */
export interface OpenAIChoiceOutcome {
  content: string | null;
  finishReason: string;
  inputTokens: number;
  outputTokens: number;
}

export function openAIUsage(outcome: OpenAIChoiceOutcome): Record<string, unknown> {
  return {
    prompt_tokens: outcome.inputTokens,
    completion_tokens: outcome.outputTokens,
    total_tokens: outcome.inputTokens + outcome.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}
