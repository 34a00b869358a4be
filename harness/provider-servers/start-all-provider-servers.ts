import { startAnthropicServer } from './anthropic-wire-format';
import { startGeminiServer } from './gemini-wire-format';
import { startOpenAIServer } from './openai-wire-format';
import type { ProviderServer } from './provider-behaviour';

export interface AllProviderServers {
  openai: ProviderServer;
  anthropic: ProviderServer;
  gemini: ProviderServer;
  close(): Promise<void>;
}

/** One stand-in per provider, each on its own free port unless ports are given. */
export async function startAllProviderServers(
  options: { host?: string; ports?: { openai?: number; anthropic?: number; gemini?: number } } = {},
): Promise<AllProviderServers> {
  const host = options.host;
  const started = await Promise.allSettled([
    startOpenAIServer({ host, port: options.ports?.openai }),
    startAnthropicServer({ host, port: options.ports?.anthropic }),
    startGeminiServer({ host, port: options.ports?.gemini }),
  ]);
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    // A port clash on one server must not leave the other two listening.
    await Promise.all(servers.map((server) => server.close()));
    throw failure.reason;
  }
  const [openai, anthropic, gemini] = servers as [ProviderServer, ProviderServer, ProviderServer];
  return {
    openai,
    anthropic,
    gemini,
    close: async () => {
      await Promise.all([openai.close(), anthropic.close(), gemini.close()]);
    },
  };
}
