import { z } from 'zod';
import { roles } from '../auth/caller';
import type { ConnectionResolver } from '../ai/connections/connection-resolver';
import { defineRoute, json, type Route } from '../platform/http/define-route';

/** What the sidebar needs to know about the signed-in user before a fill. */
export function createSessionRoutes(connections: ConnectionResolver): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/session',
      operationId: 'getSession',
      summary: 'The signed-in user, their role and whether an AI provider is connected',
      tag: 'session',
      access: 'member',
      response: {
        status: 200,
        description: 'The session',
        schema: z.object({
          email: z.string(),
          organisationId: z.string(),
          role: z.enum(roles),
          provider: z.union([
            z.object({ configured: z.literal(true), id: z.string(), defaultModel: z.string() }),
            z.object({ configured: z.literal(false), setupHint: z.string() }),
          ]),
        }),
      },
      async handle({ caller }) {
        const defaultModel = await connections.defaultModel(caller.organisationId);
        return json({
          email: caller.email,
          organisationId: caller.organisationId,
          role: caller.role,
          provider: defaultModel ? { configured: true, id: defaultModel.provider, defaultModel: defaultModel.model } : { configured: false, setupHint: connections.setupHint },
        });
      },
    }),
  ];
}
