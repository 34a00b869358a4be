import { z } from 'zod';
import { identifier, roles } from './common';

export const memberView = z.object({
  userId: z.string(),
  email: z.string(),
  role: z.enum(roles),
  removed: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MemberView = z.infer<typeof memberView>;

export const memberListResponse = z.object({ members: z.array(memberView) });
export type MemberListResponse = z.infer<typeof memberListResponse>;

export const memberParams = z.strictObject({ userId: identifier });

/** PATCH /v1/members/{userId}. */
export const memberChange = z
  .strictObject({ role: z.enum(roles).optional(), removed: z.boolean().optional() })
  .refine((change) => change.role !== undefined || change.removed !== undefined, 'send role, removed or both');
export type MemberChange = z.input<typeof memberChange>;
