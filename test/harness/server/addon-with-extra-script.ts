import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A copy of a built add-on directory whose Code.js ends with `script`: a few top-level functions a test runs in
 * the harness sandbox beside the add-on's own, with the real services and their rules. A function declared
 * here with the name of one of the add-on's (onOpen) replaces it, as a later declaration does in a classic
 * script. The caller removes `directory` when done.
 */
export function addonWithExtraScript(builtDirectory: string, script: string): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'addon-variant-'));
  cpSync(builtDirectory, directory, { recursive: true });
  appendFileSync(path.join(directory, 'Code.js'), `\n${script}\n`);
  return directory;
}
