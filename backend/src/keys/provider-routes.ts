import { providerListResponse, type ProviderView } from '../../../contracts/providers';
import type { ProviderDescriptor } from '../ai/providers/provider-descriptor';
import { providerDescriptors } from '../ai/providers/registry';
import { defineRoute, json, type Route } from '../platform/http/define-route';

function viewOfProvider(descriptor: ProviderDescriptor): ProviderView {
  return {
    id: descriptor.id,
    displayName: descriptor.displayName,
    defaultModel: descriptor.defaultModel ?? null,
    acceptsBaseUrl: descriptor.baseUrl !== 'none',
    requiresBaseUrl: descriptor.baseUrl === 'required',
    keyHint: descriptor.keyHint,
  };
}

/** Every registered provider as GET /v1/providers shows it, in the registry's order. */
export function providerViews(): ProviderView[] {
  return (providerDescriptors as readonly ProviderDescriptor[]).map(viewOfProvider);
}

/** The providers a connection can be made to, from the registry, so the add-on keeps no list of its own. */
export function createProviderRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/providers',
      operationId: 'listProviders',
      summary: 'The providers the backend can connect to, with what a connection to each needs',
      tag: 'connections',
      access: 'member',
      response: { status: 200, description: 'The providers, in the order to offer them', schema: providerListResponse },
      async handle() {
        return json({ providers: providerViews() });
      },
    }),
  ];
}
