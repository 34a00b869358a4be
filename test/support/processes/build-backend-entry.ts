import { buildBackend } from '../../../scripts/build-backend';

/**
 * `npm run build:backend` into the folder named by the first argument, run as its own process: esbuild's
 * checks of typed arrays fail inside jest's sandbox, and its output stays off the test's terminal.
 */
const outputFolder = process.argv[2];
if (!outputFolder) {
  process.stderr.write('usage: build-backend-entry.ts <output folder>\n');
  process.exit(2);
}
buildBackend(outputFolder).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
