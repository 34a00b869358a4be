import type { AskAiRequest } from '../ask-ai-types';
import { countPromptTokens } from '../models/count-tokens';
import { modelKey, type CatalogModel, type ModelReference } from '../models/model-catalog';
import { referencedFields, renderPrompt } from '../prompt/render-prompt';
import { shortenText, tokenCount } from '../prompt/shorten-text';
import type { ResolvedRun, SummarizedRun } from './ask-ai-run';
import { tokenLimitFor } from './enforce-token-limit';

export interface SummarizedPrompt {
  prompt: string;
  warnings: string[];
}

export interface ContextLimits {
  /** The organisation's token budget for document text and field values. */
  contextTokenBudget: number;
  /** The model's context window. */
  contextWindow: number;
  /** Output tokens the request may ask for, which the window must also hold. */
  maxOutputTokens: number;
}

interface Input {
  label: string;
  field?: string;
  text: string;
  /** How many times the prompt holds the text (a field may be referenced more than once). */
  copies: number;
  /** Tokens of all copies together. */
  tokens: number;
}

function referenceCount(instruction: string, field: string): number {
  return [...instruction.matchAll(/\{\{\s*([A-Za-z][A-Za-z0-9_.-]{0,63})\s*\}\}/g)].filter((match) => match[1] === field).length;
}

/** Room kept for the system instruction and the provider's message framing. */
const framingTokens = 256;

/**
 * Brings document text and long field values within the model's window and the organisation's token
 * budget. When they do not fit, the budget is shared fairly: small inputs stay whole and the largest ones
 * are shortened to an equal share. Only token arithmetic is involved, so the same input always gives the
 * same prompt (and the same cache key).
 */
export function fitPromptToContext(request: AskAiRequest, limits: ContextLimits): SummarizedPrompt {
  const fields = { ...(request.fields ?? {}) };
  const inputs: Input[] = referencedFields(request.instruction)
    .filter((name) => fields[name] !== undefined)
    .map((name) => ({
      label: `the field ${name}`,
      field: name,
      text: fields[name] as string,
      copies: referenceCount(request.instruction, name),
      tokens: 0,
    }));
  if (request.context) inputs.push({ label: 'the document text', text: request.context, copies: 1, tokens: 0 });
  const warnings: string[] = [];
  // A token is at least one character: a prompt with fewer characters than the budget has tokens cannot
  // overflow it, and most prompts are that short, so the tokenizer only runs for long inputs.
  const characters = request.instruction.length + inputs.reduce((sum, input) => sum + input.text.length * input.copies, 0);
  const roomWithoutCounting = Math.min(limits.contextTokenBudget, limits.contextWindow - limits.maxOutputTokens - framingTokens);
  const total =
    characters <= roomWithoutCounting ? 0 : inputs.reduce((sum, input) => sum + (input.tokens = tokenCount(input.text) * input.copies), 0);
  const budget =
    total === 0
      ? 0
      : Math.max(
          0,
          Math.min(
            limits.contextTokenBudget,
            limits.contextWindow - limits.maxOutputTokens - tokenCount(request.instruction) - framingTokens,
          ),
        );
  if (total > budget) {
    const ordered = [...inputs].sort((left, right) => left.tokens - right.tokens || left.label.localeCompare(right.label));
    let remaining = budget;
    ordered.forEach((input, index) => {
      const share = Math.floor(remaining / (ordered.length - index));
      if (input.tokens > share) {
        warnings.push(
          `${input.label[0]?.toUpperCase()}${input.label.slice(1)} was shortened from ${input.tokens} to about ${share} tokens to fit the model.`,
        );
        input.text = shortenText(input.text, Math.floor(share / input.copies));
        input.tokens = share;
      }
      remaining -= Math.min(input.tokens, share);
    });
  }
  for (const input of inputs) if (input.field) fields[input.field] = input.text;
  let prompt = renderPrompt(request.instruction, fields);
  const context = inputs.find((input) => input.field === undefined);
  if (context) prompt += `\n\nThe document's current text, for context:\n"""\n${context.text}\n"""`;
  return { prompt, warnings };
}

/** The prompt as one model is sent it. */
export interface ModelPrompt extends SummarizedPrompt {
  /** The system instruction and prompt as this model's tokenizer counts them; counted once, when first needed. */
  tokens(): number;
}

/** The prompt fitted to a model's context window, for an answer of up to `maxOutputTokens`. */
export type PromptFitter = (reference: ModelReference, model: Pick<CatalogModel, 'contextWindow'>, maxOutputTokens: number) => ModelPrompt;

/** Fits the request's prompt to each model it is asked for, once per model and output limit. */
export function promptFitter(request: AskAiRequest, system: string | undefined, contextTokenBudget: number): PromptFitter {
  const fitted = new Map<string, ModelPrompt>();
  return (reference, model, maxOutputTokens) => {
    const key = `${modelKey(reference)}|${model.contextWindow}|${maxOutputTokens}`;
    let prompt = fitted.get(key);
    if (!prompt) {
      const summary = fitPromptToContext(request, { contextTokenBudget, contextWindow: model.contextWindow, maxOutputTokens });
      let tokens: number | undefined;
      prompt = { ...summary, tokens: () => (tokens ??= countPromptTokens(reference, `${system ?? ''}\n${summary.prompt}`)) };
      fitted.set(key, prompt);
    }
    return prompt;
  };
}

/**
 * Step 2, summarizeContext: the prompt is fitted to the window of the model it is sent to. Here, for the
 * requested model at its normal output limit, which is what the cache key and the budget reservation are
 * computed from; execute asks the same fitter for the selected model and each fallback, so a model is never
 * sent a prompt sized for another one.
 */
export function summarizeContext<Run extends ResolvedRun>(
  run: Run,
): Run & Pick<SummarizedRun, 'requestedLimit' | 'prompts' | 'requestedPrompt'> {
  const requestedLimit = tokenLimitFor(run.request, run.requestedModel, run.settings, 'normal');
  const prompts = promptFitter(run.request, run.settings.systemInstruction, run.settings.contextTokenBudget);
  const requestedPrompt = prompts(run.requested, run.requestedModel, requestedLimit.maxOutputTokens);
  return { ...run, requestedLimit, prompts, requestedPrompt };
}
