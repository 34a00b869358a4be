import type { ProviderDescriptor } from '../providers/provider-descriptor';
import type { ProviderId } from '../providers/provider-adapter';
import { providerDescriptors } from '../providers/registry';

/**
 * The model "organisation default" means for a connection that names none, and the model a connection test
 * asks for, by provider: each descriptor's `defaultModel` (its cheapest current model in the catalog, with no
 * shutdown announced; a catalog test keeps these current). Providers without one (OpenAI-compatible
 * endpoints) are absent: their connections name their model.
 */
export function providerDefaultModels(): ReadonlyMap<ProviderId, string> {
  return new Map(
    (providerDescriptors as readonly ProviderDescriptor<ProviderId>[]).flatMap((descriptor) =>
      descriptor.defaultModel === undefined ? [] : [[descriptor.id, descriptor.defaultModel] as const],
    ),
  );
}

/** The default model of a provider, undefined when its connections must name one. */
export function providerDefaultModel(provider: ProviderId): string | undefined {
  return providerDefaultModels().get(provider);
}
