// google.script.run accepts primitives, null, and arrays and plain objects made of them. A Date, a
// function or any other type anywhere fails the request, as does a circular reference; undefined in an
// array becomes null. https://developers.google.com/apps-script/guides/html/communication#parameters_and_return_values

export class IllegalArgumentError extends Error {
  constructor(path: string) {
    super(`Failed due to illegal value in property: ${path}`);
    this.name = 'Error';
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === null || prototype === Object.prototype;
}

function copyArgument(value: unknown, path: string, ancestors: Set<object>): unknown {
  if (value === null || value === undefined) return value;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  if (type !== 'object') throw new IllegalArgumentError(path);
  const object = value as object;
  if (ancestors.has(object)) throw new IllegalArgumentError(path);
  if (!Array.isArray(object) && !isPlainObject(object)) throw new IllegalArgumentError(path);
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return object.map((item: unknown, index) => {
        const copy = copyArgument(item, String(index), ancestors);
        return copy === undefined ? null : copy;
      });
    }
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) copy[key] = copyArgument(item, key, ancestors);
    return copy;
  } finally {
    ancestors.delete(object);
  }
}

/** A copy of the arguments as the server would receive them, or an IllegalArgumentError. */
export function copyClientArguments(args: readonly unknown[]): unknown[] {
  return args.map((arg, index) => copyArgument(arg, String(index), new Set()));
}
