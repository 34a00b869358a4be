import type { ConfigurationChange } from '../../../contracts/configuration';

type Section = ConfigurationChange['section'];

/** A value as the review shows it: short JSON text. */
function shown(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The differences between two values as leaf paths (`settings.budgets.organisation.monthlyUsd`): objects are
 * walked, anything else (numbers, texts, lists) is compared whole, so a reordered fallback list is one change.
 */
export function changesBetween(section: Section, path: string, before: unknown, after: unknown): ConfigurationChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return names.flatMap((name) => changesBetween(section, `${path}.${name}`, before[name], after[name]));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const change = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  return [{ section, path, change, before: shown(before), after: shown(after) }];
}
