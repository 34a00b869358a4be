import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { providerDescriptor } from '../providers/provider-lookup';
import type { ModelReference } from './model-catalog';

/**
 * Claude and Gemini tokenizers are not public; on English prose they produce about 10-20 % more tokens
 * than o200k. Over-estimating is the safe side for a worst-case budget reservation.
 */
const otherTokenizerFactor = 1.25;

/** Role markers and message framing each chat request adds around the text. */
const perRequestOverhead = 12;

function usesCl100k(model: string): boolean {
  return /^(gpt-4(?!o|\.1)|gpt-3\.5)/.test(model);
}

/** Tokens of a text as the provider will count them: exact for OpenAI models, an honest over-estimate for others. */
export function countTextTokens(reference: ModelReference, text: string): number {
  // An OpenAI model id counts exactly whoever serves it (an OpenAI-compatible endpoint, a proxy).
  const isOpenAiModel = providerDescriptor(reference.provider)?.exactTokenCounts === true || /^(gpt-|o\d)/.test(reference.model);
  if (isOpenAiModel) return usesCl100k(reference.model) ? countCl100k(text) : countO200k(text);
  return Math.ceil(countO200k(text) * otherTokenizerFactor);
}

/** Prompt tokens of a request: its text plus the framing every chat request adds. */
export function countPromptTokens(reference: ModelReference, text: string): number {
  return countTextTokens(reference, text) + perRequestOverhead;
}
