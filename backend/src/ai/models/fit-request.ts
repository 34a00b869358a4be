import type { ReasoningSettings } from '../providers/provider-adapter';
import { defaultTemperatureRange } from '../providers/provider-lookup';
import type { CatalogModel } from './model-catalog';

export interface FittedRequest {
  temperature: number | undefined;
  /** What the model may generate in all: the answer's limit plus the room its thinking needs. */
  maxOutputTokens: number;
  outputLimitParameter: 'max_tokens' | 'max_completion_tokens' | undefined;
  reasoning: ReasoningSettings | undefined;
  /** Changes a template author should know of (a temperature the model does not take). */
  warnings: string[];
}

/**
 * Fits a tag's temperature and output limit to one model family, from the catalog's facts: temperature
 * clamped to the model's range or left out when it takes none; OpenAI's newer token-limit parameter; and a
 * thinking model's effort, budget or level set low, with room for its thinking added to the limit so the
 * answer itself still gets the tokens the tag asked for.
 */
export function fitRequest(model: CatalogModel, wanted: { temperature: number | undefined; maxOutputTokens: number }): FittedRequest {
  const warnings: string[] = [];
  let temperature = wanted.temperature;
  if (temperature !== undefined) {
    const range = model.temperature === undefined ? defaultTemperatureRange(model.provider) : model.temperature;
    if (range === null) {
      warnings.push(`${model.displayName} takes no temperature setting, so the tag's temperature ${temperature} was not sent.`);
      temperature = undefined;
    } else if (temperature < range.min || temperature > range.max) {
      const fitted = Math.min(range.max, Math.max(range.min, temperature));
      warnings.push(
        `${model.displayName} takes a temperature from ${range.min} to ${range.max}, so ${fitted} was sent instead of ${temperature}.`,
      );
      temperature = fitted;
    }
  }
  const answerTokens = Math.min(wanted.maxOutputTokens, model.maxOutputTokens);
  const style = model.reasoning;
  let reasoning: ReasoningSettings | undefined;
  let headroom = 0;
  if (style?.style === 'openai-effort') {
    reasoning = { effort: style.effort };
    headroom = style.headroomTokens;
  } else if (style?.style === 'anthropic-thinking') {
    reasoning = style.effort ? { effort: style.effort } : undefined;
    headroom = style.headroomTokens;
  } else if (style?.style === 'gemini-budget') {
    reasoning = { budgetTokens: style.budgetTokens };
    headroom = style.headroomTokens;
  } else if (style?.style === 'gemini-level') {
    reasoning = { level: style.level };
    headroom = style.headroomTokens;
  }
  return {
    temperature,
    maxOutputTokens: Math.min(model.maxOutputTokens, answerTokens + headroom),
    outputLimitParameter: model.outputLimitParameter,
    reasoning,
    warnings,
  };
}
