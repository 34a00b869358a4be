import type { AskAi, AskAiRequest, AskAiResult } from './ask-ai-types';
import type { ConnectionResolver } from './connections/connection-resolver';
import type { ProviderAdapter } from './providers/provider-adapter';
import { canCallAi } from './steps/can-call-ai';
import { execute } from './steps/execute';
import { selectModel } from './steps/select-model';

export interface AskAiDependencies {
  adapters: ReadonlyMap<string, ProviderAdapter>;
  connections: ConnectionResolver;
  requestTimeoutMs: number;
}

/** The only code that reaches a model. Each line is one step of SPEC.md section 6. */
export function createAskAi(dependencies: AskAiDependencies): AskAi {
  return async function askAi(request: AskAiRequest): Promise<AskAiResult> {
    canCallAi(request);
    const selected = await selectModel(request, dependencies.connections);
    const result = await execute(request, selected, dependencies.adapters, dependencies.requestTimeoutMs);
    return {
      text: result.text,
      usage: result.usage,
      cost: null,
      cached: false,
      provider: selected.provider,
      model: result.servedModel,
      warnings: result.finishReason === 'length' ? ['The text was cut off at the maximum output length.'] : [],
    };
  };
}
