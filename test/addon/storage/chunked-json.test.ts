import { chunkedProperties, countKey, maximumChunkCharacters, readChunked } from '../../../addon/src/storage/chunked-json';

/** Values beyond Apps Script's 9 KB per property survive a round trip through numbered chunks. */
function store() {
  const properties = new Map<string, string>();
  return {
    properties,
    write(prefix: string, value: unknown) {
      const previous = Number(properties.get(countKey(prefix)) ?? '0');
      const { set, remove } = chunkedProperties(prefix, value, previous);
      for (const [key, text] of Object.entries(set)) properties.set(key, text);
      for (const key of remove) properties.delete(key);
    },
    read<Value>(prefix: string, fallback: Value): Value {
      return readChunked(prefix, (key) => properties.get(key) ?? null, fallback);
    },
  };
}

describe('chunked JSON in properties', () => {
  it('round-trips a value many chunks long, each chunk within 9,000 bytes', () => {
    const { properties, write, read } = store();
    const value = { intro: '😀 émoji and ✓ marks '.repeat(2000), other: 'x' };
    write('drafts:doc', value);
    expect(read('drafts:doc', {})).toEqual(value);
    const chunks = [...properties.entries()].filter(([key]) => !key.endsWith('#count'));
    expect(chunks.length).toBeGreaterThan(5);
    for (const [, text] of chunks) {
      expect(text.length).toBeLessThanOrEqual(maximumChunkCharacters);
      expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(9000);
      // No chunk ends in half a surrogate pair.
      expect(text).toBe(Buffer.from(text, 'utf8').toString('utf8'));
    }
  });

  it('removes the chunks a shorter value no longer needs', () => {
    const { properties, write, read } = store();
    write('p', { long: 'y'.repeat(10_000) });
    write('p', { short: 'z' });
    expect(read('p', {})).toEqual({ short: 'z' });
    expect([...properties.keys()].sort()).toEqual(['p#0', 'p#count']);
  });

  it('reads a missing or damaged value as the fallback', () => {
    const { properties, write, read } = store();
    expect(read('absent', { none: true })).toEqual({ none: true });
    write('p', { a: 'b'.repeat(5000) });
    properties.delete('p#1');
    expect(read('p', 'fallback')).toBe('fallback');
  });
});
