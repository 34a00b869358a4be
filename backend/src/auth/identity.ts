import type { Identity } from '../platform/http/caller';
import { isReservedId } from '../platform/http/common-schemas';

export interface IdentityVerifier {
  /** Resolves to the caller's identity or rejects with an {@link InvalidTokenError}. */
  verify(token: string): Promise<Identity>;
}

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

const subjectPattern = /^[A-Za-z0-9_-]{1,128}$/;
const domainPattern = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * A Workspace domain is one organisation; a consumer account is an organisation of one. Both become parts of
 * Firestore paths, so a token whose subject or domain could not be one is refused here.
 */
export function organisationIdFor(claims: { sub: string; hd?: string | undefined }): string {
  if (!subjectPattern.test(claims.sub) || isReservedId(claims.sub))
    throw new InvalidTokenError("The ID token's subject is not a Google account id.");
  if (claims.hd === undefined) return `user:${claims.sub}`;
  const domain = claims.hd.toLowerCase();
  if (!domainPattern.test(domain)) throw new InvalidTokenError("The ID token's hosted domain is not a domain name.");
  return `domain:${domain}`;
}
