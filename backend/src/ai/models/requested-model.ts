import { NoProviderConnectionError } from '../ai-errors';
import type { AskAiRequest } from '../ask-ai-types';
import type { ConnectionResolver } from '../connections/connection-resolver';
import type { AiSettings } from '../settings/ai-settings';
import { parseModelKey, type ModelCatalog, type ModelReference } from './model-catalog';

/** The tag's model, else the organisation's default for the request's complexity, else the server's default. */
export async function requestedModel(
  request: AskAiRequest,
  settings: AiSettings,
  catalog: ModelCatalog,
  connections: ConnectionResolver,
): Promise<ModelReference> {
  const serverDefault = () => connections.defaultModel(request.organisationId);
  if (request.model) {
    if (request.provider) return { provider: request.provider, model: request.model };
    // "openai:gpt-4o", the form /v1/models lists, names its provider itself.
    const keyed = parseModelKey(request.model);
    if (keyed) return keyed;
    // A bare model id goes to the provider that lists it when the organisation is connected to it, else to
    // the default connection (an OpenAI-compatible endpoint serving "gpt-4o", a local model).
    const listed = catalog.providerOf(request.model);
    if (listed && (await connections.resolve(request.organisationId, listed))) return { provider: listed, model: request.model };
    const provider = (await serverDefault())?.provider ?? listed;
    if (!provider) throw new NoProviderConnectionError({ message: connections.setupHint });
    return { provider, model: request.model };
  }
  const configured = settings.defaultModels[request.complexity ?? 'medium'];
  const reference = (configured && parseModelKey(configured)) ?? (await serverDefault());
  if (!reference) throw new NoProviderConnectionError({ message: connections.setupHint });
  return reference;
}
