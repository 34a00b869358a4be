import type { AskAiRequest } from '../ask-ai-types';
import type { GenerationResult, ProviderAdapter } from '../providers/provider-adapter';
import type { SelectedModel } from './select-model';

export const defaultMaxOutputTokens = 1024;

/** One attempt through the provider adapter within the per-call deadline. */
export async function execute(
  request: AskAiRequest,
  selected: SelectedModel,
  adapters: ReadonlyMap<string, ProviderAdapter>,
  timeoutMs: number,
): Promise<GenerationResult> {
  const adapter = adapters.get(selected.provider);
  if (!adapter) throw new Error(`No adapter is registered for provider ${selected.provider}`);
  return adapter.generate(selected.connection, {
    model: selected.model,
    system: request.system,
    prompt: request.prompt,
    temperature: request.temperature,
    maxOutputTokens: request.maxOutputTokens ?? defaultMaxOutputTokens,
    timeoutMs,
  });
}
