/** The GenerateContentResponse shape shared by whole replies and stream events. */
export function usageMetadata(inputTokens: number, outputTokens: number): Record<string, unknown> {
  return {
    promptTokenCount: inputTokens,
    // The real API leaves the candidate count out, rather than writing 0, when nothing was generated.
    ...(outputTokens > 0 ? { candidatesTokenCount: outputTokens } : {}),
    totalTokenCount: inputTokens + outputTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: inputTokens }],
  };
}

export interface GeminiCandidateOutcome {
  text: string | undefined;
  finishReason: string;
  inputTokens: number;
  outputTokens: number;
}

export function geminiCandidateBody(outcome: GeminiCandidateOutcome, envelope: Record<string, unknown>): Record<string, unknown> {
  return {
    candidates: [
      {
        // An empty candidate has no `content` at all, which is the shape that trips careless adapters.
        ...(outcome.text === undefined ? {} : { content: { parts: [{ text: outcome.text }], role: 'model' } }),
        finishReason: outcome.finishReason,
        index: 0,
      },
    ],
    usageMetadata: usageMetadata(outcome.inputTokens, outcome.outputTokens),
    ...envelope,
  };
}
