import type { AskAiRequest } from '../ask-ai-types';
import { referencedFields, renderPrompt } from '../prompt/render-prompt';
import { shortenText, tokenCount } from '../prompt/shorten-text';

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
export function summarizeContext(request: AskAiRequest, limits: ContextLimits): SummarizedPrompt {
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
