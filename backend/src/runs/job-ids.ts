import { createHash } from 'node:crypto';

/** A record's job id within its run: the same record key always names the same job, so it is enqueued once. */
export function jobIdOf(runId: string, recordKey: string): string {
  return createHash('sha256').update(`${runId}\n${recordKey}`).digest('hex').slice(0, 32);
}

/**
 * The fill id of one attempt of a job, a UUID (version 8: derived, not random) made from the job and the attempt,
 * so a worker that sends its fill request twice (a lost answer) gets the same fill, not a second one.
 */
export function fillIdOf(runId: string, jobId: string, attempt: number): string {
  const hex = createHash('sha256').update(`${runId}\n${jobId}\n${attempt}`).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
