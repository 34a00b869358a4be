import {
  connectionChange,
  connectionListResponse,
  connectionParams,
  connectionTestRequest,
  connectionTestResponse,
  connectionView,
  keyRotation,
  newConnection,
} from '../../../contracts/connections';
import type { AuditLog } from '../audit/audit-log';
import { providerDefaultModel } from '../ai/models/provider-default-models';
import { providerDescriptor, registeredProviderId } from '../ai/providers/provider-lookup';
import { defineRoute, json, noContent, type Route } from '../platform/http/define-route';
import { badRequest, notFound } from '../platform/problem';
import type { ConnectionTester } from './connection-tester';
import { auditOfConnection, viewOfConnection } from './connection-view';
import type { ConnectionsRepository, StoredConnection } from './connections-repository';
import type { KeyVault } from './key-vault';
import { isKeyUnreadable, keyUnreadable } from './key-unreadable';
import type { VaultConnectionResolver } from './vault-connection-resolver';

export interface ConnectionRoutesDependencies {
  repository: ConnectionsRepository;
  vault: KeyVault;
  resolver: VaultConnectionResolver;
  test: ConnectionTester;
  audit: AuditLog;
  now?: () => Date;
}

/**
 * The contract's new connection, checked against what the provider's descriptor says a connection to it needs:
 * the contract knows provider ids only as names, the registry knows which exist and what each needs.
 */
const newConnectionToARegisteredProvider = newConnection.superRefine((input, context) => {
  const descriptor = providerDescriptor(input.provider);
  if (!descriptor) {
    context.addIssue({
      code: 'custom',
      path: ['provider'],
      message: `there is no provider "${input.provider}"; GET /v1/providers lists them`,
    });
    return;
  }
  if (descriptor.baseUrl === 'required' && input.baseUrl === undefined)
    context.addIssue({ code: 'custom', path: ['baseUrl'], message: `${descriptor.displayName} connections need their base URL` });
  if (descriptor.baseUrl === 'none' && input.baseUrl !== undefined)
    context.addIssue({
      code: 'custom',
      path: ['baseUrl'],
      message: `${descriptor.displayName} is only reached at its own address: leave the base URL out`,
    });
  if (descriptor.defaultModel === undefined && input.defaultModel === undefined)
    context.addIssue({ code: 'custom', path: ['defaultModel'], message: 'name the model this endpoint serves' });
});

/** Bring-your-own-key connections: admins add, test, rotate and delete; keys never come back out. */
export function createConnectionRoutes(dependencies: ConnectionRoutesDependencies): Route[] {
  const now = dependencies.now ?? (() => new Date());
  const find = async (organisationId: string, id: string): Promise<StoredConnection> => {
    const connection = await dependencies.repository.get(organisationId, id);
    if (!connection) throw notFound(`There is no connection ${id} in your organisation.`);
    return connection;
  };

  return [
    defineRoute({
      method: 'get',
      path: '/v1/connections',
      operationId: 'listConnections',
      summary: "The organisation's provider connections (keys shown as fingerprint and last four characters)",
      tag: 'connections',
      access: 'admin',
      response: { status: 200, description: 'The connections', schema: connectionListResponse },
      async handle({ caller }) {
        return json({ connections: (await dependencies.repository.list(caller.organisationId)).map(viewOfConnection) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/connections',
      operationId: 'createConnection',
      summary: 'Add a provider key; it is encrypted before it is stored and never returned',
      tag: 'connections',
      access: 'admin',
      body: newConnectionToARegisteredProvider,
      response: { status: 201, description: 'The new connection', schema: connectionView },
      async handle({ caller, body }) {
        const connection = await dependencies.vault.create(caller.organisationId, caller.email, {
          ...body,
          provider: registeredProviderId(body.provider),
        });
        dependencies.resolver.forget(caller.organisationId);
        await dependencies.audit.record(caller, {
          action: 'connection.create',
          target: `connections/${connection.id}`,
          after: auditOfConnection(connection),
        });
        return json(viewOfConnection(connection), 201);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/connections/{connectionId}',
      operationId: 'getConnection',
      summary: 'One connection',
      tag: 'connections',
      access: 'admin',
      params: connectionParams,
      response: { status: 200, description: 'The connection', schema: connectionView },
      async handle({ caller, params }) {
        return json(viewOfConnection(await find(caller.organisationId, params.connectionId)));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/v1/connections/{connectionId}',
      operationId: 'updateConnection',
      summary: 'Rename a connection, change its endpoint (with its key again) or default model, or turn it off',
      tag: 'connections',
      access: 'admin',
      params: connectionParams,
      body: connectionChange,
      response: { status: 200, description: 'The connection after the change', schema: connectionView },
      async handle({ caller, params, body }) {
        const before = await find(caller.organisationId, params.connectionId);
        const baseUrlRule = providerDescriptor(before.provider)?.baseUrl;
        const providerName = providerDescriptor(before.provider)?.displayName ?? before.provider;
        if (baseUrlRule === 'required' && body.baseUrl === null) throw badRequest(`${providerName} connections need their base URL.`);
        if (baseUrlRule === 'none' && typeof body.baseUrl === 'string')
          throw badRequest(`${providerName} is only reached at its own address: leave the base URL out.`);
        const { apiKey: newKey, baseUrl, ...settings } = body;
        const endpointChanges = baseUrl !== undefined && baseUrl !== before.baseUrl;
        if (endpointChanges && newKey === undefined) {
          throw badRequest(
            'Changing the base URL needs the key again: send apiKey with baseUrl. A stored key is only ever sent to the endpoint it was entered for.',
          );
        }
        let rekeyed: StoredConnection | undefined;
        if (newKey !== undefined) {
          rekeyed = await dependencies.vault.rotate(
            caller.organisationId,
            params.connectionId,
            newKey,
            baseUrl === undefined ? undefined : baseUrl,
          );
          if (!rekeyed) throw notFound(`There is no connection ${params.connectionId} in your organisation.`);
        }
        const change = { ...settings, updatedAt: now() };
        await dependencies.repository.update(caller.organisationId, params.connectionId, change);
        dependencies.resolver.forget(caller.organisationId);
        const after: StoredConnection = { ...(rekeyed ?? before), ...change };
        await dependencies.audit.record(caller, {
          action: 'connection.update',
          target: `connections/${before.id}`,
          before: auditOfConnection(before),
          after: auditOfConnection(after),
        });
        return json(viewOfConnection(after));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/connections/{connectionId}',
      operationId: 'deleteConnection',
      summary: 'Delete a connection and its encrypted key',
      tag: 'connections',
      access: 'admin',
      params: connectionParams,
      response: { status: 204, description: 'Deleted' },
      async handle({ caller, params }) {
        const before = await find(caller.organisationId, params.connectionId);
        await dependencies.repository.delete(caller.organisationId, params.connectionId);
        dependencies.resolver.forget(caller.organisationId);
        await dependencies.audit.record(caller, {
          action: 'connection.delete',
          target: `connections/${before.id}`,
          before: auditOfConnection(before),
        });
        return noContent;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/connections/{connectionId}/rotate',
      operationId: 'rotateConnectionKey',
      summary: "Replace a connection's key with a new one",
      tag: 'connections',
      access: 'admin',
      params: connectionParams,
      body: keyRotation,
      response: { status: 200, description: "The connection with its new key's fingerprint", schema: connectionView },
      async handle({ caller, params, body }) {
        const before = await find(caller.organisationId, params.connectionId);
        // Rotation seals the new key without opening the old one, so it also repairs an unreadable key.
        const after = await dependencies.vault.rotate(caller.organisationId, params.connectionId, body.apiKey);
        if (!after) throw notFound(`There is no connection ${params.connectionId} in your organisation.`);
        dependencies.resolver.forget(caller.organisationId);
        await dependencies.audit.record(caller, {
          action: 'connection.rotate',
          target: `connections/${before.id}`,
          before: auditOfConnection(before),
          after: auditOfConnection(after),
        });
        return json(viewOfConnection(after));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/connections/{connectionId}/test',
      operationId: 'testConnection',
      summary: 'Make the cheapest real call with the key and say whether it works',
      tag: 'connections',
      access: 'admin',
      params: connectionParams,
      body: connectionTestRequest,
      response: {
        status: 200,
        description:
          'Whether the key works (a failing key is still a 200: the test ran); 409 when the stored key cannot be decrypted with the configured key-encryption keys',
        schema: connectionTestResponse,
      },
      async handle({ caller, params, body }) {
        const connection = await find(caller.organisationId, params.connectionId);
        const testModel = body?.model ?? connection.defaultModel ?? providerDefaultModel(connection.provider);
        if (!testModel) throw badRequest('Name a model to test this connection with.');
        const opened = await dependencies.vault.open(caller.organisationId, connection).catch((error: unknown) => {
          throw isKeyUnreadable(error) ? keyUnreadable() : error;
        });
        const result = await dependencies.test(connection.provider, opened, testModel);
        await dependencies.repository.update(caller.organisationId, connection.id, { lastTest: { ...result, at: now() } });
        return json({ ...result, model: testModel });
      },
    }),
  ];
}
