import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildAppsScriptBundle } from './build/build-apps-script-bundle';
import { buildHtmlPage } from './build/build-html-page';
import { buildManifest, bundledBackendUrl, checkedBackendUrl, type AppsScriptManifest } from './build/addon-manifest';

const root = path.resolve(__dirname, '..');
export const addonOutputDirectory = path.join(root, 'dist', 'addon');
const pages = ['sidebar', 'admin'];

export interface AddonBuildOptions {
  outputDirectory?: string;
  /**
   * The backend the add-on calls (default: the ADDON_BACKEND_URL environment variable). When set, Code.js
   * calls it and the manifest allows only it in urlFetchWhitelist; when unset, the add-on reads the
   * BACKEND_URL script property and the manifest has no allowlist (fine in the harness and in a test
   * deployment, refused by a versioned deployment).
   */
  backendUrl?: string;
  /** A build for the harness may name a loopback backend over http (`--harness`). */
  harness?: boolean;
}

/** Builds what `clasp push` uploads: Code.js, one HTML file per page and the manifest. */
export async function buildAddon(options: AddonBuildOptions | string = {}): Promise<void> {
  const {
    outputDirectory = addonOutputDirectory,
    backendUrl = process.env.ADDON_BACKEND_URL || undefined,
    harness = false,
  } = typeof options === 'string' ? { outputDirectory: options } : options;
  // Checked before anything is written, so a bad URL leaves the previous build in place.
  const url = backendUrl === undefined ? undefined : checkedBackendUrl(backendUrl, { allowLoopbackHttp: harness });
  const source = JSON.parse(await readFile(path.join(root, 'appsscript.json'), 'utf8')) as AppsScriptManifest;
  const manifest = buildManifest(source, { backendUrl, allowLoopbackHttp: harness });

  await rm(outputDirectory, { recursive: true, force: true });
  await mkdir(outputDirectory, { recursive: true });
  const bundle = await buildAppsScriptBundle(path.join(root, 'addon', 'src', 'main.ts'), {
    __ADDON_BACKEND_URL__: JSON.stringify(url ? bundledBackendUrl(url) : ''),
  });
  await writeFile(path.join(outputDirectory, 'Code.js'), bundle.code);
  for (const page of pages) {
    const html = await buildHtmlPage(path.join(root, 'addon', 'client', page), page);
    await writeFile(path.join(outputDirectory, `${page}.html`), html);
  }
  await writeFile(path.join(outputDirectory, 'appsscript.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const backendLine = url
    ? `backend ${bundledBackendUrl(url)} (urlFetchWhitelist ${manifest.urlFetchWhitelist?.join(', ')})`
    : 'no backend URL built in (BACKEND_URL script property)';
  process.stdout.write(
    `built ${path.relative(root, outputDirectory)}: Code.js (${bundle.functionNames.join(', ')}), ${pages.map((page) => `${page}.html`).join(', ')}; ${backendLine}\n`,
  );
}

if (require.main === module) {
  buildAddon({ harness: process.argv.includes('--harness') }).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
