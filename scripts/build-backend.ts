/**
 * `npm run build:backend`: one JavaScript file for the container, with npm packages left as imports so
 * firebase-admin and the SDKs load their own files at run time.
 */
import { build } from 'esbuild';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** The service and the admin CLI, side by side in dist/backend/. */
export async function buildBackend(outputFolder = path.join(root, 'dist', 'backend')): Promise<void> {
  await build({
    entryPoints: {
      server: path.join(root, 'backend', 'src', 'server.ts'),
      'admin-cli': path.join(root, 'backend', 'src', 'admin', 'admin-cli.ts'),
    },
    outdir: outputFolder,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  process.stdout.write(`built ${path.relative(root, outputFolder)}/server.js and admin-cli.js\n`);
}

if (require.main === module) {
  buildBackend().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
