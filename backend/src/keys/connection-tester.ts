import type { ProviderAdapter, ProviderConnection, ProviderId } from '../ai/providers/provider-adapter';
import { ProviderError } from '../ai/providers/provider-errors';
import { unreachableMessage } from '../platform/outbound/outbound-guard';

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  latencyMs: number;
}

/** The cheapest real call per provider (see each adapter's testConnection), with a message a person can act on. */
export function createConnectionTester(
  adapters: ReadonlyMap<ProviderId, ProviderAdapter>,
  options: { timeoutMs: number; now?: () => number },
) {
  const now = options.now ?? Date.now;
  return async (provider: ProviderId, connection: ProviderConnection, model: string): Promise<ConnectionTestResult> => {
    const adapter = adapters.get(provider);
    if (!adapter) return { ok: false, message: `No adapter for ${provider}.`, latencyMs: 0 };
    const startedAt = now();
    try {
      await adapter.testConnection(connection, { model, timeoutMs: options.timeoutMs });
      return { ok: true, message: `The key works: ${provider} answered for ${model}.`, latencyMs: now() - startedAt };
    } catch (error) {
      // Adapters normalise SDK errors into messages of our own; anything else is not echoed, as it might quote the key.
      // Refused, closed, silent and forbidden endpoints all read the same: the test cannot map a network.
      const unreachable = error instanceof ProviderError && (error.code === 'unavailable' || error.code === 'timeout');
      const message = unreachable
        ? unreachableMessage
        : error instanceof ProviderError
          ? error.message
          : 'The provider call failed unexpectedly.';
      return { ok: false, message, latencyMs: now() - startedAt };
    }
  };
}

export type ConnectionTester = ReturnType<typeof createConnectionTester>;
