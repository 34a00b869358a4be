import type { FillProgressView, TagStatus } from '../../shared/sidebar-contract';
import { BackendProblem, isFinished, type BackendClient } from '../backend/backend-client';

/** One look at a fill's progress, without waiting; a fill the backend does not know (yet) is "unknown". */
export function fillProgress(backend: BackendClient, fillId: string): FillProgressView {
  try {
    const answer = backend.awaitFill(fillId, 0);
    if (!isFinished(answer)) return { fillId, status: 'running', total: answer.total, finished: answer.finished, tags: answer.tags };
    const tags: Record<string, TagStatus> = Object.fromEntries(answer.results.map((result) => [result.tag, result.status]));
    return { fillId, status: 'finished', total: answer.results.length, finished: answer.results.length, tags };
  } catch (error) {
    if (error instanceof BackendProblem && error.status === 404) return { fillId, status: 'unknown', total: 0, finished: 0, tags: {} };
    throw error;
  }
}
