import { openAIUsage, type OpenAIChoiceOutcome } from './openai-choice-outcome';

interface ChunkEnvelope {
  id: string;
  created: number;
  model: string;
  system_fingerprint: string;
}

/** Splits text into a few pieces, like tokens arriving, without ever splitting a surrogate pair. */
function piecesOf(text: string, size = 8): string[] {
  const characters = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size) pieces.push(characters.slice(start, start + size).join(''));
  return pieces;
}

/**
 * The `data:` payloads of a Chat Completions stream, in the order OpenAI sends them: a role
 * chunk, content deltas, a finish chunk, then (only with `stream_options.include_usage`)
 * a chunk with no choices carrying usage, then `[DONE]`. With include_usage every other
 * chunk carries `usage: null`, as the real API does.
 */
export function chatCompletionStreamEvents(
  envelope: ChunkEnvelope,
  outcome: OpenAIChoiceOutcome | undefined,
  includeUsage: boolean,
): string[] {
  const chunk = (choices: unknown[], usage?: unknown): string =>
    JSON.stringify({
      ...envelope,
      object: 'chat.completion.chunk',
      service_tier: 'default',
      choices,
      ...(includeUsage ? { usage: usage ?? null } : {}),
    });
  const delta = (content: Record<string, unknown>, finishReason: string | null = null): unknown => ({
    index: 0,
    delta: content,
    logprobs: null,
    finish_reason: finishReason,
  });

  if (!outcome) return [chunk([delta({ role: 'assistant', content: '' })]), '{"id":"chatcmpl-broken","choices":[{"delta":'];

  const events = [chunk([delta({ role: 'assistant', content: '', refusal: null })])];
  for (const piece of piecesOf(outcome.content ?? '')) events.push(chunk([delta({ content: piece })]));
  events.push(chunk([delta({}, outcome.finishReason)]));
  if (includeUsage) events.push(chunk([], openAIUsage(outcome)));
  events.push('[DONE]');
  return events;
}
