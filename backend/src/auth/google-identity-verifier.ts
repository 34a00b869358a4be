import { OAuth2Client } from 'google-auth-library';
import type { Identity } from '../platform/http/caller';
import { InvalidTokenError, organisationIdFor, type IdentityVerifier } from './identity';

const googleIssuers = ['accounts.google.com', 'https://accounts.google.com'];

export interface GoogleIdentityVerifierOptions {
  /** OAuth client ids of the add-on's Cloud project: the `aud` of `ScriptApp.getIdentityToken()`. */
  audiences: string[];
  /** Google's signing certificates by key id; injectable so tests sign with their own keys and need no network. */
  fetchCertificates?: () => Promise<Record<string, string>>;
}

/** Verifies a Google ID token: signature, issuer, audience, expiry and a verified email. */
export function createGoogleIdentityVerifier(options: GoogleIdentityVerifierOptions): IdentityVerifier {
  const client = new OAuth2Client();
  const fetchCertificates =
    options.fetchCertificates ?? (async () => (await client.getFederatedSignonCertsAsync()).certs as Record<string, string>);

  return {
    async verify(token: string): Promise<Identity> {
      let payload;
      try {
        const certificates = await fetchCertificates();
        const ticket = await client.verifySignedJwtWithCertsAsync(token, certificates, options.audiences, googleIssuers);
        payload = ticket.getPayload();
      } catch (error) {
        throw new InvalidTokenError(describeVerificationFailure(error));
      }
      if (!payload?.sub || !payload.email) throw new InvalidTokenError('The ID token has no subject or email.');
      if (payload.email_verified !== true) throw new InvalidTokenError('The account email is not verified.');
      return {
        userId: payload.sub,
        email: payload.email.toLowerCase(),
        hostedDomain: payload.hd,
        organisationId: organisationIdFor({ sub: payload.sub, hd: payload.hd }),
      };
    },
  };
}

/** google-auth-library's messages can quote the token; only the kind of failure is passed on. */
function describeVerificationFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/too late|expired/i.test(message)) return 'The ID token has expired.';
  if (/audience/i.test(message)) return 'The ID token was issued for another application (audience).';
  if (/issuer/i.test(message)) return 'The ID token was not issued by Google.';
  if (/signature|pem|envelope|certificate/i.test(message)) return 'The ID token signature is not valid.';
  return 'The ID token could not be verified.';
}
