import { createLogger } from '../../platform/logger';
import type { ProviderAdapter, ProviderId } from './provider-adapter';
import type { ProviderAdapterOptions } from './provider-descriptor';
import { providerDescriptors } from './registry';

/** One adapter per registered provider, by provider id; SDK warnings go to a warn-level logger unless given one. */
export function createProviderRegistry(options: Partial<ProviderAdapterOptions> = {}): ReadonlyMap<ProviderId, ProviderAdapter> {
  const adapterOptions: ProviderAdapterOptions = { ...options, logger: options.logger ?? createLogger({ level: 'warn' }) };
  return new Map(providerDescriptors.map((descriptor) => [descriptor.id, descriptor.createAdapter(adapterOptions)]));
}
