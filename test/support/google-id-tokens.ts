import { createSign, generateKeyPairSync } from 'node:crypto';

/** Signs ID tokens shaped like Google's with a key of the test's own, and offers its certificate map. */
export function createTestTokenIssuer() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = 'test-key-1';
  const certificates = { [keyId]: publicKey.export({ type: 'spki', format: 'pem' }).toString() };

  function sign(claims: Record<string, unknown>, options: { keyId?: string } = {}): string {
    const header = { alg: 'RS256', typ: 'JWT', kid: options.keyId ?? keyId };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(claims)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
    return `${unsigned}.${signature}`;
  }

  function idToken(overrides: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return sign({
      iss: 'https://accounts.google.com',
      aud: 'client-123.apps.googleusercontent.com',
      sub: '1001',
      email: 'ana@example.com',
      email_verified: true,
      hd: 'example.com',
      iat: now - 10,
      exp: now + 3600,
      ...overrides,
    });
  }

  return { certificates, sign, idToken, audience: 'client-123.apps.googleusercontent.com' };
}
