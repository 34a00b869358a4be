'use strict';
// The globals of one execution, built inside its vm context.
//
// installAppsScriptGlobals is evaluated from its source text inside the context, so every object the
// add-on code sees (arrays, plain objects, Dates, errors, proxies) belongs to that context's realm and
// `instanceof Array` or `instanceof Error` behave as in Apps Script. It must therefore not refer to
// anything outside itself, and this file stays plain JavaScript so no compiler helper creeps in.

function installAppsScriptGlobals(host) {
  'use strict';
  const HANDLE = host.wireKeys.handle;
  const REF = host.wireKeys.ref;
  const objectToString = Object.prototype.toString;
  const idsByProxy = new WeakMap();
  const proxiesById = new Map();
  const prototypesByShape = new Map();
  const errorConstructors = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

  const isDate = (value) => objectToString.call(value) === '[object Date]';
  const isArrayBuffer = (value) => objectToString.call(value) === '[object ArrayBuffer]';
  const isPlainObject = (value) => {
    const prototype = Object.getPrototypeOf(value);
    return prototype === null || Object.getPrototypeOf(prototype) === null;
  };

  function makeError(description) {
    const Constructor = errorConstructors[description.name] || Error;
    const error = new Constructor(description.message);
    if (error.name !== description.name) {
      Object.defineProperty(error, 'name', { value: description.name, writable: true, configurable: true });
    }
    return error;
  }

  function invoke(proxy, method, args) {
    const handleId = idsByProxy.get(proxy);
    if (handleId === undefined) throw new TypeError('Illegal invocation of ' + method);
    let encodedArgs;
    try {
      encodedArgs = toHost(args, new Map());
    } catch (error) {
      throw new TypeError('Cannot pass this argument to ' + method + ': ' + error.message);
    }
    const reply = host.call(handleId, method, encodedArgs);
    if (!reply.ok) throw makeError(reply.error);
    return fromHost(reply.value, new Map());
  }

  function prototypeFor(className, methods) {
    const shape = className + '\u0000' + methods.join('\u0000');
    let prototype = prototypesByShape.get(shape);
    if (prototype) return prototype;
    prototype = {};
    for (const method of methods) {
      const forward = {
        [method](...args) {
          return invoke(this, method, args);
        },
      }[method];
      Object.defineProperty(prototype, method, { value: forward, writable: true, configurable: true });
    }
    if (!methods.includes('toString')) {
      // Apps Script objects print as their class name: String(body) is "Body".
      Object.defineProperty(prototype, 'toString', { value: () => className, writable: true, configurable: true });
    }
    prototypesByShape.set(shape, prototype);
    return prototype;
  }

  function proxyFor(descriptor, seen) {
    const handleId = descriptor[HANDLE];
    let proxy = proxiesById.get(handleId);
    if (!proxy) {
      proxy = Object.create(prototypeFor(descriptor.className || 'Object', descriptor.methods || []));
      proxiesById.set(handleId, proxy);
      idsByProxy.set(proxy, handleId);
    }
    seen.set(descriptor, proxy);
    if (descriptor.props) {
      for (const key of Object.keys(descriptor.props)) proxy[key] = fromHost(descriptor.props[key], seen);
    }
    return proxy;
  }

  // Host values arrive as structured clones made in the worker's own realm; rebuild them in this one.
  function fromHost(value, seen) {
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return seen.get(value);
    if (value[HANDLE] !== undefined) return proxyFor(value, seen);
    if (Array.isArray(value)) {
      const copy = [];
      seen.set(value, copy);
      for (const item of value) copy.push(fromHost(item, seen));
      return copy;
    }
    if (isDate(value)) return new Date(value.getTime());
    if (ArrayBuffer.isView(value)) {
      const Constructor = globalThis[value.constructor.name];
      if (typeof Constructor === 'function' && Constructor !== DataView) return new Constructor(value);
      return new DataView(new Uint8Array(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)).buffer);
    }
    if (isArrayBuffer(value)) return new Uint8Array(new Uint8Array(value)).buffer;
    if (objectToString.call(value) === '[object Map]') {
      const copy = new Map();
      seen.set(value, copy);
      for (const [key, item] of value) copy.set(fromHost(key, seen), fromHost(item, seen));
      return copy;
    }
    if (objectToString.call(value) === '[object Set]') {
      const copy = new Set();
      seen.set(value, copy);
      for (const item of value) copy.add(fromHost(item, seen));
      return copy;
    }
    if (objectToString.call(value) === '[object Error]') return makeError(value);
    const copy = {};
    seen.set(value, copy);
    for (const key of Object.keys(value)) copy[key] = fromHost(value[key], seen);
    return copy;
  }

  // Arguments to host methods: proxies become references the main thread resolves to the real object;
  // functions cannot cross, as with Apps Script services.
  function toHost(value, seen) {
    if (value === null) return null;
    const type = typeof value;
    if (type === 'function' || type === 'symbol') return undefined;
    if (type !== 'object') return value;
    const handleId = idsByProxy.get(value);
    if (handleId !== undefined) return { [REF]: handleId };
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const copy = [];
      seen.set(value, copy);
      for (const item of value) copy.push(toHost(item, seen));
      return copy;
    }
    if (isDate(value) || ArrayBuffer.isView(value) || isArrayBuffer(value)) return value;
    if (value instanceof Map) {
      const copy = new Map();
      seen.set(value, copy);
      for (const [key, item] of value) copy.set(toHost(key, seen), toHost(item, seen));
      return copy;
    }
    if (value instanceof Set) {
      const copy = new Set();
      seen.set(value, copy);
      for (const item of value) copy.add(toHost(item, seen));
      return copy;
    }
    const copy = {};
    seen.set(value, copy);
    for (const key of Object.keys(value)) copy[key] = toHost(value[key], seen);
    return copy;
  }

  // google.script.run return values: primitives, null, arrays and plain objects. Functions are dropped,
  // undefined in arrays becomes null; a Date, a host object or a cycle anywhere makes the client
  // receive null, which is what Apps Script does with Dates.
  function toClientValue(value) {
    const problems = [];
    const encoded = encodeForClient(value, '', problems, new Set());
    return problems.length > 0 ? { value: null, illegalValue: problems[0] } : { value: encoded };
  }

  function encodeForClient(value, path, problems, ancestors) {
    if (value === null || value === undefined) return value;
    const type = typeof value;
    if (type === 'string' || type === 'number' || type === 'boolean') return value;
    if (type === 'function') return undefined;
    if (type !== 'object') {
      problems.push(type + ' at ' + (path || 'the top level'));
      return null;
    }
    const where = path || 'the top level';
    if (isDate(value)) {
      problems.push('Date at ' + where);
      return null;
    }
    if (idsByProxy.has(value)) {
      problems.push('Apps Script object at ' + where);
      return null;
    }
    if (ancestors.has(value)) {
      problems.push('circular reference at ' + where);
      return null;
    }
    ancestors.add(value);
    try {
      if (Array.isArray(value)) {
        return value.map((item, index) => {
          const encoded = encodeForClient(item, path + '[' + index + ']', problems, ancestors);
          return encoded === undefined ? null : encoded;
        });
      }
      if (!isPlainObject(value) && (ArrayBuffer.isView(value) || isArrayBuffer(value) || value instanceof Map || value instanceof Set)) {
        problems.push(objectToString.call(value).slice(8, -1) + ' at ' + where);
        return null;
      }
      const copy = {};
      for (const key of Object.keys(value)) {
        const encoded = encodeForClient(value[key], path ? path + '.' + key : key, problems, ancestors);
        if (encoded !== undefined) copy[key] = encoded;
      }
      return copy;
    } finally {
      ancestors.delete(value);
    }
  }

  function makeConsole() {
    const write =
      (level) =>
      (...args) =>
        host.log(level, args);
    const timers = new Map();
    return {
      log: write('log'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      debug: write('debug'),
      time(label = 'default') {
        timers.set(label, Date.now());
      },
      timeEnd(label = 'default') {
        const started = timers.get(label);
        if (started === undefined) return;
        timers.delete(label);
        host.log('log', [label + ': ' + (Date.now() - started) + 'ms']);
      },
    };
  }

  for (const name of Object.keys(host.services)) {
    Object.defineProperty(globalThis, name, {
      value: fromHost(host.services[name], new Map()),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  Object.defineProperty(globalThis, 'console', { value: makeConsole(), writable: true, configurable: true });

  return {
    argumentsFromClient: (args) => fromHost(args, new Map()),
    toClientValue,
    isThenable: (value) => value !== null && typeof value === 'object' && typeof value.then === 'function',
  };
}

module.exports = { installAppsScriptGlobals };
