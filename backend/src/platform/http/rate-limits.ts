import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Caller } from '../../auth/caller';
import { HttpProblem, problemTypeBase } from '../problem';

export interface RateLimitOptions {
  perUserPerMinute: number;
  perOrganisationPerMinute: number;
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
          detail: scope === 'user' ? `You sent more than ${limit} requests in a minute; wait a moment and try again.` : `Your organisation sent more than ${limit} requests in a minute; wait a moment and try again.`,
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
