import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildAppsScriptBundle } from './build/build-apps-script-bundle';
import { buildHtmlPage } from './build/build-html-page';

const root = path.resolve(__dirname, '..');
export const addonOutputDirectory = path.join(root, 'dist', 'addon');
const pages = ['sidebar', 'admin'];

/** Builds what `clasp push` uploads: Code.js, one HTML file per page and the manifest. */
export async function buildAddon(outputDirectory = addonOutputDirectory): Promise<void> {
  await rm(outputDirectory, { recursive: true, force: true });
  await mkdir(outputDirectory, { recursive: true });
  const bundle = await buildAppsScriptBundle(path.join(root, 'addon', 'src', 'main.ts'));
  await writeFile(path.join(outputDirectory, 'Code.js'), bundle.code);
  for (const page of pages) {
    const html = await buildHtmlPage(path.join(root, 'addon', 'client', page), page);
    await writeFile(path.join(outputDirectory, `${page}.html`), html);
  }
  await copyFile(path.join(root, 'appsscript.json'), path.join(outputDirectory, 'appsscript.json'));
  process.stdout.write(`built ${path.relative(root, outputDirectory)}: Code.js (${bundle.functionNames.join(', ')}), ${pages.map((page) => `${page}.html`).join(', ')}\n`);
}

if (require.main === module) {
  buildAddon().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
