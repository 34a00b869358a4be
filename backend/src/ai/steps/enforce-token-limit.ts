import { TokenLimitJustificationError } from '../ai-errors';
import type { AskAiRequest } from '../ask-ai-types';
import type { BudgetLevel } from '../budget/budget-level';
import type { CatalogModel } from '../models/model-catalog';
import type { LimitedRun, RunSettings, SelectedRun } from './ask-ai-run';

export interface TokenLimit {
  maxOutputTokens: number;
  warnings: string[];
}

/**
 * A ceiling on max output tokens per complexity and output format. Going above it takes one of the
 * organisation's accepted justifications (and stays within the model's own maximum); a critical budget
 * halves what is granted.
 */
export function tokenLimitFor(
  request: AskAiRequest,
  model: Pick<CatalogModel, 'maxOutputTokens' | 'displayName'>,
  settings: Pick<RunSettings, 'tokenLimits' | 'tokenLimitJustifications'>,
  level: BudgetLevel,
): TokenLimit {
  const complexity = request.complexity ?? 'medium';
  const format = request.outputFormat ?? 'plain';
  const ceiling = settings.tokenLimits[complexity][format];
  const asked = request.maxOutputTokens ?? ceiling;
  const warnings: string[] = [];
  const justification = request.tokenLimitJustification;
  if (justification !== undefined && !settings.tokenLimitJustifications.includes(justification)) {
    throw new TokenLimitJustificationError({
      message: `"${justification}" is not an accepted reason to raise the output limit; use one of: ${settings.tokenLimitJustifications.join(', ')}.`,
    });
  }
  let granted = asked;
  if (asked > ceiling && justification === undefined) {
    granted = ceiling;
    warnings.push(
      `The output limit was lowered from ${asked} to ${ceiling} tokens, the ceiling for ${complexity} ${format} output; give a justification to raise it.`,
    );
  }
  if (granted > model.maxOutputTokens) {
    granted = model.maxOutputTokens;
    warnings.push(`The output limit was lowered to ${granted} tokens, the most ${model.displayName} can write.`);
  }
  if (level === 'critical') {
    const cut = Math.max(16, Math.floor(granted / 2));
    if (cut < granted) {
      granted = cut;
      warnings.push(`The budget is nearly used up, so the output limit was cut to ${cut} tokens.`);
    }
  }
  return { maxOutputTokens: granted, warnings };
}

/** Step 6, enforceTokenLimit: the output limit for the model selectModel put first, at the budget's level. */
export function enforceTokenLimit<Run extends SelectedRun>(run: Run): Run & Pick<LimitedRun, 'limit'> {
  const model = run.selection.candidates[0]?.model ?? run.requestedModel;
  return { ...run, limit: tokenLimitFor(run.request, model, run.settings, run.reservation.level) };
}
