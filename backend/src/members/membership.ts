import type { Caller, Identity, Role } from '../platform/http/caller';
import { forbidden } from '../platform/problem';
import type { Member, MembersRepository } from './members-repository';

export interface MembershipOptions {
  repository: MembersRepository;
  /**
   * E-mails that become owners on first sign-in. When set, nobody else becomes an owner by arriving first:
   * in a large domain, "first user" would otherwise be whoever happened to open the add-on first.
   */
  bootstrapOwnerEmails: readonly string[];
  /**
   * Without bootstrap e-mails, whether an organisation's first user becomes its owner: convenient locally
   * (`npm start`), never in production, where ownership comes only from BOOTSTRAP_OWNER_EMAILS or the admin CLI.
   */
  firstUserBecomesOwner: boolean;
  /** Role changes made on another instance take effect here within this time. */
  cacheTtlMs?: number;
  now?: () => Date;
}

export interface Membership {
  /** The caller's role, creating the member on first sign-in; refuses removed members. */
  callerFor(identity: Identity): Promise<Caller>;
  /** Forgets what this instance cached, after a change made here. */
  forget(organisationId: string, userId: string): void;
}

export function createMembership(options: MembershipOptions): Membership {
  const now = options.now ?? (() => new Date());
  const ttlMs = options.cacheTtlMs ?? 5_000;
  const bootstrapOwners = new Set(options.bootstrapOwnerEmails.map((email) => email.toLowerCase()));
  const cache = new Map<string, { member: Member; expiresAt: number }>();

  async function firstRole(identity: Identity, at: Date): Promise<Role> {
    const granted = await options.repository.grantFor(identity.organisationId, identity.email);
    if (granted) {
      await options.repository.claimOrganisation(identity.organisationId, { userId: identity.userId, email: identity.email, at });
      return granted;
    }
    // The organisation document is claimed in every case, so it records when and by whom it started.
    const claimant = await options.repository.claimOrganisation(identity.organisationId, {
      userId: identity.userId,
      email: identity.email,
      at,
    });
    if (bootstrapOwners.size > 0) return bootstrapOwners.has(identity.email.toLowerCase()) ? 'owner' : 'member';
    // Two first requests of the same person at once both see them as the claimant: neither makes them a member.
    return options.firstUserBecomesOwner && claimant === identity.userId ? 'owner' : 'member';
  }

  async function load(identity: Identity): Promise<Member> {
    const stored = await options.repository.get(identity.organisationId, identity.userId);
    if (stored) return stored;
    const at = now();
    const role = await firstRole(identity, at);
    return options.repository.createIfAbsent(identity.organisationId, {
      userId: identity.userId,
      email: identity.email,
      role,
      removed: false,
      createdAt: at,
      updatedAt: at,
    });
  }

  return {
    async callerFor(identity) {
      const key = `${identity.organisationId}|${identity.userId}`;
      const cached = cache.get(key);
      let member: Member;
      if (cached && cached.expiresAt > Date.now()) {
        member = cached.member;
      } else {
        member = await load(identity);
        cache.set(key, { member, expiresAt: Date.now() + ttlMs });
        if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
      }
      if (member.removed) throw forbidden('An admin removed you from this organisation. Ask an admin to restore your access.');
      return { ...identity, role: member.role };
    },
    forget(organisationId, userId) {
      cache.delete(`${organisationId}|${userId}`);
    },
  };
}
