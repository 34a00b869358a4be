import {
  compact,
  formatCount,
  formatDay,
  formatDuration,
  formatModelKey,
  formatPercent,
  formatPeriod,
  formatTokens,
  formatUsd,
} from '../../../../addon/client/admin/dashboard/format';

describe('dashboard number formatting', () => {
  it('writes dollars with cents, and small costs with two significant digits', () => {
    expect(formatUsd(1.234)).toBe('$1.23');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.004)).toBe('$0.004');
    expect(formatUsd(0.0000123456)).toBe('$0.000012');
    expect(formatUsd(0.00000015)).toBe('<$0.000001');
    expect(formatUsd(250_000)).toBe('$250k');
  });

  it('writes large counts compactly without "1000k"', () => {
    expect(compact(950)).toBe('950');
    expect(compact(12_345)).toBe('12.3k');
    expect(compact(999_950)).toBe('1M');
    expect(compact(4_500_000)).toBe('4.5M');
    expect(compact(2_000)).toBe('2k');
    expect(formatTokens(12_345)).toBe('12.3k tokens');
    expect(formatTokens(1)).toBe('1 token');
    expect(formatCount(4321)).toBe('4,321');
    expect(formatCount(12_345)).toBe('12.3k');
  });

  it('writes durations and shares for people', () => {
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(2000)).toBe('2 s');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(150_000)).toBe('2.5 min');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.123)).toBe('12.3%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('writes days, periods and model keys', () => {
    expect(formatDay('2026-03-07')).toBe('7 Mar');
    expect(formatPeriod('2026-03-01', '2026-03-31')).toBe('1 Mar – 31 Mar 2026');
    expect(formatPeriod('2025-12-20', '2026-01-10')).toBe('20 Dec 2025 – 10 Jan 2026');
    expect(formatModelKey('anthropic:claude-haiku-4-5')).toBe('claude-haiku-4-5 (anthropic)');
  });
});
