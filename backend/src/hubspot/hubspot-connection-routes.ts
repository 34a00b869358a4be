import { z } from 'zod';
import { hubSpotConnectionInput, hubSpotConnectionTestResponse, hubSpotConnectionView } from '../../../contracts/hubspot';
import type { AuditLog } from '../audit/audit-log';
import { defineRoute, json, noContent, type Route } from '../platform/http/define-route';
import { isKeyUnreadable, keyUnreadable } from '../keys/key-unreadable';
import type { HubSpotClientFactory } from './hubspot-client-factory';
import type { HubSpotConnectionRepository } from './hubspot-connection-repository';
import type { HubSpotConnectionVault } from './hubspot-connection-vault';
import { auditOfHubSpotConnection, viewOfHubSpotConnection } from './hubspot-connection-view';
import { hubSpotNotConnected } from './hubspot-access';
import { saveHubSpotConnection, testHubSpotToken } from './save-hubspot-connection';

export interface HubSpotConnectionRoutesDependencies {
  repository: HubSpotConnectionRepository;
  vault: HubSpotConnectionVault;
  clientFor: HubSpotClientFactory;
  audit: AuditLog;
  testTimeoutMs: number;
}

/** The organisation's HubSpot connection: admins connect (token tested first), test and disconnect; the token never comes back. */
export function createHubSpotConnectionRoutes(dependencies: HubSpotConnectionRoutesDependencies): Route[] {
  const find = async (organisationId: string) => {
    const connection = await dependencies.repository.get(organisationId);
    if (!connection) throw hubSpotNotConnected();
    return connection;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/v1/hubspot/connection',
      operationId: 'getHubSpotConnection',
      summary: "The organisation's HubSpot connection (the token shown as fingerprint and last four characters)",
      tag: 'hubspot',
      access: 'admin',
      response: { status: 200, description: 'The connection; 409 when HubSpot is not connected', schema: hubSpotConnectionView },
      async handle({ caller }) {
        return json(viewOfHubSpotConnection(caller.organisationId, await find(caller.organisationId)));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/hubspot/connection',
      operationId: 'saveHubSpotConnection',
      summary: "Connect HubSpot with a private app's access token: tested with a real call, then encrypted and stored; never returned",
      tag: 'hubspot',
      access: 'admin',
      body: hubSpotConnectionInput,
      response: {
        status: 200,
        description: 'The connection; 422 when HubSpot refuses the token (nothing stored)',
        schema: hubSpotConnectionView,
      },
      async handle({ caller, body }) {
        const before = await dependencies.repository.get(caller.organisationId);
        const after = await saveHubSpotConnection(
          { vault: dependencies.vault, clientFor: dependencies.clientFor, testTimeoutMs: dependencies.testTimeoutMs },
          caller.organisationId,
          caller.email,
          body,
        );
        await dependencies.audit.record(caller, {
          action: before ? 'hubspot.update' : 'hubspot.connect',
          target: 'integrations/hubspot',
          ...(before ? { before: auditOfHubSpotConnection(before) } : {}),
          after: auditOfHubSpotConnection(after),
        });
        return json(viewOfHubSpotConnection(caller.organisationId, after));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/hubspot/connection',
      operationId: 'deleteHubSpotConnection',
      summary: 'Disconnect HubSpot: the encrypted token and client secret are deleted',
      tag: 'hubspot',
      access: 'admin',
      response: { status: 204, description: 'Deleted' },
      async handle({ caller }) {
        const before = await find(caller.organisationId);
        await dependencies.repository.delete(caller.organisationId);
        await dependencies.audit.record(caller, {
          action: 'hubspot.disconnect',
          target: 'integrations/hubspot',
          before: auditOfHubSpotConnection(before),
        });
        return noContent;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/hubspot/connection/test',
      operationId: 'testHubSpotConnection',
      summary: 'Make the cheapest real HubSpot call with the stored token and say whether it works',
      tag: 'hubspot',
      access: 'admin',
      body: z.strictObject({}).optional(),
      response: {
        status: 200,
        description: 'Whether the token works (a failing token is still a 200: the test ran)',
        schema: hubSpotConnectionTestResponse,
      },
      async handle({ caller }) {
        const connection = await find(caller.organisationId);
        const token = await dependencies.vault.openToken(caller.organisationId, connection).catch((error: unknown) => {
          throw isKeyUnreadable(error) ? keyUnreadable() : error;
        });
        const test = await testHubSpotToken(dependencies.clientFor, token, { timeoutMs: dependencies.testTimeoutMs });
        const lastTest = { ok: test.ok, message: test.message, latencyMs: test.latencyMs, at: test.at };
        await dependencies.repository.update(caller.organisationId, { lastTest });
        return json({ ok: test.ok, message: test.message, latencyMs: test.latencyMs });
      },
    }),
  ];
}
