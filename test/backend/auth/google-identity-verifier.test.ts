import { createGoogleIdentityVerifier } from '../../../backend/src/auth/google-identity-verifier';
import { InvalidTokenError } from '../../../backend/src/auth/identity';
import { createTestTokenIssuer } from '../../support/google-id-tokens';

describe('Google ID token verification', () => {
  const issuer = createTestTokenIssuer();
  const verifier = createGoogleIdentityVerifier({ audiences: [issuer.audience], fetchCertificates: async () => issuer.certificates });

  it('accepts a valid Workspace token and derives the organisation from hd', async () => {
    await expect(verifier.verify(issuer.idToken({ email: 'Ana@Example.com' }))).resolves.toEqual({
      userId: '1001',
      email: 'ana@example.com',
      hostedDomain: 'example.com',
      organisationId: 'domain:example.com',
    });
  });

  it('makes a consumer account an organisation of its own', async () => {
    const identity = await verifier.verify(issuer.idToken({ hd: undefined, sub: '2002', email: 'solo@gmail.com' }));
    expect(identity.organisationId).toBe('user:2002');
  });

  it.each([
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }, /expired/],
    ['another audience', { aud: 'someone-else.apps.googleusercontent.com' }, /audience/],
    ['another issuer', { iss: 'https://evil.example.com' }, /not issued by Google/],
    ['an unverified email', { email_verified: false }, /not verified/],
  ])('refuses %s', async (_case, claims, message) => {
    const rejection = verifier.verify(issuer.idToken(claims));
    await expect(rejection).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(rejection).rejects.toThrow(message);
  });

  it('refuses a token signed with another key', async () => {
    const stranger = createTestTokenIssuer();
    await expect(verifier.verify(stranger.idToken())).rejects.toThrow(/signature/);
  });

  it('refuses garbage without echoing it', async () => {
    const rejection = verifier.verify('not-a-jwt-secret-value');
    await expect(rejection).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(rejection).rejects.not.toThrow(/secret-value/);
  });
});
