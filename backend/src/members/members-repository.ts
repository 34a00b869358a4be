import type { Firestore } from 'firebase-admin/firestore';
import type { Role } from '../platform/http/caller';
import { createIfAbsent } from '../platform/firestore/create-once';

export interface Member {
  userId: string;
  email: string;
  role: Role;
  /** A removed member keeps the record (for the audit trail) and is refused until an admin restores them. */
  removed: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface MembersRepository {
  get(organisationId: string, userId: string): Promise<Member | undefined>;
  /** Creates the member unless one exists; answers whichever record is stored afterwards. */
  createIfAbsent(organisationId: string, member: Member): Promise<Member>;
  /**
   * Claims the organisation for its first user and answers who holds the claim: exactly one user, however many
   * race, because `create` fails when the document exists (the emulator enforces this; transactions it does
   * not). The same user asking twice at once gets the same answer both times.
   */
  claimOrganisation(organisationId: string, claim: { userId: string; email: string; at: Date }): Promise<string>;
  list(organisationId: string): Promise<Member[]>;
  update(
    organisationId: string,
    userId: string,
    change: Partial<Pick<Member, 'role' | 'removed' | 'email'>> & { updatedAt: Date },
  ): Promise<void>;
  /** Sets a member's record whatever it was (the admin CLI's bootstrap). */
  put(organisationId: string, member: Member): Promise<void>;
  /** A role given by e-mail before the person first signs in (the admin CLI); taken on first sign-in. */
  grantByEmail(organisationId: string, email: string, role: Role): Promise<void>;
  grantFor(organisationId: string, email: string): Promise<Role | undefined>;
  findByEmail(organisationId: string, email: string): Promise<Member | undefined>;
}

function toMember(data: FirebaseFirestore.DocumentData): Member {
  return {
    userId: String(data.userId),
    email: String(data.email),
    role: data.role as Role,
    removed: data.removed === true,
    createdAt: data.createdAt.toDate(),
    updatedAt: data.updatedAt.toDate(),
  };
}

/** `orgs/{orgId}` (who claimed it first) and `orgs/{orgId}/members/{userId}`. */
export function createMembersRepository(firestore: Firestore): MembersRepository {
  const organisation = (organisationId: string) => firestore.collection('orgs').doc(organisationId);
  const members = (organisationId: string) => organisation(organisationId).collection('members');
  return {
    async get(organisationId, userId) {
      const snapshot = await members(organisationId).doc(userId).get();
      return snapshot.exists ? toMember(snapshot.data() as FirebaseFirestore.DocumentData) : undefined;
    },
    async createIfAbsent(organisationId, member) {
      const outcome = await createIfAbsent(members(organisationId).doc(member.userId), member);
      return outcome.created ? member : toMember(outcome.stored);
    },
    async claimOrganisation(organisationId, claim) {
      const { stored } = await createIfAbsent(organisation(organisationId), {
        organisationId,
        createdAt: claim.at,
        createdBy: claim.userId,
        createdByEmail: claim.email,
      });
      return String(stored.createdBy ?? '');
    },
    async list(organisationId) {
      const snapshot = await members(organisationId).orderBy('email').limit(5000).get();
      return snapshot.docs.map((document) => toMember(document.data()));
    },
    async update(organisationId, userId, change) {
      await members(organisationId).doc(userId).update(change);
    },
    async put(organisationId, member) {
      await members(organisationId).doc(member.userId).set(member);
    },
    async grantByEmail(organisationId, email, role) {
      await organisation(organisationId).collection('roleGrants').doc(email.toLowerCase()).set({ email: email.toLowerCase(), role });
    },
    async grantFor(organisationId, email) {
      const role = (await organisation(organisationId).collection('roleGrants').doc(email.toLowerCase()).get()).get('role');
      return typeof role === 'string' ? (role as Role) : undefined;
    },
    async findByEmail(organisationId, email) {
      const snapshot = await members(organisationId).where('email', '==', email.toLowerCase()).limit(1).get();
      const document = snapshot.docs[0];
      return document && toMember(document.data());
    },
  };
}
