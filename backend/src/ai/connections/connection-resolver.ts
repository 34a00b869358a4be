import type { ProviderConnection, ProviderId } from '../providers/provider-adapter';

export interface ResolvedConnection {
  provider: ProviderId;
  connection: ProviderConnection;
  defaultModel: string;
}

/** Finds the provider connection an organisation's request uses. */
export interface ConnectionResolver {
  resolve(organisationId: string, provider: ProviderId | undefined): Promise<ResolvedConnection | undefined>;
  /** What to tell a user when there is no connection. */
  setupHint: string;
}

/**
 * The connection configured on the server itself (OPENAI_API_KEY, OPENAI_BASE_URL), shared by every
 * organisation. It is how a developer runs the product locally against OpenAI or any OpenAI-compatible
 * endpoint before the key vault holds organisation keys.
 */
export function createEnvironmentConnectionResolver(options: {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  defaultModel: string;
  production: boolean;
}): ConnectionResolver {
  const provider: ProviderId = options.baseUrl ? 'openai-compatible' : 'openai';
  return {
    async resolve() {
      if (!options.apiKey && !options.baseUrl) return undefined;
      // Local OpenAI-compatible servers such as Ollama accept any key, but the SDK insists on one.
      return { provider, connection: { apiKey: options.apiKey ?? 'no-key', baseUrl: options.baseUrl }, defaultModel: options.defaultModel };
    },
    setupHint: options.production
      ? 'No AI provider is connected for your organisation. Ask an admin to add a provider key in Admin settings.'
      : 'No AI provider is configured. Restart the backend with OPENAI_API_KEY=<your key>, or with OPENAI_BASE_URL=<an OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama> and OPENAI_DEFAULT_MODEL=<model>.',
  };
}
