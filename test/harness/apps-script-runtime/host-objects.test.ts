import { AppsScriptRuntime } from '../../../harness/apps-script-runtime';
import { ScriptBundles } from './script-bundle';

// A small host object graph with the shapes DocumentApp has: a service with enums as plain data,
// methods returning other objects, arrays of objects, objects passed back as arguments, and failures.
class Counter {
  _secret = 'internal';
  readonly label: string;
  #count: number;

  constructor(label: string, start: number) {
    this.label = label;
    this.#count = start;
  }

  increment(by = 1): Counter {
    this.#count += by;
    return this;
  }

  getCount(): number {
    return this.#count;
  }

  absorb(other: unknown): Counter {
    if (!(other instanceof Counter)) throw new TypeError('absorb expects a Counter');
    this.#count += other.getCount();
    return this;
  }

  _hiddenHelper(): string {
    return 'hidden';
  }
}

class CounterService {
  readonly Kind = { SMALL: 'SMALL', LARGE: 'LARGE' };
  readonly created: Counter[] = [];
  readonly version = 'fields are not Apps Script API';

  get Limits(): { MAX: number } {
    return { MAX: 100 };
  }

  create(label: string, start = 0): Counter {
    const counter = new Counter(label, start);
    this.created.push(counter);
    return counter;
  }

  list(): Counter[] {
    return this.created;
  }

  describe(counter: Counter): { label: string; count: number; kind: string } {
    return { label: counter.label, count: counter.getCount(), kind: counter.getCount() > 10 ? this.Kind.LARGE : this.Kind.SMALL };
  }

  fail(message: string): never {
    const error = new Error(message);
    error.name = 'Exception';
    throw error;
  }

  later(value: string, milliseconds: number): Promise<string> {
    return new Promise((resolve) => setTimeout(() => resolve(value), milliseconds));
  }

  refuseLater(message: string): Promise<never> {
    return Promise.reject(new RangeError(message));
  }
}

const bundles = new ScriptBundles();
let service: CounterService;
let runtime: AppsScriptRuntime;

const script = `
function chain() {
  var counter = Counters.create('a', 1).increment().increment(5);
  return { count: counter.getCount(), printed: String(counter) };
}
function passBack() {
  var a = Counters.create('a', 2);
  var b = Counters.create('b', 3);
  a.absorb(b);
  return Counters.describe(a);
}
function enums() {
  return { large: Counters.Kind.LARGE, keys: Object.keys(Counters.Kind), isPlain: Object.getPrototypeOf(Counters.Kind) === Object.prototype,
    max: Counters.Limits.MAX };
}
function arrays() {
  Counters.create('x', 1);
  Counters.create('y', 2);
  var list = Counters.list();
  return { isArray: Array.isArray(list) && list instanceof Array, counts: list.map(function (c) { return c.increment().getCount(); }),
    sameProxy: Counters.list()[0] === list[0] };
}
function hidden() {
  var counter = Counters.create('h', 0);
  return { secret: typeof counter._secret, helper: typeof counter._hiddenHelper, label: typeof counter.label,
    created: typeof Counters.created, version: typeof Counters.version, ownKeys: Object.keys(counter) };
}
function hostThrows() {
  try { Counters.fail('the host said no'); } catch (e) {
    return { name: e.name, message: e.message, isError: e instanceof Error, printed: String(e) };
  }
}
function hostRejects() {
  try { Counters.refuseLater('too far'); } catch (e) { return { name: e.name, isRangeError: e instanceof RangeError, message: e.message }; }
}
function scriptThrows() { throw new RangeError('script said no'); }
function uncaughtHostError() { Counters.fail('not caught'); }
function waitsForHost() { return Counters.later('awaited by the host', 50) + '!'; }
function wrongArgument() { Counters.create('z', 0).absorb({ getCount: 1 }); }
function unknownMethod() { return Counters.create('u', 0).noSuchMethod(); }
`;

beforeEach(() => {
  service = new CounterService();
  runtime = new AppsScriptRuntime({ bundlePath: bundles.write(script), createServices: () => ({ Counters: service }) });
});

afterEach(() => runtime.close());
afterAll(() => bundles.remove());

test('method chains return proxies that keep forwarding to the same host object', async () => {
  await expect(runtime.run('chain', [])).resolves.toEqual({ count: 7, printed: 'Counter' });
  expect(service.created[0]?.getCount()).toBe(7);
});

test('a proxy passed back as an argument reaches the host as the real object', async () => {
  await expect(runtime.run('passBack', [])).resolves.toEqual({ label: 'a', count: 5, kind: 'SMALL' });
});

test('enums (capitalised fields or getters holding plain data) are copied by value', async () => {
  await expect(runtime.run('enums', [])).resolves.toEqual({ large: 'LARGE', keys: ['SMALL', 'LARGE'], isPlain: true, max: 100 });
});

test('arrays of host objects become arrays of proxies, one proxy per object within an execution', async () => {
  await expect(runtime.run('arrays', [])).resolves.toEqual({ isArray: true, counts: [2, 3], sameProxy: true });
});

test('fields and underscore methods stay on the host side: Apps Script objects expose only methods and enums', async () => {
  await expect(runtime.run('hidden', [])).resolves.toEqual({
    secret: 'undefined',
    helper: 'undefined',
    label: 'undefined',
    created: 'undefined',
    version: 'undefined',
    ownKeys: [],
  });
});

test('a host exception is thrown in the script with the same name and message', async () => {
  await expect(runtime.run('hostThrows', [])).resolves.toEqual({
    name: 'Exception',
    message: 'the host said no',
    isError: true,
    printed: 'Exception: the host said no',
  });
  await expect(runtime.run('hostRejects', [])).resolves.toEqual({ name: 'RangeError', isRangeError: true, message: 'too far' });
});

test('an exception leaving the function rejects the run with its name and message', async () => {
  await expect(runtime.run('scriptThrows', [])).rejects.toMatchObject({ name: 'RangeError', message: 'script said no' });
  await expect(runtime.run('uncaughtHostError', [])).rejects.toMatchObject({ name: 'Exception', message: 'not caught' });
});

test('a host method returning a promise looks synchronous to the script', async () => {
  await expect(runtime.run('waitsForHost', [])).resolves.toBe('awaited by the host!');
});

test('wrong arguments and unknown methods fail as in Apps Script', async () => {
  await expect(runtime.run('wrongArgument', [])).rejects.toMatchObject({ name: 'TypeError', message: 'absorb expects a Counter' });
  await expect(runtime.run('unknownMethod', [])).rejects.toMatchObject({ name: 'TypeError' });
});
