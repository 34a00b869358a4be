import type { FeedbackInput, FeedbackOutcome } from '../../shared/sidebar-contract';
import { BackendProblem, BackendUnreachable, type BackendClient } from '../backend/backend-client';

/** The backend keeps at most this much of a reason (contracts/fills.ts). */
const maximumCommentCharacters = 2000;

/**
 * Sends one rating to the backend. What goes wrong comes back as a sentence for the sidebar to show next to
 * the buttons, not as an exception: the rating is a small extra, and the preview or result around it stays.
 */
export function sendFeedback(backend: Pick<BackendClient, 'putFeedback'>, input: FeedbackInput): FeedbackOutcome {
  const comment = input.comment?.trim() ?? '';
  if (comment.length > maximumCommentCharacters)
    return { status: 'not-recorded', message: `Keep the reason under ${maximumCommentCharacters} characters (it has ${comment.length}).` };
  try {
    backend.putFeedback(input.fillId, input.tag, { rating: input.rating, ...(comment ? { comment } : {}) });
  } catch (error) {
    if (error instanceof BackendProblem && error.status === 404)
      return { status: 'not-recorded', message: 'This result is no longer known to the server, so it cannot be rated.' };
    if (error instanceof BackendProblem || error instanceof BackendUnreachable)
      return { status: 'not-recorded', message: `Your rating was not saved: ${error.message}` };
    throw error;
  }
  return { status: 'recorded', rating: input.rating, ...(comment ? { comment } : {}) };
}
