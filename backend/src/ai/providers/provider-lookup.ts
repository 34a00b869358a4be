import type { ProviderDescriptor } from './provider-descriptor';
import { providerDescriptors } from './registry';

/** The registered provider of an id; undefined for an id no provider has (a record from a removed provider). */
export function providerDescriptor(id: string): ProviderDescriptor | undefined {
  return (providerDescriptors as readonly ProviderDescriptor[]).find((descriptor) => descriptor.id === id);
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
