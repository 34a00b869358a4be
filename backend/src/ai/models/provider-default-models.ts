import type { ProviderId } from '../providers/provider-adapter';

/**
 * The model "organisation default" means for a connection that names none, and the model a connection test
 * asks for: each provider's cheapest current model in the catalog (model-catalog.json), with no shutdown
 * announced. A catalog test keeps these current.
 */
export const providerDefaultModels: Readonly<Record<Exclude<ProviderId, 'openai-compatible'>, string>> = {
  openai: 'gpt-6-luna',
  anthropic: 'claude-haiku-5-5',
  gemini: 'gemini-3.5-flash-lite',
};
