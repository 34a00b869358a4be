import { conflict, HttpProblem, problemTypeBase } from '../platform/problem';

/** A well-formed request the run cannot take (an unknown name-pattern field, a fill that is not this job's). */
export function runRefused(detail: string, extensions?: Record<string, unknown>): HttpProblem {
  return new HttpProblem({ status: 422, type: `${problemTypeBase}run-refused`, title: 'The run cannot take this', detail, extensions });
}

/** A report under a lease that is no longer the job's: another worker claimed it after the lease expired. */
export function leaseLost(jobId: string): HttpProblem {
  return conflict(`The lease on job ${jobId} expired and another worker claimed it: stop working on it (trash a copy you made for it).`, {
    code: 'lease_lost',
  });
}

/** A report on a job that already ended another way. */
export function jobEnded(jobId: string, state: string): HttpProblem {
  return conflict(`The job ${jobId} already ended (${state}).`, { code: 'job_ended', state });
}
