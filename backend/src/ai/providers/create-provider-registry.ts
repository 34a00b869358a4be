import { createLogger } from '../../platform/logger';
import { registerSecretShapes } from '../../platform/redact-secrets';
import type { ProviderAdapter, ProviderId } from './provider-adapter';
import type { ProviderAdapterOptions } from './provider-descriptor';
import { providerDescriptors } from './registry';

/** Every registered provider's key shape, so that no log line can carry such a key. */
export function registerProviderSecretShapes(): void {
  registerSecretShapes(providerDescriptors.flatMap(({ keyPattern }) => (keyPattern ? [keyPattern] : [])));
}

/**
 * One adapter per registered provider, by provider id; SDK warnings go to a warn-level logger unless given one.
 * The providers' key shapes are registered for redaction first, before any adapter can echo a key.
 */
export function createProviderRegistry(options: Partial<ProviderAdapterOptions> = {}): ReadonlyMap<ProviderId, ProviderAdapter> {
  registerProviderSecretShapes();
  const adapterOptions: ProviderAdapterOptions = { ...options, logger: options.logger ?? createLogger({ level: 'warn' }) };
  return new Map(providerDescriptors.map((descriptor) => [descriptor.id, descriptor.createAdapter(adapterOptions)]));
}
