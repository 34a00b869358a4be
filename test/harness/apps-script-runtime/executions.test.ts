import { AppsScriptRuntime, type ExecutionLogEntry } from '../../../harness/apps-script-runtime';
import { ScriptBundles } from './script-bundle';

const bundles = new ScriptBundles();
afterAll(() => bundles.remove());

const script = `
var loadedAt = Date.now();
var topLevelRuns = (typeof topLevelRuns === 'number' ? topLevelRuns : 0) + 1;
function remember(value) { globalThis.remembered = value; leaked = value; return value; }
function recall() { return { remembered: typeof remembered, leaked: typeof leaked, topLevelRuns: topLevelRuns }; }
function environment() {
  return { require: typeof require, module: typeof module, process: typeof process, exports: typeof exports,
    setTimeout: typeof setTimeout, fetch: typeof fetch, Buffer: typeof Buffer, console: typeof console, JSON: typeof JSON };
}
function echo() { return Array.prototype.slice.call(arguments); }
function argumentTypes(list, object) {
  return { isArray: list instanceof Array, isObject: object.constructor === Object, nullInArray: list[1] };
}
function returnsDate() { return { when: new Date(0), ok: true }; }
function returnsFunction() { return { keep: 1, drop: function () {}, list: [1, function () {}, undefined] }; }
function returnsUndefined() {}
function helper_() { return 'private'; }
function logs(name) { console.log('hello %s', name); console.warn({ careful: true }); return 'logged'; }
`;

function runtimeFor(source: string, log?: (entry: ExecutionLogEntry) => void): AppsScriptRuntime {
  return new AppsScriptRuntime({
    bundlePath: bundles.write(source),
    createServices: () => ({}),
    maxConcurrentExecutions: 1,
    log: log ?? (() => undefined),
  });
}

describe('each run is one execution with fresh globals', () => {
  let runtime: AppsScriptRuntime;
  beforeAll(() => {
    runtime = runtimeFor(script);
  });
  afterAll(() => runtime.close());

  test('globals set by one execution are gone in the next, and top-level code runs again', async () => {
    await runtime.run('remember', ['x']);
    await expect(runtime.run('recall', [])).resolves.toEqual({ remembered: 'undefined', leaked: 'undefined', topLevelRuns: 1 });
  });

  test('the script sees no module system and no Node globals', async () => {
    await expect(runtime.run('environment', [])).resolves.toEqual({
      require: 'undefined',
      module: 'undefined',
      process: 'undefined',
      exports: 'undefined',
      setTimeout: 'undefined',
      fetch: 'undefined',
      Buffer: 'undefined',
      console: 'object',
      JSON: 'object',
    });
  });

  test('a missing function, a private one (name ending in _) and a built-in are not found', async () => {
    await expect(runtime.run('doesNotExist', [])).rejects.toThrow('Script function not found: doesNotExist');
    await expect(runtime.run('helper_', [])).rejects.toThrow('Script function not found: helper_');
    await expect(runtime.run('parseInt', ['1'])).rejects.toThrow('Script function not found: parseInt');
    await expect(runtime.run('toString', [])).rejects.toThrow('Script function not found: toString');
  });
});

describe('arguments and return values follow google.script.run', () => {
  let runtime: AppsScriptRuntime;
  const logged: ExecutionLogEntry[] = [];
  beforeAll(() => {
    runtime = runtimeFor(script, (entry) => logged.push(entry));
  });
  afterAll(() => runtime.close());

  test('plain data arrives as the script realm’s own arrays and objects; undefined in an array becomes null', async () => {
    await expect(runtime.run('echo', ['s', 1, true, null, { a: [1, { b: 'c' }] }])).resolves.toEqual([
      's',
      1,
      true,
      null,
      { a: [1, { b: 'c' }] },
    ]);
    await expect(runtime.run('argumentTypes', [[1, undefined], { a: 1 }])).resolves.toEqual({
      isArray: true,
      isObject: true,
      nullInArray: null,
    });
  });

  test('a Date or a function among the arguments fails the request', async () => {
    await expect(runtime.run('echo', [{ when: new Date() }])).rejects.toThrow('Failed due to illegal value in property: when');
    await expect(runtime.run('echo', [[() => 1]])).rejects.toThrow('Failed due to illegal value in property: 0');
  });

  test('a Date in the return value makes the page receive null, and the harness says why', async () => {
    await expect(runtime.run('returnsDate', [])).resolves.toBeNull();
    expect(logged).toContainEqual(
      expect.objectContaining({ functionName: 'returnsDate', level: 'warn', message: expect.stringContaining('Date at when') }),
    );
  });

  test('functions are dropped from returned objects and become null in arrays; no return value is undefined', async () => {
    await expect(runtime.run('returnsFunction', [])).resolves.toEqual({ keep: 1, list: [1, null, null] });
    await expect(runtime.run('returnsUndefined', [])).resolves.toBeUndefined();
  });

  test('console output reaches the harness log with the function name', async () => {
    await runtime.run('logs', ['Ann']);
    expect(logged).toContainEqual({ functionName: 'logs', level: 'log', message: 'hello Ann' });
    expect(logged).toContainEqual({ functionName: 'logs', level: 'warn', message: '{ careful: true }' });
  });
});

test('the bundle is read again when the file changes', async () => {
  const path = bundles.write('function version() { return 1; }');
  const runtime = new AppsScriptRuntime({ bundlePath: path, createServices: () => ({}), maxConcurrentExecutions: 1 });
  try {
    await expect(runtime.run('version', [])).resolves.toBe(1);
    bundles.write('function version() { return 2; } function added() { return "new"; }', path);
    await expect(runtime.run('version', [])).resolves.toBe(2);
    await expect(runtime.run('added', [])).resolves.toBe('new');
  } finally {
    await runtime.close();
  }
});

test('a bundle that does not compile rejects every run with the syntax error', async () => {
  const runtime = new AppsScriptRuntime({ bundlePath: bundles.write('function broken( {'), createServices: () => ({}) });
  try {
    await expect(runtime.run('broken', [])).rejects.toMatchObject({ name: 'SyntaxError' });
  } finally {
    await runtime.close();
  }
});
