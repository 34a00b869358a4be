/** Who is calling, as proven by a verified token (auth/ verifies it). The organisation is derived there and nowhere else. */
export interface Identity {
  /** Stable Google account id (`sub`). */
  userId: string;
  email: string;
  /** Workspace domain (`hd`) for Workspace accounts; the organisation is then the domain. */
  hostedDomain: string | undefined;
  organisationId: string;
}

export const roles = ['member', 'admin', 'owner'] as const;
export type Role = (typeof roles)[number];

/** Who may call a route: anyone, or a signed-in member with at least this role. */
export type Access = 'public' | Role;

/** A verified identity together with the caller's role in its organisation. */
export interface Caller extends Identity {
  role: Role;
}

const rank: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

export function hasRole(caller: Caller, required: Role): boolean {
  return rank[caller.role] >= rank[required];
}

export function isAdmin(caller: Caller): boolean {
  return hasRole(caller, 'admin');
}
