import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Caller } from './caller';
import type { PublicRouteLimits } from './define-route';
import { HttpProblem, problemTypeBase } from '../problem';

export interface RateLimitOptions {
  perUserPerMinute: number;
  perOrganisationPerMinute: number;
  /** Requests with a missing or invalid token from one client address. */
  unauthenticatedPerAddressPerMinute: number;
}

function limiter(limit: number, scope: 'user' | 'organisation', keyOf: (caller: Caller) => string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_request, response) => keyOf(response.locals.caller as Caller),
    handler: (_request, _response, next, options) => {
      next(
        new HttpProblem({
          status: options.statusCode,
          type: `${problemTypeBase}rate-limited`,
          title: 'Too many requests',
          detail:
            scope === 'user'
              ? `You sent more than ${limit} requests in a minute; wait a moment and try again.`
              : `Your organisation sent more than ${limit} requests in a minute; wait a moment and try again.`,
        }),
      );
    },
  });
}

/**
 * Per user and per organisation, keyed by the verified caller (never the IP: a whole Workspace domain can sit
 * behind one Apps Script egress address). Counted per instance; the limits are per instance too.
 */
export function createRateLimits(options: RateLimitOptions): RequestHandler[] {
  return [
    limiter(options.perUserPerMinute, 'user', (caller) => `user:${caller.organisationId}|${caller.userId}`),
    limiter(options.perOrganisationPerMinute, 'organisation', (caller) => `organisation:${caller.organisationId}`),
  ];
}

/**
 * Requests whose token is missing or invalid, counted per client address (the only key a stranger has) in
 * one-minute windows. Valid tokens are never counted here, so a shared egress address (Apps Script's) is not
 * shut out by someone else's junk; past the limit, failing requests get 429 with Retry-After instead of 401,
 * which also spares the token verifier. Per instance, like the other limits.
 */
export function createFailedAuthenticationLimit(perMinute: number, now: () => number = Date.now): (address: string) => void {
  const windows = new Map<string, { startedAt: number; failures: number }>();
  return (address) => {
    const at = now();
    if (windows.size > 10_000) for (const [key, window] of windows) if (at - window.startedAt >= 60_000) windows.delete(key);
    let window = windows.get(address);
    if (!window || at - window.startedAt >= 60_000) windows.set(address, (window = { startedAt: at, failures: 0 }));
    window.failures += 1;
    if (window.failures > perMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.startedAt + 60_000 - at) / 1000));
      throw new HttpProblem({
        status: 429,
        type: `${problemTypeBase}rate-limited`,
        title: 'Too many requests',
        detail: `More than ${perMinute} requests without a valid token came from your address in a minute; sign in again and retry in ${retryAfterSeconds} s.`,
        headers: { 'retry-after': String(retryAfterSeconds) },
      });
    }
  };
}

function publicLimiter(operationId: string, limit: number, keyOf: (request: Request) => string, detail: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Each route counts on its own: a burst of webhooks does not use up another public route's allowance.
    keyGenerator: (request) => `${operationId}|${keyOf(request)}`,
    handler: (_request, _response, next, options) => {
      next(new HttpProblem({ status: options.statusCode, type: `${problemTypeBase}rate-limited`, title: 'Too many requests', detail }));
    },
  });
}

/**
 * A public route's limits (a webhook anyone can reach): per client address (an IPv6 client by its /56, as
 * express-rate-limit's ipKeyGenerator groups it) and per value of one path parameter, counted before the
 * handler verifies anything, so a flood costs no signature check and no Firestore read. 429 with Retry-After.
 * Per instance, like the other limits.
 */
export function createPublicRouteLimits(operationId: string, limits: PublicRouteLimits): RequestHandler[] {
  const handlers = [
    publicLimiter(
      operationId,
      limits.perAddressPerMinute,
      (request) => `address:${ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? 'unknown')}`,
      `More than ${limits.perAddressPerMinute} requests came from your address in a minute; retry after the time in Retry-After.`,
    ),
  ];
  const parameter = limits.perPathParameter;
  if (parameter)
    handlers.push(
      publicLimiter(
        operationId,
        parameter.perMinute,
        (request) => `${parameter.name}:${String(request.params[parameter.name] ?? '')}`,
        `More than ${parameter.perMinute} requests for this ${parameter.name} came in a minute; retry after the time in Retry-After.`,
      ),
    );
  return handlers;
}
