import { Router } from 'express';
import { identityOf } from '../auth/authenticate';
import type { ConnectionResolver } from '../ai/connections/connection-resolver';

/** What the sidebar needs to know about the signed-in user before a fill. */
export function createSessionRoutes(connections: ConnectionResolver): Router {
  const router = Router();
  router.get('/v1/session', async (_request, response) => {
    const identity = identityOf(response.locals);
    const defaultModel = await connections.defaultModel(identity.organisationId);
    response.json({
      email: identity.email,
      organisationId: identity.organisationId,
      provider: defaultModel ? { configured: true, id: defaultModel.provider, defaultModel: defaultModel.model } : { configured: false, setupHint: connections.setupHint },
    });
  });
  return router;
}
