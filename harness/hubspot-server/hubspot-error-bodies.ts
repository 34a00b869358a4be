import { randomUUID } from 'node:crypto';

/**
 * HubSpot's error bodies, as api.hubapi.com sends them (content type application/json;charset=utf-8).
 * Shapes: the CRM v3 "Error" model of the official client (@hubspot/api-client
 * lib/codegen/crm/objects/models/ModelError: message, correlationId, category, subCategory, context, errors,
 * links) with `status: "error"` first, as every HubSpot error body starts; examples in
 * https://developers.hubspot.com/docs/api/usage-details ("the 429 response will have the following format").
 */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category?: string;
  [field: string]: unknown;
}

const correlationId = () => randomUUID();

/**
 * 401 for a missing or unknown token: the body api.hubapi.com returns for an invalid private-app token, as
 * public integrations quote it verbatim in their fixtures and logs (category INVALID_AUTHENTICATION).
 */
export function invalidAuthentication(): HubSpotErrorBody {
  return {
    status: 'error',
    message:
      'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    correlationId: correlationId(),
    category: 'INVALID_AUTHENTICATION',
  };
}

/**
 * 403 when the private app lacks a scope: category MISSING_SCOPES with the scopes under
 * `errors[0].context.requiredGranularScopes`, as public integrations record HubSpot's answer.
 */
export function missingScopes(scope: string): HubSpotErrorBody {
  return {
    status: 'error',
    message:
      "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    correlationId: correlationId(),
    errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
    links: { scopes: 'https://developers.hubspot.com/scopes' },
    category: 'MISSING_SCOPES',
  };
}

/**
 * 404 for an object id that does not exist: category OBJECT_NOT_FOUND (the official client throws it as an
 * ApiException with code 404); the message text is ours, as nothing in the product reads it.
 */
export function objectNotFound(): HubSpotErrorBody {
  return { status: 'error', message: 'resource not found', correlationId: correlationId(), category: 'OBJECT_NOT_FOUND' };
}

/** 400 for a request the API rejects (an unknown property, a malformed filter). */
export function validationError(message: string, context?: Record<string, unknown>): HubSpotErrorBody {
  return { status: 'error', message, correlationId: correlationId(), category: 'VALIDATION_ERROR', ...(context ? { context } : {}) };
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

/**
 * 429 as documented (usage-details): `errorType: RATE_LIMIT`, the policy hit, and a message naming it. The
 * secondly search limit answers "You have reached your secondly limit." (the string the official client's
 * RetryDecorator compares against, lib/src/services/decorators/RetryDecorator.js).
 */
export function rateLimited(policy: RateLimitPolicy): HubSpotErrorBody {
  const message =
    policy === 'DAILY'
      ? 'You have reached your daily limit.'
      : policy === 'SECONDLY'
        ? 'You have reached your secondly limit.'
        : 'You have reached your ten_secondly_rolling limit.';
  return {
    status: 'error',
    message,
    errorType: 'RATE_LIMIT',
    correlationId: correlationId(),
    policyName: policy,
    requestId: randomUUID(),
  };
}

/**
 * 5xx: HubSpot documents 502/504 as its servers timing out and asks for a retry (developers.hubspot.com/docs/
 * api/usage-details, "Error handling"), and is silent on the body; this is the shape of its other errors,
 * category INTERNAL_ERROR, which nothing in the product reads.
 */
export function serverError(status: number): HubSpotErrorBody {
  return {
    status: 'error',
    message: status === 502 || status === 504 ? 'The server timed out processing the request.' : 'Internal error.',
    correlationId: correlationId(),
    category: 'INTERNAL_ERROR',
  };
}
