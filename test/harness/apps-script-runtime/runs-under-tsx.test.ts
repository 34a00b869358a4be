import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ScriptBundles } from './script-bundle';

// `npm start` runs the harness with tsx, whose TypeScript loader a worker thread does not inherit.
const repositoryRoot = resolve(__dirname, '../../..');
const bundles = new ScriptBundles();
afterAll(() => bundles.remove());

test('the runtime works when the harness runs under tsx', async () => {
  const bundlePath = bundles.write('function add(a, b) { return { sum: Calculator.add(a, b) }; }');
  const program = bundles.write(
    `
import { AppsScriptRuntime } from ${JSON.stringify(join(repositoryRoot, 'harness/apps-script-runtime'))};
class Calculator { add(a: number, b: number): number { return a + b; } }
const runtime = new AppsScriptRuntime({ bundlePath: ${JSON.stringify(bundlePath)}, createServices: () => ({ Calculator: new Calculator() }) });
runtime.run('add', [2, 3]).then((result) => { console.log(JSON.stringify(result)); return runtime.close(); });
`,
    `${bundlePath}.harness.ts`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, [join(repositoryRoot, 'node_modules/tsx/dist/cli.mjs'), program], {
    cwd: repositoryRoot,
    timeout: 20000,
  });
  expect(JSON.parse(stdout.trim())).toEqual({ sum: 5 });
});
