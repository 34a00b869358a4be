// Decides how a host value crosses to the worker: objects with behaviour go by handle, data by value.
//
// Apps Script objects expose methods and, on services, capitalised enums (DocumentApp.ElementType,
// ScriptApp.AuthMode) — never fields. So only capitalised data properties cross, and methods whose names
// start with "_" stay on the host side: a fake can keep state on its objects without the script seeing it.

const methodsByPrototype = new WeakMap<object, readonly string[]>();

function isHidden(name: string): boolean {
  return name.startsWith('_');
}

function isApiProperty(name: string): boolean {
  return /^[A-Z]/.test(name);
}

export function isByValueObject(value: object): boolean {
  return (
    value instanceof Date || value instanceof RegExp || value instanceof Error || value instanceof ArrayBuffer || ArrayBuffer.isView(value)
  );
}

function isPlainPrototype(prototype: unknown): boolean {
  return prototype === null || prototype === Object.prototype;
}

function hasOwnFunction(value: object): boolean {
  return Object.getOwnPropertyNames(value).some((name) => {
    const descriptor = Object.getOwnPropertyDescriptor(value, name);
    return typeof descriptor?.value === 'function';
  });
}

/** A class instance, or any object carrying functions: the add-on gets a proxy whose methods call it. */
export function isHostObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || isByValueObject(value)) return false;
  return !isPlainPrototype(Object.getPrototypeOf(value)) || hasOwnFunction(value);
}

function prototypeMethods(prototype: object): readonly string[] {
  const cached = methodsByPrototype.get(prototype);
  if (cached) return cached;
  const names = new Set<string>();
  for (let level: object | null = prototype; level && level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const name of Object.getOwnPropertyNames(level)) {
      if (name === 'constructor' || isHidden(name)) continue;
      if (typeof Object.getOwnPropertyDescriptor(level, name)?.value === 'function') names.add(name);
    }
  }
  const methods = [...names];
  methodsByPrototype.set(prototype, methods);
  return methods;
}

export function methodNames(value: object): string[] {
  const names = new Set<string>();
  for (const name of Object.getOwnPropertyNames(value)) {
    if (!isHidden(name) && typeof Object.getOwnPropertyDescriptor(value, name)?.value === 'function') names.add(name);
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype) for (const name of prototypeMethods(prototype)) names.add(name);
  return [...names].sort();
}

export function className(value: object): string {
  const constructorName = (value.constructor as { name?: unknown } | undefined)?.name;
  return typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object' ? constructorName : 'Object';
}

function isPlainData(value: unknown, ancestors: Set<object>): boolean {
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === 'function' || type === 'symbol') return false;
  if (type !== 'object') return true;
  const object = value as object;
  if (object instanceof Date) return true;
  if (ancestors.has(object)) return false;
  if (!Array.isArray(object) && !isPlainPrototype(Object.getPrototypeOf(object))) return false;
  ancestors.add(object);
  try {
    return Object.values(object).every((item) => isPlainData(item, ancestors));
  } finally {
    ancestors.delete(object);
  }
}

/**
 * The data a proxy carries by value, e.g. `DocumentApp.ElementType`: capitalised own fields and getters
 * whose values are plain data. Fields holding other host objects are internal wiring, not Apps Script API.
 */
export function dataProperties(value: object): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const name of Object.keys(value)) {
    if (!isApiProperty(name)) continue;
    const item = record[name];
    if (typeof item !== 'function' && isPlainData(item, new Set())) props[name] = item;
  }
  for (
    let level = Object.getPrototypeOf(value) as object | null;
    level && level !== Object.prototype;
    level = Object.getPrototypeOf(level) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(level)) {
      if (!isApiProperty(name) || name in props || typeof Object.getOwnPropertyDescriptor(level, name)?.get !== 'function') continue;
      try {
        const item = record[name];
        if (isPlainData(item, new Set())) props[name] = item;
      } catch {
        // A getter that throws is not data the add-on can rely on.
      }
    }
  }
  return props;
}
