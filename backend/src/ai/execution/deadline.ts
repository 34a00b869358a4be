import type { AskAiRequest } from '../ask-ai-types';

/** An attempt with less time than this left is not started: it could only time out. */
export const shortestUsefulAttemptMs = 250;

/** When askAI must have answered, retries and fallbacks included: the caller's deadline, else the server's. */
export function deadlineOf(request: Pick<AskAiRequest, 'deadlineAt'>, startedAt: number, deadlineMs: number): number {
  return request.deadlineAt ?? startedAt + deadlineMs;
}

/** Whether another attempt is worth starting. */
export function hasTimeForAttempt(deadlineAt: number, now: number): boolean {
  return deadlineAt - now >= shortestUsefulAttemptMs;
}

/** Whether waiting `delayMs` before the next try still leaves time for it. */
export function hasTimeToWait(deadlineAt: number, now: number, delayMs: number): boolean {
  return now + delayMs <= deadlineAt - shortestUsefulAttemptMs;
}
