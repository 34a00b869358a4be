import { HttpProblem, problemTypeBase } from '../platform/problem';
import { HubSpotCallError } from './hubspot-call-error';

/** Statuses a HubSpot failure answers with: ours to fix (4xx) or HubSpot's (502–504), never a bare 500. */
const statusOf: Record<HubSpotCallError['code'], number> = {
  authentication: 409,
  permission: 409,
  not_found: 404,
  bad_request: 400,
  rate_limited: 429,
  daily_limit: 429,
  server: 502,
  unreachable: 503,
  timeout: 504,
};

/** A HubSpot failure as the problem+json a caller sees; anything else passes through unchanged. */
export function problemOfHubSpotFailure(error: unknown): unknown {
  if (!(error instanceof HubSpotCallError)) return error;
  const status = statusOf[error.code];
  const detail =
    error.code === 'authentication'
      ? 'HubSpot no longer accepts the stored access token; an admin connects HubSpot again with a current token.'
      : error.message;
  const headers: Record<string, string> =
    status === 429 || status === 503 ? { 'Retry-After': String(Math.max(1, Math.ceil((error.retryAfterMs ?? 10_000) / 1000))) } : {};
  return new HttpProblem({
    status,
    type: `${problemTypeBase}hubspot-${error.code.replace(/_/g, '-')}`,
    title: 'HubSpot request failed',
    detail,
    extensions: { code: error.code },
    headers,
  });
}
