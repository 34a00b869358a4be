import { customPeriod, periodLength, presetPeriod } from '../../../../addon/client/admin/dashboard/period';

describe('dashboard periods', () => {
  it('ends the presets today, today included', () => {
    expect(presetPeriod('last7', '2026-03-10')).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetPeriod('last30', '2026-03-10')).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(periodLength(presetPeriod('last90', '2026-03-10'))).toBe(90);
    expect(presetPeriod('thisMonth', '2026-03-10')).toEqual({ from: '2026-03-01', to: '2026-03-10' });
  });

  it('checks a custom period', () => {
    expect(customPeriod('2026-01-01', '2026-01-31')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(customPeriod('2026-02-01', '2026-01-31')).toEqual({ problem: expect.stringMatching(/after the last/) });
    expect(customPeriod('2026-02-30', '2026-03-01')).toEqual({ problem: expect.stringMatching(/Choose both/) });
    expect(customPeriod('2024-01-01', '2026-01-01')).toEqual({ problem: expect.stringMatching(/at most 366 days/) });
  });
});
