import path from 'node:path';
import { loadConfig } from '../../backend/src/platform/config';
import { createLogger } from '../../backend/src/platform/logger';
import { startBackend, type RunningBackend } from '../../backend/src/start-backend';
import { startOpenAIServer, type ProviderServer } from '../../harness/provider-servers';
import { startHarness, type RunningHarness } from '../../harness/server/start-harness';
import type { HarnessUser } from '../../harness/server/harness-workspace';

export interface LocalStack {
  provider: ProviderServer;
  backend: RunningBackend;
  harness: RunningHarness;
  /**
   * Another person opening the add-on against the same backend: a second harness (own document, properties
   * and identity token), as a colleague on the same Workspace domain would. Closed with the stack.
   */
  openHarnessAs(user: HarnessUser): Promise<RunningHarness>;
  close(): Promise<void>;
}

/**
 * What `npm start` runs, on random ports: the backend on the embedded emulator, a chat-completions server
 * standing in for OpenAI (unless `withProvider` is false), and the harness running the built add-on.
 */
export async function startLocalStack(options: { withProvider?: boolean; environment?: Record<string, string> } = {}): Promise<LocalStack> {
  const provider = await startOpenAIServer();
  const providerEnvironment = options.withProvider === false ? {} : { OPENAI_API_KEY: 'sk-local-stack', OPENAI_BASE_URL: provider.baseUrl };
  const config = loadConfig({
    AUTH_MODE: 'development',
    LOG_LEVEL: 'silent',
    PORT: '0',
    AI_REQUEST_TIMEOUT_MS: '5000',
    ...providerEnvironment,
    ...options.environment,
  });
  const backend = await startBackend(config, createLogger({ level: 'silent' }));
  const addonDirectory = path.resolve(__dirname, '..', '..', 'dist', 'addon');
  const harness = await startHarness({ backendUrl: backend.url, addonDirectory });
  const others: RunningHarness[] = [];
  return {
    provider,
    backend,
    harness,
    async openHarnessAs(user) {
      const other = await startHarness({ backendUrl: backend.url, addonDirectory, user });
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await harness.close();
      await backend.close();
      await provider.close();
    },
  };
}
