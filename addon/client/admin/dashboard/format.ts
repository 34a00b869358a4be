/** Numbers written for people: $1.23, 12.3k tokens, 1.2 s, 4.5 %. Pure, so they run in unit tests too. */

/** Dollars: cents from $0.01 up, two significant digits below a cent so small costs do not show as $0.00. */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const sign = value < 0 ? '-' : '';
  const amount = Math.abs(value);
  if (amount === 0) return '$0.00';
  if (amount < 0.000001) return `${sign}<$0.000001`;
  if (amount < 0.01) return `${sign}$${trimZero(amount.toPrecision(2))}`;
  if (amount >= 100_000) return `${sign}$${compact(amount)}`;
  return `${sign}$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const compactUnits = ['', 'k', 'M', 'B'];

/** 950, 12.3k, 4.5M, 1.2B: one decimal below 100 of a unit, none above. */
export function compact(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const sign = value < 0 ? '-' : '';
  let scaled = Math.abs(value);
  let unit = 0;
  while (unit < compactUnits.length - 1 && scaled >= 1000) {
    scaled /= 1000;
    unit += 1;
  }
  let text = scaledText(scaled);
  // 999,950 rounds to "1000k": that is 1M.
  if (Number(text) >= 1000 && unit < compactUnits.length - 1) {
    scaled /= 1000;
    unit += 1;
    text = scaledText(scaled);
  }
  return `${sign}${text}${compactUnits[unit]}`;
}

function scaledText(scaled: number): string {
  return trimZero(scaled.toFixed(scaled >= 100 ? 0 : 1));
}

export function formatTokens(value: number): string {
  return `${compact(value)} ${value === 1 ? 'token' : 'tokens'}`;
}

export function formatCount(value: number): string {
  return value < 10_000 ? Math.round(value).toLocaleString('en-US') : compact(value);
}

/** 850 ms, 1.2 s, 12 s, 2.5 min. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) return '—';
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 10) return `${trimZero(seconds.toFixed(1))} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${trimZero((seconds / 60).toFixed(1))} min`;
}

/** A 0..1 share as a percentage: 0%, <0.1%, 4.5%, 12.3%, 100%. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  const percent = share * 100;
  if (percent === 0) return '0%';
  if (percent < 0.1) return '<0.1%';
  return `${trimZero(percent.toFixed(1))}%`;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03-07" → "7 Mar"; with `withYear`, "7 Mar 2026". */
export function formatDay(day: string, withYear = false): string {
  const [year, month, date] = day.split('-');
  const name = monthNames[Number(month) - 1];
  if (!year || !name || !date) return day;
  return `${Number(date)} ${name}${withYear ? ` ${year}` : ''}`;
}

/** "2026-03-01" to "2026-03-31" → "1 Mar – 31 Mar 2026"; the year on both ends when they differ. */
export function formatPeriod(from: string, to: string): string {
  if (from === to) return formatDay(from, true);
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${formatDay(from, !sameYear)} – ${formatDay(to, true)}`;
}

/** "openai:gpt-4o-mini" → "gpt-4o-mini (openai)". */
export function formatModelKey(key: string): string {
  const colon = key.indexOf(':');
  if (colon <= 0) return key;
  return `${key.slice(colon + 1)} (${key.slice(0, colon)})`;
}

/** "1.50" → "1.5", "2.0" → "2", "0.0040" → "0.004". */
function trimZero(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
