/** Who is calling, as proven by a verified token. The organisation is derived here and nowhere else. */
export interface Identity {
  /** Stable Google account id (`sub`). */
  userId: string;
  email: string;
  /** Workspace domain (`hd`) for Workspace accounts; the organisation is then the domain. */
  hostedDomain: string | undefined;
  organisationId: string;
}

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

/** A Workspace domain is one organisation; a consumer account is an organisation of one. */
export function organisationIdFor(claims: { sub: string; hd?: string | undefined }): string {
  return claims.hd ? `domain:${claims.hd.toLowerCase()}` : `user:${claims.sub}`;
}
