import type { FillProgress } from '../../../contracts/fills';
import type { StoredExecution } from './executions-repository';

/** A fill another instance runs, as its claim shows it: per-tag progress once that instance published it. */
export function progressOfClaim(execution: StoredExecution): FillProgress {
  const tagNames = Array.isArray(execution.tagNames) ? (execution.tagNames as string[]) : [];
  const stored = (execution.progress ?? {}) as FillProgress['tags'];
  const tags = Object.fromEntries(tagNames.map((tag) => [tag, stored[tag] ?? 'pending']));
  const finished = Object.values(tags).filter((status) => status !== 'pending').length;
  return { fillId: execution.fillId, status: 'running', total: tagNames.length, finished, tags };
}
