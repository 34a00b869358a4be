import type { GenerationRequest } from './provider-adapter';

/** Aborts one provider call at its deadline, or sooner when the request's owner stops waiting (shutdown). */
export function attemptSignal(request: Pick<GenerationRequest, 'timeoutMs' | 'signal'>): AbortSignal {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  return request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
}
