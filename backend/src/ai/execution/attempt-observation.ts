import type { ProviderErrorCode } from '../providers/provider-errors';

/** One provider call as health monitoring sees it: who, which model, how long, and how it failed if it did. */
export interface AttemptObservation {
  organisationId: string;
  provider: string;
  model: string;
  latencyMs: number;
  /** Undefined for an answer. */
  failure: ProviderErrorCode | undefined;
}

/** Told of every provider call after the request's attempts are over; must not throw or wait. */
export type ObserveAttempt = (observation: AttemptObservation) => void;
