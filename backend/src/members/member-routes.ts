import type { z } from 'zod';
import { memberChange, memberListResponse, memberParams, memberView, type MemberView } from '../../../contracts/members';
import type { AuditLog } from '../audit/audit-log';
import type { Caller } from '../platform/http/caller';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import { badRequest, forbidden, notFound } from '../platform/problem';
import type { Membership } from './membership';
import type { Member, MembersRepository } from './members-repository';

function viewOf(member: Member): MemberView {
  return { ...member, createdAt: member.createdAt.toISOString(), updatedAt: member.updatedAt.toISOString() };
}

export interface MemberRoutesDependencies {
  members: MembersRepository;
  membership: Membership;
  audit: AuditLog;
  now?: () => Date;
}

/** Owners are the last line of control: only an owner may make or unmake one, and the last cannot go. */
function checkChange(
  caller: Caller,
  target: Member,
  change: { role?: Member['role'] | undefined; removed?: boolean | undefined },
  owners: number,
): void {
  const touchesOwner = target.role === 'owner' || change.role === 'owner';
  if (touchesOwner && caller.role !== 'owner') throw forbidden('Only an owner can make someone an owner or change an owner.');
  const losesOwner =
    target.role === 'owner' && !target.removed && ((change.role !== undefined && change.role !== 'owner') || change.removed === true);
  if (losesOwner && owners <= 1) throw badRequest("This is the organisation's last owner; make someone else an owner first.");
}

export function createMemberRoutes(dependencies: MemberRoutesDependencies): Route[] {
  const now = dependencies.now ?? (() => new Date());
  const change = async (caller: Caller, userId: string, requested: z.infer<typeof memberChange>) => {
    const target = await dependencies.members.get(caller.organisationId, userId);
    if (!target) throw notFound(`There is no member ${userId} in your organisation.`);
    const all = await dependencies.members.list(caller.organisationId);
    checkChange(caller, target, requested, all.filter((member) => member.role === 'owner' && !member.removed).length);
    const updated: Member = { ...target, ...requested, updatedAt: now() };
    await dependencies.members.update(caller.organisationId, userId, { ...requested, updatedAt: updated.updatedAt });
    dependencies.membership.forget(caller.organisationId, userId);
    await dependencies.audit.record(caller, {
      action: requested.removed === true ? 'member.remove' : 'member.update',
      target: `members/${userId}`,
      before: { email: target.email, role: target.role, removed: target.removed },
      after: { email: updated.email, role: updated.role, removed: updated.removed },
    });
    return updated;
  };

  return [
    defineRoute({
      method: 'get',
      path: '/v1/members',
      operationId: 'listMembers',
      summary: "Members of the caller's organisation with their roles",
      tag: 'members',
      access: 'admin',
      response: { status: 200, description: 'The members', schema: memberListResponse },
      async handle({ caller }) {
        return json({ members: (await dependencies.members.list(caller.organisationId)).map(viewOf) });
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/v1/members/{userId}',
      operationId: 'updateMember',
      summary: "Change a member's role, or remove or restore them",
      tag: 'members',
      access: 'admin',
      params: memberParams,
      body: memberChange,
      response: { status: 200, description: 'The member after the change', schema: memberView },
      async handle({ caller, params, body }) {
        return json(viewOf(await change(caller, params.userId, body)));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/members/{userId}',
      operationId: 'removeMember',
      summary: "Remove a member: they can no longer use the organisation's keys or see its data",
      tag: 'members',
      access: 'admin',
      params: memberParams,
      response: { status: 200, description: 'The member after removal', schema: memberView },
      async handle({ caller, params }) {
        return json(viewOf(await change(caller, params.userId, { removed: true })));
      },
    }),
  ];
}
