import type { ProviderDescriptor } from './provider-descriptor';
import { providerDescriptors, type ProviderId } from './registry';

/** The registered provider of an id; undefined for an id no provider has (a record from a removed provider). */
export function providerDescriptor(id: string): ProviderDescriptor | undefined {
  return (providerDescriptors as readonly ProviderDescriptor[]).find((descriptor) => descriptor.id === id);
}

/**
 * An id the request schema already checked against the registry, typed as the registry's ids. Throws for an
 * unregistered id: reaching here with one is a programming error (a route without the registry's check).
 */
export function registeredProviderId(id: string): ProviderId {
  const descriptor = providerDescriptor(id);
  if (!descriptor) throw new Error(`provider "${id}" is not registered`);
  return descriptor.id as ProviderId;
}

/** The registry's id for a name, or undefined when no registered provider has it (a removed provider). */
export function knownProviderId(id: string | undefined): ProviderId | undefined {
  return id === undefined ? undefined : (providerDescriptor(id)?.id as ProviderId | undefined);
}

/** What to tell someone who named a provider the backend does not have. */
export function unknownProviderMessage(id: string): string {
  const names = (providerDescriptors as readonly ProviderDescriptor[]).map((descriptor) => descriptor.id).join(', ');
  return `There is no provider "${id}" on this backend; choose one of ${names}.`;
}

/** The temperature range of a provider's models whose catalog entry names none. */
export function defaultTemperatureRange(id: string): { min: number; max: number } {
  return providerDescriptor(id)?.temperatureRange ?? { min: 0, max: 2 };
}

/** What to tell a developer whose backend has no provider configured: each provider's variables. */
export function serverSetupHint(): string {
  const ways = (providerDescriptors as readonly ProviderDescriptor[]).flatMap((descriptor) => descriptor.serverSetupHint ?? []);
  return `No AI provider is configured. Restart the backend with ${ways.join('; or ')}.`;
}
