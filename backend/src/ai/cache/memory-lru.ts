/** A map that forgets its least recently used entries beyond a count and a total size. */
export interface MemoryLru<Value> {
  /** The entry, now the most recently used. */
  get(id: string): Value | undefined;
  set(id: string, value: Value): void;
  delete(id: string): void;
}

export function createMemoryLru<Value>(options: {
  maxEntries: number;
  maxSize: number;
  sizeOf: (value: Value) => number;
}): MemoryLru<Value> {
  const entries = new Map<string, Value>();
  let size = 0;
  const remove = (id: string) => {
    const entry = entries.get(id);
    if (entry === undefined) return;
    size -= options.sizeOf(entry);
    entries.delete(id);
  };
  const add = (id: string, value: Value) => {
    entries.set(id, value);
    size += options.sizeOf(value);
  };
  return {
    get(id) {
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      // Moved to the end of the map's order, which is the most recently used.
      remove(id);
      add(id, entry);
      return entry;
    },
    set(id, value) {
      remove(id);
      add(id, value);
      while (entries.size > options.maxEntries || size > options.maxSize) {
        const oldest = entries.keys().next().value as string;
        remove(oldest);
      }
    },
    delete: remove,
  };
}
