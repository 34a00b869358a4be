import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

// The package is ESM-typed but ships a CommonJS build; jest runs without ESM support, so it is required.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundledChromium = require('@sparticuz/chromium') as { executablePath(): Promise<string> };

const systemCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export interface ChromiumInstall {
  executablePath: string;
  /** Extra environment for the browser process (the bundled build's shared libraries when the system lacks them). */
  env?: Record<string, string>;
}

/**
 * CHROMIUM_PATH, else Debian's Chromium, else the Chromium build that `npm install` brings
 * (@sparticuz/chromium, unpacked to the temp folder on first use), so a fresh clone needs nothing from apt.
 */
export async function findChromium(): Promise<ChromiumInstall> {
  const configured = [process.env.CHROMIUM_PATH, ...systemCandidates].filter((candidate): candidate is string => Boolean(candidate));
  const found = configured.find((candidate) => existsSync(candidate));
  if (found) return { executablePath: found };
  const executablePath = await bundledChromium.executablePath();
  if (systemHasLibrary('libnss3.so')) return { executablePath };
  // The bundled build links against NSS, which a bare Debian lacks; the package ships it for Amazon Linux.
  const libraries = unpackBundledLibraries();
  return {
    executablePath,
    env: { ...stringEnvironment(), LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') },
  };
}

function systemHasLibrary(name: string): boolean {
  try {
    return execFileSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8' }).includes(name);
  } catch {
    return ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'].some((folder) =>
      existsSync(path.join(folder, name)),
    );
  }
}

function unpackBundledLibraries(): string {
  const target = path.join(tmpdir(), 'chromium-al2023');
  const libraries = path.join(target, 'lib');
  if (existsSync(libraries)) return libraries;
  const archive = path.join(path.dirname(require.resolve('@sparticuz/chromium')), '..', '..', 'bin', 'al2023.tar.br');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-x', '-C', target], { input: brotliDecompressSync(readFileSync(archive)) });
  return libraries;
}

function stringEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Headless, with background networking off: this machine's closed network refuses those connections.
 * Playwright gives each launch a fresh temporary profile.
 */
export async function launchChromium(): Promise<Browser> {
  const install = await findChromium();
  return chromium.launch({
    executablePath: install.executablePath,
    env: install.env,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Screenshots go to test-artifacts/, which git ignores. */
export function artifactPath(name: string): string {
  return path.resolve(__dirname, '..', '..', 'test-artifacts', name);
}
