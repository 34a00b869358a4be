import { z } from 'zod';
import type { Identity } from '../platform/http/caller';
import { InvalidTokenError, organisationIdFor, type IdentityVerifier } from './identity';

const prefix = 'dev.';

const developmentClaims = z.object({
  sub: z.string().min(1).max(128),
  email: z.email(),
  hd: z.string().min(1).max(253).optional(),
});

export type DevelopmentClaims = z.infer<typeof developmentClaims>;

/**
 * Development tokens are unsigned: anyone can mint one. They exist so the local harness can stand in for
 * `ScriptApp.getIdentityToken()`, and the backend accepts them only with AUTH_MODE=development, which the
 * configuration refuses in production.
 */
export function createDevelopmentToken(claims: DevelopmentClaims): string {
  return prefix + Buffer.from(JSON.stringify(developmentClaims.parse(claims))).toString('base64url');
}

export function createDevelopmentTokenVerifier(): IdentityVerifier {
  return {
    async verify(token: string): Promise<Identity> {
      if (!token.startsWith(prefix)) {
        throw new InvalidTokenError('This development server only accepts development tokens.');
      }
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(token.slice(prefix.length), 'base64url').toString('utf8'));
      } catch {
        throw new InvalidTokenError('The development token is not valid base64url JSON.');
      }
      const parsed = developmentClaims.safeParse(decoded);
      if (!parsed.success) throw new InvalidTokenError('The development token lacks sub or email.');
      const claims = parsed.data;
      return {
        userId: claims.sub,
        email: claims.email.toLowerCase(),
        hostedDomain: claims.hd,
        organisationId: organisationIdFor(claims),
      };
    },
  };
}
