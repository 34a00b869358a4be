import { createHash } from 'node:crypto';
import { createDevelopmentToken } from '../../../backend/src/auth/development-token';

/**
 * Headers that make a request come from `email` in `organisationId`, for a backend in AUTH_MODE=development.
 * The organisation is what the backend derives from the token: `domain:example.com` is a Workspace domain
 * (the token's `hd`), `user:<id>` a consumer account of one. The account id is derived from the e-mail, so
 * the same person is the same user across requests, backends and restarts.
 */
export function callerHeaders(organisationId: string, email: string): { authorization: string } {
  const [kind, value] = splitOrganisation(organisationId);
  const sub = kind === 'user' ? value : `u${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 20)}`;
  const token = createDevelopmentToken(kind === 'domain' ? { sub, email, hd: value } : { sub, email });
  return { authorization: `Bearer ${token}` };
}

function splitOrganisation(organisationId: string): ['domain' | 'user', string] {
  const match = /^(domain|user):(.+)$/.exec(organisationId);
  if (!match) throw new Error(`an organisation id is domain:<domain> or user:<account id>, not ${organisationId}`);
  return [match[1] as 'domain' | 'user', match[2] as string];
}
