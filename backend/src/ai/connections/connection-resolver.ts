import type { ModelReference } from '../models/model-catalog';
import type { ProviderConnection, ProviderId } from '../providers/provider-adapter';
import { serverSetupHint } from '../providers/provider-lookup';

/** What an organisation can use right now, for pages that describe it (session, model list). */
export interface ConnectionAvailability {
  /** Providers a request can reach now. */
  providers: ReadonlySet<ProviderId>;
  /** The model used when neither the tag nor the organisation's settings name one; undefined when none is usable. */
  defaultModel: ModelReference | undefined;
  /** What to tell a user when no provider is usable, naming the reason when it is more than "none added". */
  setupHint: string;
  /** What to tell an admin instead, who can act on it themselves: where to add a key. */
  adminSetupHint?: string | undefined;
  /** The organisation's own usable connections (no secrets), so a template author can pick one per tag. */
  connections: ConnectionChoice[];
}

/** A connection as a template author chooses it: which provider, and the admin's label. */
export interface ConnectionChoice {
  id: string;
  provider: ProviderId;
  name: string;
}

/** Finds the provider connection (key and endpoint) an organisation's request uses. */
export interface ConnectionResolver {
  /**
   * undefined when the organisation has no connection for the provider. May throw for a connection the
   * organisation has but cannot use (a stored key that cannot be decrypted), so a request says why.
   */
  resolve(organisationId: string, provider: ProviderId): Promise<ProviderConnection | undefined>;
  /**
   * The organisation's connection `connectionId` (a tag's own choice) when it is one of the provider's and in use;
   * undefined when it was deleted, turned off or belongs to another provider. May throw like resolve.
   */
  resolveChosen(organisationId: string, provider: ProviderId, connectionId: string): Promise<ProviderConnection | undefined>;
  /** The model used when neither the tag nor the organisation's settings name one; may throw like resolve. */
  defaultModel(organisationId: string): Promise<ModelReference | undefined>;
  /** Never throws for an unusable connection: it is simply not usable. */
  availability(organisationId: string): Promise<ConnectionAvailability>;
  /** What to tell a user when there is no connection. */
  setupHint: string;
}

/** An admin in production sets up a provider in the add-on, not on the server. */
const productionAdminSetupHint =
  'No AI provider is connected for your organisation yet. Add one: Extensions → AI Template Fill → Admin settings → Connections → Add connection, with a key from your provider (OpenAI, Anthropic or Google Gemini) or the address of an OpenAI-compatible server.';

export interface EnvironmentConnection {
  provider: ProviderId;
  apiKey: string | undefined;
  baseUrl: string | undefined;
  defaultModel: string;
}

/**
 * The connections configured on the server itself (each provider's variables, e.g. OPENAI_*), shared by
 * every organisation. It is how a developer runs the product against real providers, a local
 * OpenAI-compatible server or the stand-in servers before the key vault holds organisation keys.
 */
export function createEnvironmentConnectionResolver(options: {
  connections: EnvironmentConnection[];
  production: boolean;
  /**
   * Which organisations may use them ("domain:example.com", "user:<id>"): in production only those the
   * operator lists (SERVER_KEY_ORGANISATIONS), so a stranger who signs in cannot spend the operator's key;
   * locally every organisation.
   */
  servedOrganisations: readonly string[];
}): ConnectionResolver {
  const usable = options.connections.filter((connection) => connection.apiKey || connection.baseUrl);
  const byProvider = new Map(
    usable.map((connection) => [
      connection.provider,
      // Local OpenAI-compatible servers such as Ollama accept any key, but the SDKs insist on one.
      {
        id: `environment:${connection.provider}`,
        apiKey: connection.apiKey ?? 'no-key',
        baseUrl: connection.baseUrl,
      } satisfies ProviderConnection,
    ]),
  );
  const first = usable[0];
  const defaultModel: ModelReference | undefined = first && { provider: first.provider, model: first.defaultModel };
  const setupHint = options.production
    ? 'No AI provider is connected for your organisation yet. Ask your admin to add a provider key in Admin settings.'
    : serverSetupHint();
  const providers: ReadonlySet<ProviderId> = new Set(byProvider.keys());
  const served = new Set(options.servedOrganisations);
  const serves = (organisationId: string) => !options.production || served.has(organisationId);
  const none: ReadonlySet<ProviderId> = new Set();
  return {
    async resolve(organisationId, provider) {
      return serves(organisationId) ? byProvider.get(provider) : undefined;
    },
    // The server's own connections are not the organisation's to choose between.
    async resolveChosen() {
      return undefined;
    },
    async defaultModel(organisationId) {
      return serves(organisationId) ? defaultModel : undefined;
    },
    async availability(organisationId) {
      const hints = { setupHint, adminSetupHint: options.production ? productionAdminSetupHint : undefined };
      return serves(organisationId)
        ? { providers, defaultModel, connections: [], ...hints }
        : { providers: none, defaultModel: undefined, connections: [], ...hints };
    },
    setupHint,
  };
}
