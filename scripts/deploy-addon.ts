/**
 * `npm run deploy:addon`: from a fresh clone to a version the Workspace Marketplace SDK can point at.
 *
 * An Editor add-on published to the Marketplace is a standalone Apps Script project
 * (https://developers.google.com/workspace/add-ons/how-tos/publish-add-on-overview), so the project is created
 * with `clasp create-script --type standalone` the first time and reused afterwards. Its id lives in
 * .local-data/apps-script-project.json (git-ignored), or comes from ADDON_SCRIPT_ID; clasp's project file is
 * written into dist/ (also git-ignored) for each run, so no placeholder id is ever committed and
 * `clasp create` never meets an existing project file. Then: build with ADDON_BACKEND_URL (required: a
 * versioned deployment needs urlFetchWhitelist), `clasp push --force` (the manifest is ours), `clasp
 * create-version`, and the script id and version to paste into the Marketplace SDK.
 *
 * clasp is run as `clasp` from PATH (node_modules/.bin under npm run) with --json, whose output shapes are
 * those of @google/clasp 3 (show-authorized-user, create-script, create-version).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAddon } from './build-addon';

const root = path.resolve(__dirname, '..');

export interface DeployOptions {
  root?: string;
  environment?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  build?: (options: { outputDirectory: string; backendUrl: string }) => Promise<void>;
}

export interface DeployResult {
  scriptId: string;
  version: number;
  created: boolean;
}

function clasp(args: string[], cwd: string, environment: NodeJS.ProcessEnv): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('clasp', args, { cwd, env: environment, encoding: 'utf8' });
  if (result.error) throw new Error(`clasp could not be run (${result.error.message}); run npm install, or install @google/clasp.`);
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

function lastJson(output: string): Record<string, unknown> {
  const start = output.lastIndexOf('\n{') + 1;
  return JSON.parse(output.slice(start)) as Record<string, unknown>;
}

function ensure(result: { status: number; stdout: string; stderr: string }, what: string): void {
  if (result.status !== 0) throw new Error(`${what} failed:\n${result.stderr || result.stdout}`);
}

export async function deployAddon(options: DeployOptions = {}): Promise<DeployResult> {
  const projectRoot = options.root ?? root;
  const environment = options.environment ?? process.env;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const backendUrl = environment.ADDON_BACKEND_URL;
  if (!backendUrl) {
    throw new Error(
      "Set ADDON_BACKEND_URL to the backend's https URL (e.g. https://ai-template-fill-xyz.a.run.app): a versioned deployment may call only the URLs its manifest allows.",
    );
  }

  const login = clasp(['show-authorized-user', '--json'], projectRoot, environment);
  ensure(login, 'clasp show-authorized-user');
  if (lastJson(login.stdout).loggedIn !== true) {
    throw new Error(
      'clasp is not logged in: run `npx clasp login` (and turn on the Apps Script API at https://script.google.com/home/usersettings), then run npm run deploy:addon again.',
    );
  }

  const distribution = path.join(projectRoot, 'dist');
  const recordFile = path.join(projectRoot, '.local-data', 'apps-script-project.json');
  let scriptId =
    environment.ADDON_SCRIPT_ID ||
    (existsSync(recordFile) ? String((JSON.parse(readFileSync(recordFile, 'utf8')) as { scriptId?: unknown }).scriptId ?? '') : '');
  const created = !scriptId;
  mkdirSync(distribution, { recursive: true });
  const projectFile = path.join(distribution, '.clasp.json');
  if (created) {
    // create-script refuses when a project file exists; a stale one from an earlier run is not a project.
    rmSync(projectFile, { force: true });
    const creation = clasp(
      ['create-script', '--type', 'standalone', '--title', environment.ADDON_TITLE || 'AI Template Fill', '--rootDir', 'addon', '--json'],
      distribution,
      environment,
    );
    ensure(creation, 'clasp create-script');
    scriptId = String(lastJson(creation.stdout).scriptId ?? '');
    if (!scriptId) throw new Error(`clasp create-script gave no script id:\n${creation.stdout}`);
    mkdirSync(path.dirname(recordFile), { recursive: true });
    writeFileSync(recordFile, `${JSON.stringify({ scriptId }, null, 2)}\n`);
    log(`Created the standalone Apps Script project ${scriptId} (kept in ${path.relative(projectRoot, recordFile)}).`);
  }
  writeFileSync(projectFile, `${JSON.stringify({ scriptId, rootDir: 'addon' }, null, 2)}\n`);

  await (options.build ?? ((buildOptions) => buildAddon(buildOptions)))({ outputDirectory: path.join(distribution, 'addon'), backendUrl });
  ensure(clasp(['push', '--force'], distribution, environment), 'clasp push');
  const versioning = clasp(['create-version', `deploy ${new Date().toISOString()}`, '--json'], distribution, environment);
  ensure(versioning, 'clasp create-version');
  const version = Number(lastJson(versioning.stdout).versionNumber);
  if (!Number.isInteger(version)) throw new Error(`clasp create-version gave no version number:\n${versioning.stdout}`);

  log(`\nPaste into the Google Workspace Marketplace SDK (App configuration → Docs add-on):`);
  log(`  Script ID:      ${scriptId}`);
  log(`  Script version: ${version}`);
  return { scriptId, version, created };
}

if (require.main === module) {
  deployAddon().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
