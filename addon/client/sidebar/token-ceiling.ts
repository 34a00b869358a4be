import type { Complexity, OutputTokenPolicy, TagConfiguration } from '../../shared/sidebar-contract';

/** What the complexity and "reason for a higher limit" controls show; pure, so node tests can check the words. */

export const complexityLabels: Record<Complexity, string> = { simple: 'Simple', medium: 'Medium', rare: 'Rare (most demanding)' };

/** The backend treats a tag without a complexity as medium (enforceTokenLimit, requestedModel). */
const backendDefaultComplexity: Complexity = 'medium';

export interface ChoiceOption {
  value: string;
  label: string;
}

export function complexityOptions(): ChoiceOption[] {
  return [
    { value: '', label: 'Organisation default' },
    ...(Object.keys(complexityLabels) as Complexity[]).map((value) => ({ value, label: complexityLabels[value] })),
  ];
}

export function complexityFromValue(value: string): Complexity | undefined {
  return Object.prototype.hasOwnProperty.call(complexityLabels, value) ? (value as Complexity) : undefined;
}

function effectiveComplexity(config: TagConfiguration): Complexity {
  return config.complexity ?? backendDefaultComplexity;
}

export function ceilingFor(policy: OutputTokenPolicy | undefined, config: TagConfiguration): number | undefined {
  return policy?.ceilings[effectiveComplexity(config)]?.[config.outputFormat];
}

/** Blank max output tokens means the ceiling itself, so only an explicit number can go above it. */
export function exceedsCeiling(policy: OutputTokenPolicy | undefined, config: TagConfiguration): boolean {
  const ceiling = ceilingFor(policy, config);
  return ceiling !== undefined && config.maxOutputTokens !== undefined && config.maxOutputTokens > ceiling;
}

/** The visible warning next to max output tokens; undefined while the tag stays within its ceiling. */
export function ceilingNote(policy: OutputTokenPolicy | undefined, config: TagConfiguration): string | undefined {
  const ceiling = ceilingFor(policy, config);
  if (ceiling === undefined || !exceedsCeiling(policy, config)) return undefined;
  return `Above the ${ceiling}-token ceiling for ${effectiveComplexity(config)} ${config.outputFormat} output: without a reason it is lowered to ${ceiling}.`;
}

/** One line on what the chosen complexity changes: the default model (unless the tag has its own) and the ceiling. */
export function complexityHint(policy: OutputTokenPolicy | undefined, config: TagConfiguration): string {
  const complexity = effectiveComplexity(config);
  const prefix = config.complexity ? '' : `Treated as ${complexity}: `;
  const sentence = (text: string) => (prefix ? `${prefix}${text}` : text.charAt(0).toUpperCase() + text.slice(1));
  if (!policy) return sentence('picks the default model and the output token ceiling.');
  const ceiling = `${ceilingFor(policy, config)} output tokens for ${config.outputFormat} text`;
  if (config.model) return sentence(`sets the ceiling to ${ceiling}; this tag keeps its own model.`);
  const model = policy.defaultModels[complexity];
  return sentence(`${model ? `default model ${model}` : 'no default model set up'}; ceiling ${ceiling}.`);
}

/** The reason control shows when it is needed, and whenever the tag has a reason, so it can be cleared. */
export function showsJustification(policy: OutputTokenPolicy | undefined, config: TagConfiguration): boolean {
  return exceedsCeiling(policy, config) || Boolean(config.tokenLimitJustification);
}

export function justificationOptions(policy: OutputTokenPolicy | undefined, config: TagConfiguration): ChoiceOption[] {
  const accepted = policy?.justifications ?? [];
  const options: ChoiceOption[] = [
    { value: '', label: 'No reason (keep the ceiling)' },
    ...accepted.map((value) => ({ value, label: value })),
  ];
  const current = config.tokenLimitJustification;
  // A reason the organisation no longer accepts stays visible, so it is not dropped unseen (the fill refuses it).
  if (current && !accepted.includes(current)) options.push({ value: current, label: `${current} (not accepted)` });
  return options;
}
