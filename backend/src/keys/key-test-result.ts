import { dateOf } from '../platform/firestore/firestore-dates';

/** The last real call made with a stored key (a provider connection's, the HubSpot token): shown beside it. */
export interface KeyTestResult {
  ok: boolean;
  at: Date;
  message: string;
  latencyMs: number;
}

/** A stored test result as Firestore hands it back (its time a Timestamp); null when the key was never tested. */
export function keyTestResultOf(stored: unknown): KeyTestResult | null {
  if (!stored || typeof stored !== 'object') return null;
  const test = stored as Record<string, unknown>;
  return {
    ok: test.ok === true,
    message: String(test.message),
    latencyMs: Number(test.latencyMs),
    at: dateOf(test.at) ?? new Date(0),
  };
}
