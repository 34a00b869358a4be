import { geminiCandidateBody, type GeminiCandidateOutcome } from './gemini-candidate-body';

/**
 * `streamGenerateContent?alt=sse` sends complete GenerateContentResponse objects, each with a
 * slice of the text; only the last one carries the finish reason and final usage.
 */
export function geminiStreamEvents(outcome: GeminiCandidateOutcome, envelope: Record<string, unknown>): string[] {
  const characters = Array.from(outcome.text ?? '');
  if (characters.length === 0) return [JSON.stringify(geminiCandidateBody(outcome, envelope))];
  const pieceLength = Math.max(1, Math.ceil(characters.length / 3));
  const events: string[] = [];
  for (let start = 0; start < characters.length; start += pieceLength) {
    const text = characters.slice(start, start + pieceLength).join('');
    const isLast = start + pieceLength >= characters.length;
    const body = geminiCandidateBody({ ...outcome, text }, envelope);
    const candidate = (body['candidates'] as Record<string, unknown>[])[0];
    if (!isLast && candidate) delete candidate['finishReason'];
    events.push(JSON.stringify(body));
  }
  return events;
}
