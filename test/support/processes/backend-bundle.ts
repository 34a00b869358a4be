import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { childEnvironment, describeOutput, keepAliveUntil, repositoryRoot, spawnCollected } from './spawn-collected';

const sourceFolder = path.join(repositoryRoot, 'backend', 'src');
const productionBundle = path.join(repositoryRoot, 'dist', 'backend', 'server.js');
// Under node_modules so the bundle's external packages resolve from the repository's node_modules.
const cacheFolder = path.join(repositoryRoot, 'node_modules', '.cache', 'resilience-backend-bundle');

let bundle: Promise<string> | undefined;

/**
 * The path of a `server.js` built from the current sources: `dist/backend/server.js` when it is newer than
 * every source file, else a bundle built once into a cache folder named by the sources' content hash (so
 * every test file and jest worker of a run, and later runs on unchanged sources, share one build).
 */
export function backendBundlePath(): Promise<string> {
  bundle ??= locateOrBuild();
  return bundle;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(path.join(folder, entry.name)) : [path.join(folder, entry.name)]))
    .sort();
}

async function locateOrBuild(): Promise<string> {
  const files = sourceFiles(sourceFolder);
  const newestSource = Math.max(...files.map((file) => statSync(file).mtimeMs));
  if (existsSync(productionBundle) && statSync(productionBundle).mtimeMs >= newestSource) return productionBundle;

  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(sourceFolder, file)).update('\0').update(readFileSync(file)).update('\0');
  const key = hash.digest('hex').slice(0, 16);
  const folder = path.join(cacheFolder, key);
  const server = path.join(folder, 'server.js');
  if (existsSync(server)) return server;

  // Built beside its final place and renamed into it, so a concurrent worker never runs a half-written bundle.
  const building = `${folder}.building-${process.pid}`;
  const collected = spawnCollected(['--import', 'tsx', path.join(__dirname, 'build-backend-entry.ts'), building], childEnvironment({}));
  const { code, signal } = await keepAliveUntil(collected.exited);
  if (code !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`building the backend bundle failed (code ${code}, signal ${signal})${describeOutput(collected)}`);
  }
  try {
    renameSync(building, folder);
  } catch (error) {
    // Another worker finished the same build first: its bundle is the same.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(server)) throw error;
  }
  removeStaleBundles(key);
  return server;
}

/** Bundles of other sources older than a day: recent ones may belong to a run still going on another checkout state. */
function removeStaleBundles(currentKey: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const entry of readdirSync(cacheFolder)) {
    const folder = path.join(cacheFolder, entry);
    if (entry !== currentKey && statSync(folder).mtimeMs < dayAgo) rmSync(folder, { recursive: true, force: true });
  }
}
