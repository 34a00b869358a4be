import type { Membership } from '../members/membership';
import { unauthorized } from '../platform/problem';
import type { Caller } from '../platform/http/caller';
import { InvalidTokenError, type IdentityVerifier } from './identity';

export type Authenticate = (authorizationHeader: string | undefined) => Promise<Caller>;

/** Bearer token → verified identity → the caller's role in the organisation the token names. */
export function createAuthenticate(verifier: IdentityVerifier, membership: Membership): Authenticate {
  return async (authorizationHeader) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorizationHeader ?? '');
    if (!match?.[1]) throw unauthorized('Send the user\'s Google ID token as "Authorization: Bearer <token>".');
    let identity;
    try {
      identity = await verifier.verify(match[1]);
    } catch (error) {
      throw error instanceof InvalidTokenError ? unauthorized(error.message) : error;
    }
    return membership.callerFor(identity);
  };
}
