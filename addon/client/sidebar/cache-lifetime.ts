import type { ChoiceOption } from './token-ceiling';

/** The cache lifetime choices of the tag editor and the template's default; pure, so node tests can check the words. */

const hour = 3600;
const day = 24 * hour;

/** The lifetimes offered, shortest first; 0 means the answer is never served from the cache. */
const presets: readonly [number, string][] = [
  [0, 'Never'],
  [hour, '1 hour'],
  [day, '1 day'],
  [7 * day, '1 week'],
  [30 * day, '30 days'],
];

/** "2 hours", "3 days", "90 seconds": a lifetime saved through the API that no preset names. */
export function describeCacheLifetime(seconds: number): string {
  if (seconds === 0) return 'Never';
  const units: [number, string][] = [
    [day, 'day'],
    [hour, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, name] = units.find(([size]) => seconds % size === 0) ?? [1, 'second'];
  const count = seconds / size;
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}

/**
 * The select's options: '' inherits (`inheritLabel`: the template's default for a tag, the organisation's for the
 * template), then the presets, and the current value when no preset names it, so a save never changes it unasked.
 */
export function cacheLifetimeOptions(current: number | undefined, inheritLabel: string): ChoiceOption[] {
  const options: ChoiceOption[] = [{ value: '', label: inheritLabel }];
  for (const [seconds, label] of presets) options.push({ value: String(seconds), label });
  if (current !== undefined && !presets.some(([seconds]) => seconds === current))
    options.push({ value: String(current), label: `${describeCacheLifetime(current)} (as saved)` });
  return options;
}

export function cacheLifetimeValue(seconds: number | undefined): string {
  return seconds === undefined ? '' : String(seconds);
}

export function cacheLifetimeFromValue(value: string): number | undefined {
  if (value === '') return undefined;
  const seconds = Number(value);
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : undefined;
}
