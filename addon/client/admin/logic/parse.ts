/** Form text → numbers and lists, with messages that say which box to fix. DOM-free so tests can run it. */

export class FormProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FormProblem';
  }
}

/** An empty box is "not set"; anything else must be a number in range. */
export function optionalNumber(
  raw: string,
  field: string,
  label: string,
  options: { min?: number; max?: number; integer?: boolean; positive?: boolean } = {},
): number | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  return requiredNumber(trimmed, field, label, options);
}

export function requiredNumber(
  raw: string,
  field: string,
  label: string,
  options: { min?: number; max?: number; integer?: boolean; positive?: boolean } = {},
): number {
  const trimmed = raw.trim().replace(/^\$/, '');
  if (trimmed === '') throw new FormProblem(field, `${label}: enter a number.`);
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new FormProblem(field, `${label}: "${raw.trim()}" is not a number.`);
  if (options.integer && !Number.isInteger(value)) throw new FormProblem(field, `${label}: enter a whole number.`);
  if (options.positive && value <= 0) throw new FormProblem(field, `${label}: enter a number above 0, or leave it empty for no limit.`);
  if (options.min !== undefined && value < options.min) throw new FormProblem(field, `${label}: enter at least ${options.min}.`);
  if (options.max !== undefined && value > options.max) throw new FormProblem(field, `${label}: enter at most ${options.max}.`);
  return value;
}

/** One entry per non-empty line, trimmed. */
export function lines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** "provider:model", as the backend writes model keys; the model part may contain colons. */
export function isModelKey(value: string): boolean {
  const separator = value.indexOf(':');
  if (separator <= 0 || separator === value.length - 1) return false;
  return ['openai', 'anthropic', 'gemini', 'openai-compatible'].includes(value.slice(0, separator));
}

export function modelKeyProblem(value: string, field: string, label: string): FormProblem {
  return new FormProblem(field, `${label}: "${value}" is not a model; write it as provider:model, e.g. openai:gpt-4o-mini.`);
}

/** A number as a form box shows it (empty when unset). */
export function numberText(value: number | undefined | null): string {
  return value === undefined || value === null ? '' : String(value);
}
