export type { ProviderBehaviour, ProviderName, ProviderServer, ProviderServerOptions, RecordedProviderRequest } from './provider-behaviour';
export { estimateTokens } from './deterministic-reply';
export { startOpenAIServer, defaultOpenAIModels } from './openai-wire-format';
export { startAnthropicServer, defaultAnthropicModels } from './anthropic-wire-format';
export { startGeminiServer, defaultGeminiModels } from './gemini-wire-format';
export { startAllProviderServers, type AllProviderServers } from './start-all-provider-servers';
