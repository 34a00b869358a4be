import { className, dataProperties, isByValueObject, isHostObject, methodNames } from './host-object-shape';
import { WIRE_KEYS, type ErrorDescription, type HandleDescriptor, type HostReply } from './wire-format';

export function describeError(error: unknown): ErrorDescription {
  if (error !== null && typeof error === 'object') {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return {
      name: typeof name === 'string' ? name : 'Error',
      message: typeof message === 'string' ? message : String(error),
    };
  }
  return { name: 'Error', message: String(error) };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The main-thread side of one execution: the host objects the worker holds handles to, and the calls
 * it makes on them. Handles live exactly as long as the execution.
 */
export class ExecutionHost {
  readonly #objectsById = new Map<number, object>();
  readonly #idsByObject = new Map<object, number>();
  #nextId = 1;

  exposeServices(services: Record<string, object>): Record<string, unknown> {
    const encoded: Record<string, unknown> = {};
    const seen = new Map<object, unknown>();
    for (const [name, service] of Object.entries(services)) encoded[name] = this.#toWorker(service, seen);
    return encoded;
  }

  async call(handleId: number, method: string, args: unknown[]): Promise<HostReply> {
    try {
      const target = this.#objectsById.get(handleId);
      if (!target) throw new Error(`Apps Script runtime: no host object for handle ${handleId}`);
      const member = (target as Record<string, unknown>)[method];
      if (typeof member !== 'function') throw new TypeError(`${method} is not a function`);
      let result: unknown = member.apply(target, this.#fromWorker(args) as unknown[]);
      if (isThenable(result)) result = await result;
      return { ok: true, value: this.#toWorker(result, new Map()) };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  }

  release(): void {
    this.#objectsById.clear();
    this.#idsByObject.clear();
  }

  #toWorker(value: unknown, seen: Map<object, unknown>): unknown {
    if (value === null || value === undefined) return value;
    const type = typeof value;
    if (type === 'function' || type === 'symbol') return undefined;
    if (type !== 'object') return value;
    const object = value as object;
    if (seen.has(object)) return seen.get(object);
    if (isHostObject(object)) return this.#describeHandle(object, seen);
    if (isByValueObject(object)) return object;
    if (Array.isArray(object)) {
      const copy: unknown[] = [];
      seen.set(object, copy);
      for (const item of object) copy.push(this.#toWorker(item, seen));
      return copy;
    }
    const copy: Record<string, unknown> = {};
    seen.set(object, copy);
    for (const [key, item] of Object.entries(object)) copy[key] = this.#toWorker(item, seen);
    return copy;
  }

  #describeHandle(object: object, seen: Map<object, unknown>): HandleDescriptor {
    const known = this.#idsByObject.get(object);
    if (known !== undefined) {
      // The worker already holds a proxy for it in this execution; its id is enough.
      const reference: HandleDescriptor = { [WIRE_KEYS.handle]: known };
      seen.set(object, reference);
      return reference;
    }
    const id = this.#nextId++;
    this.#objectsById.set(id, object);
    this.#idsByObject.set(object, id);
    const descriptor: HandleDescriptor = {
      [WIRE_KEYS.handle]: id,
      className: className(object),
      methods: methodNames(object),
    };
    seen.set(object, descriptor);
    const props = dataProperties(object);
    if (Object.keys(props).length > 0) descriptor.props = props;
    return descriptor;
  }

  #fromWorker(value: unknown, seen = new Map<object, unknown>()): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return seen.get(value);
    if (isByValueObject(value) || value instanceof Map || value instanceof Set) return value;
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      for (const item of value) copy.push(this.#fromWorker(item, seen));
      return copy;
    }
    const record = value as Record<string, unknown>;
    const reference = record[WIRE_KEYS.ref];
    if (typeof reference === 'number') {
      const object = this.#objectsById.get(reference);
      if (!object) throw new Error('Invalid argument: an Apps Script object from another execution');
      return object;
    }
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const [key, item] of Object.entries(record)) copy[key] = this.#fromWorker(item, seen);
    return copy;
  }
}
