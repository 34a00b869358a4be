import { Router } from 'express';
import { identityOf } from '../auth/authenticate';
import type { ConnectionResolver } from '../ai/connections/connection-resolver';

/** What the sidebar needs to know about the signed-in user before a fill. */
export function createSessionRoutes(connections: ConnectionResolver): Router {
  const router = Router();
  router.get('/v1/session', async (_request, response) => {
    const identity = identityOf(response.locals);
    const resolved = await connections.resolve(identity.organisationId, undefined);
    response.json({
      email: identity.email,
      organisationId: identity.organisationId,
      provider: resolved ? { configured: true, id: resolved.provider, defaultModel: resolved.defaultModel } : { configured: false, setupHint: connections.setupHint },
    });
  });
  return router;
}
