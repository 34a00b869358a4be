import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { serialiseErrorRedacted } from '../../../backend/src/platform/redact-secrets';
import { sourceMappedStack } from '../../../backend/src/platform/source-mapped-stack';

/**
 * Production runs the bundle without --enable-source-maps (mapping every stack the Firestore client captures
 * cost CPU on every call): a logged error's stack is mapped back to the TypeScript sources when it is logged.
 */
describe('stacks of logged errors name the TypeScript sources of the bundle', () => {
  let folder: string;
  let stack: string;
  let source: string;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'source-mapped-stack-'));
    source = path.join(folder, 'failing-step.ts');
    writeFileSync(
      path.join(folder, 'entry.ts'),
      [
        "import { failingStep } from './failing-step';",
        'try {',
        '  failingStep();',
        '} catch (error) {',
        '  process.stdout.write((error as Error).stack ?? "");',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      source,
      ['export function failingStep(): never {', '  const reason: string = "the step failed";', '  throw new Error(reason);', '}', ''].join(
        '\n',
      ),
    );
    await build({
      entryPoints: [path.join(folder, 'entry.ts')],
      outfile: path.join(folder, 'bundle.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      sourcemap: true,
      logLevel: 'silent',
    });
    // As production runs it: plain node, no --enable-source-maps.
    stack = execFileSync(process.execPath, [path.join(folder, 'bundle.js')], { encoding: 'utf8' });
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('points each frame of the bundle at its source file, line and column', () => {
    expect(stack).toContain('bundle.js:');
    const mapped = sourceMappedStack(stack);
    expect(mapped).toContain(`at failingStep (${source}:3:9)`);
    expect(mapped).not.toContain('bundle.js:');
    expect(mapped.split('\n')[0]).toBe('Error: the step failed');
  });

  it('maps the stack of an error as the logger serialises it, and leaves frames without a map as they are', () => {
    const error = new Error('logged');
    error.stack = `${stack}\n    at elsewhere (/no/such/file.js:1:1)`;
    const serialised = serialiseErrorRedacted(error);
    expect(serialised.stack).toContain(`${source}:3:9`);
    expect(serialised.stack).toContain('at elsewhere (/no/such/file.js:1:1)');
  });
});
