import { anthropicProvider } from './anthropic/anthropic-provider';
import { geminiProvider } from './gemini/gemini-provider';
import { openAiCompatibleProvider } from './openai/openai-compatible-provider';
import { openAiProvider } from './openai/openai-provider';

/**
 * Every provider the backend speaks to, one line each. Adding a provider is its folder under providers/
 * (adapter and descriptor, see provider-descriptor.ts) and one line here: configuration, redaction, the key
 * vault, the connection routes, GET /v1/providers and the AI core all iterate over this list. The order is
 * the preference among server-wide connections (the first configured one gives the default model).
 */
export const providerDescriptors = [openAiProvider, anthropicProvider, geminiProvider, openAiCompatibleProvider] as const;

/**
 * A provider's id. Ids are data (the list above, settings, stored records, the contract): a name no registered
 * provider has is possible in stored data, so code looks it up (provider-lookup.ts) rather than trusting a type.
 */
export type ProviderId = string;
