import type { RequestHandler } from 'express';
import { unauthorized } from '../platform/problem';
import { InvalidTokenError, type Identity, type IdentityVerifier } from './identity';

/** Puts the verified caller on `res.locals.identity`; routes read the organisation from there only. */
export function authenticate(verifier: IdentityVerifier): RequestHandler {
  return async (request, response, next) => {
    const header = request.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      next(unauthorized('Send the user\'s Google ID token as "Authorization: Bearer <token>".'));
      return;
    }
    try {
      response.locals.identity = await verifier.verify(match[1]);
      next();
    } catch (error) {
      next(error instanceof InvalidTokenError ? unauthorized(error.message) : error);
    }
  };
}

export function identityOf(locals: Record<string, unknown>): Identity {
  const identity = locals.identity as Identity | undefined;
  if (!identity) throw new Error('identityOf called on a route without authenticate()');
  return identity;
}
