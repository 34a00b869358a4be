import {
  cacheLifetimeFromValue,
  cacheLifetimeOptions,
  cacheLifetimeValue,
  describeCacheLifetime,
} from '../../../../addon/client/sidebar/cache-lifetime';
import { describeTag } from '../../../../addon/client/sidebar/outcome-text';

describe('the cache lifetime choices', () => {
  it('offers the inherited default, never, and the usual lifetimes, and keeps a value saved through the API', () => {
    expect(cacheLifetimeOptions(undefined, "Template's default").map((option) => option.label)).toEqual([
      "Template's default",
      'Never',
      '1 hour',
      '1 day',
      '1 week',
      '30 days',
    ]);
    const saved = cacheLifetimeOptions(7200, 'Organisation default');
    expect(saved.at(-1)).toEqual({ value: '7200', label: '2 hours (as saved)' });
    expect(cacheLifetimeOptions(604_800, 'Organisation default')).toHaveLength(6);
  });

  it('reads the select back: blank inherits, 0 is never', () => {
    expect(cacheLifetimeFromValue('')).toBeUndefined();
    expect(cacheLifetimeFromValue('0')).toBe(0);
    expect(cacheLifetimeFromValue('604800')).toBe(604_800);
    expect(cacheLifetimeValue(undefined)).toBe('');
    expect(cacheLifetimeValue(0)).toBe('0');
    expect(describeCacheLifetime(90)).toBe('90 seconds');
    expect(describeCacheLifetime(259_200)).toBe('3 days');
  });
});

describe('a last good answer in the result', () => {
  it('is labelled with its age instead of being called cached', () => {
    const line = describeTag({
      tag: 'rates',
      status: 'generated',
      text: 'Rates are steady.',
      outputFormat: 'plain',
      model: 'gpt-6-luna',
      cached: true,
      lastGoodAnswer: { ageSeconds: 3 * 3600 + 5 },
      durationMs: 1200,
    });
    expect(line).toMatchObject({ text: 'rates: generated (gpt-6-luna, 1.2 s)', label: 'Last good answer · 3 hours old' });
    expect(describeTag({ tag: 'x', status: 'generated', text: 't', outputFormat: 'plain', cached: true })).not.toHaveProperty('label');
  });
});
