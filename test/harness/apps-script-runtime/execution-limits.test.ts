import { AppsScriptRuntime, DEFAULT_MAX_CONCURRENT_EXECUTIONS, EXECUTION_TIMEOUT_MESSAGE } from '../../../harness/apps-script-runtime';
import { ScriptBundles } from './script-bundle';

/** Records how many executions are inside it at once. */
class Gate {
  active = 0;
  maxActive = 0;

  async pass(milliseconds: number): Promise<number> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    await new Promise((resolve) => setTimeout(resolve, milliseconds));
    this.active -= 1;
    return this.maxActive;
  }
}

class Payloads {
  text(length: number): string {
    return 'x'.repeat(length);
  }

  numbers(count: number): number[] {
    return Array.from({ length: count }, (_, index) => index);
  }

  measure(value: string | number[]): number {
    return value.length;
  }

  wait(milliseconds: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, milliseconds).unref());
  }
}

const bundles = new ScriptBundles();
afterAll(() => bundles.remove());

const script = `
function throughGate(ms) { return Gate.pass(ms); }
function spin() { while (true) {} }
function blockOnHost() { Payloads.wait(10000); return 'never'; }
function quick() { return 'still working'; }
function bigFromHost() {
  var text = Payloads.text(3 * 1024 * 1024);
  var numbers = Payloads.numbers(300000);
  return { text: text.length, numbers: numbers.length, last: numbers[numbers.length - 1] };
}
function bigToHost() { return Payloads.measure(new Array(2 * 1024 * 1024 + 1).join('y')); }
function bigResult() { return new Array(1024 * 1024 + 2).join('z'); }
`;

test(`at most ${DEFAULT_MAX_CONCURRENT_EXECUTIONS} executions run at once by default; the others queue`, async () => {
  const gate = new Gate();
  const runtime = new AppsScriptRuntime({ bundlePath: bundles.write(script), createServices: () => ({ Gate: gate }) });
  try {
    const runs = Array.from({ length: 25 }, () => runtime.run('throughGate', [100]));
    await Promise.all(runs);
    expect(gate.maxActive).toBe(DEFAULT_MAX_CONCURRENT_EXECUTIONS);
  } finally {
    await runtime.close();
  }
});

test('maxConcurrentExecutions lowers the limit', async () => {
  const gate = new Gate();
  const runtime = new AppsScriptRuntime({
    bundlePath: bundles.write(script),
    createServices: () => ({ Gate: gate }),
    maxConcurrentExecutions: 3,
  });
  try {
    await Promise.all(Array.from({ length: 8 }, () => runtime.run('throughGate', [60])));
    expect(gate.maxActive).toBe(3);
  } finally {
    await runtime.close();
  }
});

describe('an execution that runs too long', () => {
  let runtime: AppsScriptRuntime;
  beforeAll(() => {
    runtime = new AppsScriptRuntime({
      bundlePath: bundles.write(script),
      createServices: () => ({ Payloads: new Payloads() }),
      executionTimeoutMs: 300,
      maxConcurrentExecutions: 1,
    });
  });
  afterAll(() => runtime.close());

  test('fails with Apps Script’s message when the script loops', async () => {
    await expect(runtime.run('spin', [])).rejects.toThrow(EXECUTION_TIMEOUT_MESSAGE);
    await expect(runtime.run('quick', [])).resolves.toBe('still working');
  });

  test('fails the same way while blocked in a service call', async () => {
    await expect(runtime.run('blockOnHost', [])).rejects.toThrow('Exceeded maximum execution time');
    await expect(runtime.run('quick', [])).resolves.toBe('still working');
  });
});

describe('values larger than a megabyte cross the bridge', () => {
  let runtime: AppsScriptRuntime;
  beforeAll(() => {
    runtime = new AppsScriptRuntime({ bundlePath: bundles.write(script), createServices: () => ({ Payloads: new Payloads() }) });
  });
  afterAll(() => runtime.close());

  test('host replies', async () => {
    await expect(runtime.run('bigFromHost', [])).resolves.toEqual({ text: 3 * 1024 * 1024, numbers: 300000, last: 299999 });
  });

  test('arguments to the host and the function result', async () => {
    await expect(runtime.run('bigToHost', [])).resolves.toBe(2 * 1024 * 1024);
    await expect(runtime.run('bigResult', [])).resolves.toHaveLength(1024 * 1024 + 1);
  });
});

test('close rejects queued runs and refuses new ones', async () => {
  const gate = new Gate();
  const runtime = new AppsScriptRuntime({
    bundlePath: bundles.write(script),
    createServices: () => ({ Gate: gate }),
    maxConcurrentExecutions: 1,
  });
  const running = expect(runtime.run('throughGate', [200])).rejects.toThrow('closed');
  const queued = expect(runtime.run('throughGate', [10])).rejects.toThrow('closed');
  await runtime.close();
  await running;
  await queued;
  await expect(runtime.run('quick', [])).rejects.toThrow('closed');
});
