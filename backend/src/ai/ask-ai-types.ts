import type { ProviderId } from './providers/provider-adapter';

export interface AskAiRequest {
  organisationId: string;
  userId: string;
  /** The prompt after field substitution. */
  prompt: string;
  system?: string | undefined;
  provider?: ProviderId | undefined;
  model?: string | undefined;
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
  /** Where the request comes from, for the usage record. */
  origin: { templateId?: string | undefined; fillId?: string | undefined; tag?: string | undefined };
}

export interface AskAiResult {
  text: string;
  usage: { inputTokens: number; outputTokens: number };
  /** US dollars; null until the model catalog prices the model. */
  cost: number | null;
  cached: boolean;
  provider: ProviderId;
  model: string;
  warnings: string[];
}

export type AskAi = (request: AskAiRequest) => Promise<AskAiResult>;
