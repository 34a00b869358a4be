import { NoProviderConnectionError } from '../ai-errors';
import type { AskAiRequest } from '../ask-ai-types';
import type { ConnectionResolver, ResolvedConnection } from '../connections/connection-resolver';

export interface SelectedModel extends ResolvedConnection {
  model: string;
}

/** The tag's own model when it names one, else the connection's default model. */
export async function selectModel(request: AskAiRequest, connections: ConnectionResolver): Promise<SelectedModel> {
  const resolved = await connections.resolve(request.organisationId, request.provider);
  if (!resolved) throw new NoProviderConnectionError(connections.setupHint);
  return { ...resolved, model: request.model ?? resolved.defaultModel };
}
