/**
 * `npm run build:backend`: one JavaScript file for the container, with npm packages left as imports so
 * firebase-admin and the SDKs load their own files at run time.
 */
import { build } from 'esbuild';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

export async function buildBackend(outputFile = path.join(root, 'dist', 'backend', 'server.js')): Promise<void> {
  await build({
    entryPoints: [path.join(root, 'backend', 'src', 'server.ts')],
    outfile: outputFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  process.stdout.write(`built ${path.relative(root, outputFile)}\n`);
}

if (require.main === module) {
  buildBackend().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
