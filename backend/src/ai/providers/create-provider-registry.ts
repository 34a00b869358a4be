import type { ProviderAdapter, ProviderId } from './provider-adapter';
import type { ProviderAdapterOptions } from './provider-descriptor';
import { providerDescriptors } from './registry';

/** One adapter per registered provider, by provider id. */
export function createProviderRegistry(options: ProviderAdapterOptions = {}): ReadonlyMap<ProviderId, ProviderAdapter> {
  return new Map(providerDescriptors.map((descriptor) => [descriptor.id, descriptor.createAdapter(options)]));
}
